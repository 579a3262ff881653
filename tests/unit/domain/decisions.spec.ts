import { TASK_DECISIONS, checkDecision } from '@kaflow/domain';

describe('checkDecision', () => {
  it('accepts every decision listed for its kind (api.md)', () => {
    expect(TASK_DECISIONS.callback).toEqual(['verified', 'incorrect', 'unreachable', 'denied']);
    expect(checkDecision('callback', { decision: 'verified' })).toEqual([]);
    expect(checkDecision('rectification', { decision: 'fixed' })).toEqual([]);
    expect(checkDecision('plan_review', { decision: 'approve' })).toEqual([]);
  });

  it('refuses a decision the kind does not take, naming the field', () => {
    expect(checkDecision('rectification', { decision: 'verified' })).toEqual([
      { field: 'decision', problem: 'must be one of fixed for a rectification task' },
    ]);
  });

  it('needs a comment to reject, dispute or decline', () => {
    expect(checkDecision('plan_review', { decision: 'reject' })).toEqual([
      { field: 'comment', problem: 'a comment is required with reject' },
    ]);
    expect(checkDecision('target_confirmation', { decision: 'dispute', comment: '  ' })[0].field).toBe('comment');
    expect(checkDecision('training_request', { decision: 'declined', comment: '本月已排满' })).toEqual([]);
  });

  it('lets the director approve a plan short of coverage only with an override note; the GM signs without one', () => {
    const short = { coverageOk: false };
    expect(checkDecision('plan_review', { decision: 'approve' }, short)).toEqual([
      {
        field: 'data.overrideNote',
        problem: 'the plan fails the coverage check: the director approves it only with an explicit override note',
      },
    ]);
    expect(checkDecision('plan_review', { decision: 'approve', data: { overrideNote: ' ' } }, short)[0].field).toBe(
      'data.overrideNote',
    );
    expect(
      checkDecision('plan_review', { decision: 'approve', data: { overrideNote: '差额由一季度补足' } }, short),
    ).toEqual([]);
    expect(checkDecision('plan_review', { decision: 'approve' }, { coverageOk: true })).toEqual([]);
    expect(checkDecision('plan_review', { decision: 'reject', comment: '偏低' }, short)).toEqual([]);
    expect(checkDecision('plan_signoff', { decision: 'approve' }, short)).toEqual([]);
    expect(checkDecision('plan_draft', { decision: 'submit', data: { input: [1] } })[0].field).toBe('data.input');
  });

  it('needs corrections with an incorrect callback', () => {
    expect(checkDecision('callback', { decision: 'incorrect' })[0].field).toBe('data.corrections');
    expect(
      checkDecision('callback', { decision: 'incorrect', data: { corrections: [{ value: 'x' }] } }).map((p) => p.field),
    ).toEqual(['data.corrections[0].field']);
    expect(
      checkDecision('callback', {
        decision: 'incorrect',
        data: { corrections: [{ field: 'contactPhone', value: '13900139000' }] },
      }),
    ).toEqual([]);
  });

  it('checks the items of a daily check', () => {
    expect(
      checkDecision('daily_check', { decision: 'done', data: { items: [{ prospectId: 'p', ok: 'yes' }] } }).map(
        (p) => p.field,
      ),
    ).toEqual(['data.items[0].ok']);
    expect(
      checkDecision('daily_check', {
        decision: 'done',
        data: { items: [{ prospectId: 'p', ok: false, note: '缺电话' }] },
      }),
    ).toEqual([]);
  });
});

describe('lost_analysis decisions (战败分析)', () => {
  it('needs a reason category and lessons; competitor and training request are optional', () => {
    expect(checkDecision('lost_analysis', { decision: 'done', data: {} }).map((p) => p.field)).toEqual([
      'data.reasonCategory',
      'data.lessons',
    ]);
    expect(
      checkDecision('lost_analysis', { decision: 'done', data: { reasonCategory: 'cheap', lessons: 'x' } })[0].field,
    ).toBe('data.reasonCategory');
    expect(
      checkDecision('lost_analysis', {
        decision: 'done',
        data: { reasonCategory: 'competitor', lessons: '报价太慢', competitor: { model: 'X5' } },
      }).map((p) => p.field),
    ).toEqual(['data.competitor.brand']);
    expect(
      checkDecision('lost_analysis', {
        decision: 'done',
        data: {
          reasonCategory: 'competitor',
          lessons: '报价太慢',
          competitor: { brand: 'BMW', model: 'X5' },
          trainingRequest: '竞品对比话术',
        },
      }),
    ).toEqual([]);
    expect(
      checkDecision('lost_analysis', {
        decision: 'done',
        data: { reasonCategory: 'price', lessons: '让利不足', trainingRequest: 3 },
      }).map((p) => p.field),
    ).toEqual(['data.trainingRequest']);
  });
});
