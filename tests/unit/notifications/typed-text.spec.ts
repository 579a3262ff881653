// Text people typed, in the messages they read: kept as typed in the plain text (e-mail), escaped in
// the WeCom markdown so that it reads as typed and never becomes a tag, a link or emphasis. Expected
// markdown is written out by hand (CommonMark backslash escapes).
import { markdownText } from '@kaflow/wecom';
import { lossDigestMail, reminderMail } from '../../../activities/src/conversion/conversion-mail';
import { taskDigest, taskMessage } from '../../../activities/src/tasks/task-mail';

const IMG = '<img src=x onerror=alert(1)>';
const PUNCT = `& < > " '`;

describe('markdownText', () => {
  it.each([
    [IMG, '\\<img src=x onerror=alert(1)\\>'],
    ['<b>王</b>', '\\<b\\>王\\</b\\>'],
    ['<font color="warning">急</font>', '\\<font color="warning"\\>急\\</font\\>'],
    [PUNCT, `& \\< \\> " '`],
    ['[点我](http://evil.example)', '\\[点我\\](http://evil.example)'],
    ['**粗** _斜_ `码` ~删~ a|b', '\\*\\*粗\\*\\* \\_斜\\_ \\`码\\` \\~删\\~ a\\|b'],
    ['# 标题\n> 引用\n- 项\n+ 项\n1. 项', '\\# 标题\n\\> 引用\n\\- 项\n\\+ 项\n1\\. 项'],
    ['&lt;b&gt; &#60; & x', '\\&lt;b\\&gt; \\&#60; & x'],
    ['=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")'],
    ['a\\b', 'a\\\\b'],
    ['成都市交通运输局', '成都市交通运输局'],
  ])('%j → %j', (typed, md) => {
    expect(markdownText(typed)).toBe(md);
  });
});

const task = {
  id: '11111111-2222-4333-8444-555555555555',
  kind: 'callback',
  title: `回访：${IMG} 王经理`,
  dueAt: new Date('2026-12-03T10:00:00Z'),
  escalationLevel: 0,
  assigneeRole: 'cs_agent',
};
const zh = { publicUrl: 'http://localhost:3190', timeZone: 'Asia/Shanghai', lang: 'zh-CN' as const };

it('a task message keeps a typed title as typed in the e-mail and escapes it in the markdown', () => {
  const m = taskMessage('assigned', task, zh);
  expect(m.subject).toBe(`【待办】回访：${IMG} 王经理`);
  expect(m.markdown.split('\n')[0]).toBe('**【待办】回访：\\<img src=x onerror=alert(1)\\> 王经理**');
  const d = taskDigest([{ kind: 'assigned', task }], zh);
  expect(d.text).toContain(`1. 回访：${IMG} 王经理`);
  expect(d.markdown).toContain(
    '1. [回访：\\<img src=x onerror=alert(1)\\> 王经理](http://localhost:3190/tasks/11111111-2222-4333-8444-555555555555)',
  );
});

it('conversion messages escape the label and the typed reason, not their own words', () => {
  const r = reminderMail('<b>单位</b> 王', new Date('2026-12-03T10:00:00Z'), 'Asia/Shanghai', 'A', 'http://h/p/1');
  expect(r.subject).toBe('【跟进提醒】<b>单位</b> 王');
  expect(r.markdown.split('\n')[0]).toBe('**【跟进提醒】\\<b\\>单位\\</b\\> 王**');
  const loss = lossDigestMail(
    '2026-12-03',
    '2026-12-02',
    [
      {
        account: IMG,
        contact: '[王](http://x)',
        model: 'A6L',
        quantity: 2,
        fromGrade: 'A',
        consultant: '李*',
        lostAt: new Date('2026-12-02T08:00:00Z'),
        reason: PUNCT,
      },
    ],
    'Asia/Shanghai',
    'en',
  );
  expect(loss.text).toContain(`1. ${IMG} [王](http://x) (A6L × 2, A → F), consultant 李*, `);
  expect(loss.text).toContain(`, reason: ${PUNCT}`);
  expect(loss.markdown).toContain(
    '1. \\<img src=x onerror=alert(1)\\> \\[王\\](http://x) (A6L × 2, A → F), consultant 李\\*, ',
  );
  expect(loss.markdown).toContain(`, reason: & \\< \\> " '`);
  expect(loss.markdown.split('\n')[0]).toBe('**[Lost deals] 2026-12-03 (1)**');
});
