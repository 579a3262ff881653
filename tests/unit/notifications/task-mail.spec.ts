// The task and conversion messages a person reads: the task page link, plain words, dealer-local
// times in the reader's language, the kind said once. Expected texts are written out by hand.
import { lossDigestMail, prospectLink, reminderMail } from '../../../activities/src/conversion/conversion-mail';
import { taskDigest, taskMail, taskMessage, taskTitle } from '../../../activities/src/tasks/task-mail';

const task = {
  id: '11111111-2222-4333-8444-555555555555',
  kind: 'overdue_followup',
  title: '逾期跟进：成都市交通运输局 刘科长（A6L×8，A级）',
  dueAt: new Date('2026-12-03T10:00:00Z'),
  escalationLevel: 0,
  assigneeRole: 'ka_manager',
};
const zh = { publicUrl: 'http://localhost:3190/', timeZone: 'Asia/Shanghai', lang: 'zh-CN' as const };
const en = { ...zh, lang: 'en' as const };
const NO_API = /\bPOST\b|\bGET\b|\bPUT\b|\/api\/|UTC|GMT/;

describe('task messages', () => {
  it('links to the task page and says the kind once (subject and first line)', () => {
    const m = taskMessage('assigned', task, zh);
    expect(m.link).toBe('http://localhost:3190/tasks/11111111-2222-4333-8444-555555555555');
    expect(m.subject).toBe('【待办】逾期跟进：成都市交通运输局 刘科长（A6L×8，A级）');
    expect(m.text.split('\n')).toEqual([
      '顾问未按时跟进该潜客。请督促跟进，并在任务页写明处理情况。',
      '截止时间：2026-12-03（周四）18:00 北京时间',
      '处理人：大用户经理',
      '',
      '打开任务：http://localhost:3190/tasks/11111111-2222-4333-8444-555555555555',
    ]);
    expect(`${m.subject}\n${m.text}`.match(/逾期跟进/g)).toHaveLength(1);
    expect(`${m.subject}\n${m.text}\n${m.markdown}`).not.toMatch(NO_API);
  });

  it('reads in English for an English reader, with the English kind in place of the Chinese prefix', () => {
    const m = taskMessage('escalated', { ...task, escalationLevel: 2, assigneeRole: 'sales_director' }, en);
    expect(m.subject).toBe('[Escalated] Overdue follow-up: 成都市交通运输局 刘科长（A6L×8，A级）');
    expect(m.text).toContain('This task is overdue and has been escalated to you (level 2).');
    expect(m.text).toContain('Due: Thu 3 Dec 2026, 18:00 Beijing time');
    expect(m.text).toContain('For: Sales director');
    expect(m.text).not.toMatch(/[逾期升级处理人]/);
    expect(`${m.subject}\n${m.text}\n${m.markdown}`).not.toMatch(NO_API);
  });

  it('gives every task kind its own plain ask, in both languages', () => {
    const kinds = [
      'callback',
      'rectification',
      'daily_check',
      'plan_draft',
      'plan_review',
      'plan_signoff',
      'target_confirmation',
      'visit_plan',
      'weekly_review',
      'lost_analysis',
      'overdue_followup',
      'training_request',
    ];
    for (const lang of [zh, en]) {
      const asks = kinds.map(
        (kind) => taskMessage('assigned', { ...task, kind, title: 'x' }, lang).text.split('\n')[0],
      );
      expect(new Set(asks).size).toBe(kinds.length);
      for (const a of asks) expect(a).not.toMatch(/截止|Due:|^$/);
    }
  });

  it('keeps a title that does not start with its kind, and the old subject shape for mail tests', () => {
    expect(taskTitle({ kind: 'plan_review', title: '审核年度计划 2027：…' }, 'en')).toBe(
      'Plan review: 审核年度计划 2027：…',
    );
    expect(taskMail('reminder', task, 'http://x').subject).toBe(
      '【提醒】逾期跟进：成都市交通运输局 刘科长（A6L×8，A级）',
    );
    expect(taskMail('reminder', task, 'http://x').text.split('\n')[0]).toBe('该任务即将到期，请尽快处理。');
  });

  it('folds several tasks into one digest, soonest due first, each with its link', () => {
    const a = {
      ...task,
      id: 'a0000000-0000-4000-8000-000000000001',
      title: '逾期跟进：甲',
      dueAt: new Date('2026-12-04T01:00:00Z'),
    };
    const b = {
      ...task,
      id: 'b0000000-0000-4000-8000-000000000002',
      title: '逾期跟进：乙',
      dueAt: new Date('2026-12-03T01:00:00Z'),
    };
    const d = taskDigest(
      [
        { kind: 'assigned', task: a },
        { kind: 'reminder', task: b },
      ],
      zh,
    );
    expect(d.subject).toBe('【待办汇总】您有 2 项任务待处理');
    expect(d.text.split('\n').slice(2)).toEqual([
      '1. ［提醒］逾期跟进：乙',
      '   截止时间：2026-12-03（周四）09:00 北京时间',
      '   http://localhost:3190/tasks/b0000000-0000-4000-8000-000000000002',
      '2. 逾期跟进：甲',
      '   截止时间：2026-12-04（周五）09:00 北京时间',
      '   http://localhost:3190/tasks/a0000000-0000-4000-8000-000000000001',
    ]);
    const e = taskDigest([{ kind: 'assigned', task: a }], en);
    expect(e.subject).toBe('[Tasks] 1 task needs you');
    expect(e.markdown).toContain(
      '[Overdue follow-up: 甲](http://localhost:3190/tasks/a0000000-0000-4000-8000-000000000001)',
    );
  });
});

describe('conversion messages', () => {
  it('the follow-up reminder links to the prospect page, with the local due time and no API path', () => {
    const link = prospectLink('http://localhost:3190', 'p1');
    expect(link).toBe('http://localhost:3190/prospects/p1');
    const m = reminderMail('甲 刘科长（A6L×8，A级）', new Date('2026-12-02T15:59:59Z'), 'Asia/Shanghai', 'A', link);
    expect(m.text).toBe(
      [
        '该潜客（A级）已到跟进时间，请联系客户，并在潜客页面记录本次跟进。',
        '应跟进时间：2026-12-02（周三）23:59 北京时间',
        '',
        '打开潜客：http://localhost:3190/prospects/p1',
      ].join('\n'),
    );
    const e = reminderMail('x', new Date('2026-12-02T15:59:59Z'), 'Asia/Shanghai', 'A', link, 'en');
    expect(e.text).toContain('Due: Wed 2 Dec 2026, 23:59 Beijing time');
    expect(`${m.text}${e.text}`).not.toMatch(NO_API);
  });

  it('the loss digest prints local times and a link per line', () => {
    const line = {
      account: '甲',
      contact: '刘',
      model: 'A6L',
      quantity: 2,
      fromGrade: 'A',
      consultant: '王',
      lostAt: new Date('2026-11-30T17:00:00Z'),
      reason: 'price',
      link: 'http://h/prospects/p1',
    };
    const m = lossDigestMail('2026-12-01', '2026-11-30', [line], 'Asia/Shanghai');
    expect(m.subject).toBe('【战败日报】2026-12-01（1 个战败客户）');
    expect(m.text).toContain('2026-12-01（周二）01:00 北京时间，原因：price');
    expect(m.text).toContain('   http://h/prospects/p1');
  });
});
