// Which decisions a WeCom card carries as buttons, the card's task id, and the card's shape (WeCom's limits).
import { cardDecisions } from '@kaflow/domain';
import { buttonCard, cardTaskId, taskOfCard } from '@kaflow/wecom';

describe('cardDecisions', () => {
  it('offers only decisions that need nothing but the click', () => {
    expect(cardDecisions('plan_review', { coverageOk: true })).toEqual(['approve']);
    expect(cardDecisions('plan_review', { coverageOk: null })).toEqual(['approve']);
    // a plan that fails its check is approved only with the override note: the page, not a button
    expect(cardDecisions('plan_review', { coverageOk: false })).toEqual([]);
    expect(cardDecisions('plan_signoff', {})).toEqual(['approve']);
    expect(cardDecisions('target_confirmation', {})).toEqual(['confirm']);
    expect(cardDecisions('rectification', {})).toEqual(['fixed']);
    expect(cardDecisions('daily_check', {})).toEqual(['done']);
    for (const kind of ['callback', 'plan_draft', 'weekly_review', 'lost_analysis', 'overdue_followup', 'nope'])
      expect(cardDecisions(kind, {})).toEqual([]);
  });
});

describe('the card', () => {
  const task = '0b6f3c1e-6a0d-4c55-9b1a-2f7d9c3e4a10';

  it("names its task, differs per message, and keeps to WeCom's task_id alphabet and length", () => {
    const a = cardTaskId(task, `task:${task}:assigned:wecom_app:u1`);
    const b = cardTaskId(task, `task:${task}:reminder:wecom_app:u1`);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^kf_0b6f3c1e6a0d4c559b1a2f7d9c3e4a10_[0-9a-f]{12}$/);
    expect(a.length).toBeLessThanOrEqual(128);
    expect(taskOfCard(a)).toBe(task);
    expect(taskOfCard('kf_zz')).toBeNull();
    expect(taskOfCard(`${a}x`)).toBeNull();
  });

  it('is a button_interaction card with one button per decision and a link button, within the limits', () => {
    const card = buttonCard(
      {
        title: '计划审核：'.padEnd(60, '长'),
        head: '【待办】',
        ask: '请审核该计划。',
        lines: [{ key: '截止时间很长的', value: '12月20日 18:00' }],
        link: 'https://kaflow.example/tasks/x?wecom=1&dealer=d',
        linkText: '打开任务',
        buttons: [{ key: 'approve', text: '批准' }],
      },
      'kf_1',
    ) as any;
    expect(card.card_type).toBe('button_interaction');
    expect(card.task_id).toBe('kf_1');
    expect(card.main_title.title).toHaveLength(36);
    expect(card.horizontal_content_list[0].keyname).toHaveLength(5);
    expect(card.button_list).toEqual([
      { type: 0, text: '批准', style: 1, key: 'approve' },
      { type: 1, text: '打开任务', style: 2, url: 'https://kaflow.example/tasks/x?wecom=1&dealer=d' },
    ]);
    expect(card.card_action).toEqual({ type: 1, url: 'https://kaflow.example/tasks/x?wecom=1&dealer=d' });
  });
});
