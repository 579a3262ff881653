// The WeCom client against a local listener that speaks the documented protocol (started here):
// robot markdown, 45009 and the per-robot limit, access_token caching and its expiry, permanent and
// passing errors. Client and listener share a fake clock so that minutes pass at once.
import { SlidingWindowLimiter, WecomClient, WecomError } from '@kaflow/wecom';
import { startWecomCatcher, type WecomCatcher } from '../../../scripts/wecom-catcher';

let clock = 1_800_000_000_000;
const now = () => clock;
let slept: number[] = [];
const sleep = async (ms: number) => {
  slept.push(ms);
  clock += ms;
};

let wc: WecomCatcher;
beforeEach(async () => {
  slept = [];
  wc = await startWecomCatcher({ port: 0, corpId: 'corp1', corpSecret: 's3cret', tokenTtlSeconds: 7200, now });
});
afterEach(() => wc.close());

const client = (o: Partial<ConstructorParameters<typeof WecomClient>[0]> = {}) =>
  new WecomClient({ apiBase: wc.url, now, sleep, baseDelayMs: 1000, rateLimitedDelayMs: 60_000, ...o });
const control = (path: string, body: object) =>
  fetch(`${wc.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const app = { corpId: 'corp1', secret: 's3cret', agentId: 1000002 };

describe('group robot', () => {
  it('posts the markdown once and resolves on errcode 0', async () => {
    await client().sendRobotMarkdown(`${wc.url}/cgi-bin/webhook/send?key=robot-a`, '**【提醒】回访：甲**');
    expect(wc.messages()).toEqual([
      expect.objectContaining({ channel: 'robot', target: 'robot-a', content: '**【提醒】回访：甲**' }),
    ]);
    expect(slept).toEqual([]);
  });

  it('holds each robot to 20 a minute before sending, so 25 messages meet no 45009', async () => {
    const c = client();
    const hook = `${wc.url}/cgi-bin/webhook/send?key=robot-b`;
    for (let i = 0; i < 25; i++) await c.sendRobotMarkdown(hook, `m${i}`);
    expect(wc.messages().map((m) => m.content)).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`));
    expect(wc.calls['/cgi-bin/webhook/send']).toBe(25);
    expect(slept).toEqual([60_000]); // the 21st waits for the first to leave the minute
  });

  it('backs off on 45009 (another sender used the minute) and delivers once', async () => {
    await control('/__control/fail-next', { path: '/cgi-bin/webhook/send', errcode: 45009, count: 2 });
    const c = client();
    await c.sendRobotMarkdown(`${wc.url}/cgi-bin/webhook/send?key=robot-c`, 'x');
    expect(wc.messages()).toHaveLength(1);
    expect(slept).toEqual([60_000, 60_000]);
    expect(c.stats).toMatchObject({ sent: 1, retries: 2, failed: 0 });
  });

  it('retries a busy answer (-1) with doubling back-off, and gives up after maxAttempts', async () => {
    await control('/__control/fail-next', { path: '/cgi-bin/webhook/send', errcode: -1, count: 9 });
    const c = client({ maxAttempts: 4 });
    await expect(c.sendRobotMarkdown(`${wc.url}/cgi-bin/webhook/send?key=robot-d`, 'x')).rejects.toMatchObject({
      errcode: -1,
      permanent: false,
    });
    expect(slept).toEqual([1000, 2000, 4000]);
    expect(wc.messages()).toHaveLength(0);
    expect(c.stats.failed).toBe(1);
  });

  it('does not retry what cannot pass (a robot without a key)', async () => {
    const err = await client()
      .sendRobotMarkdown(`${wc.url}/cgi-bin/webhook/send`, 'x')
      .catch((e) => e);
    expect(err).toBeInstanceOf(WecomError);
    expect(err).toMatchObject({ errcode: 93000, permanent: true });
    expect(wc.calls['/cgi-bin/webhook/send']).toBe(1);
  });

  it('treats an unreachable robot as passing trouble', async () => {
    const dead = await startWecomCatcher({ port: 0 });
    const url = `${dead.url}/cgi-bin/webhook/send?key=k`;
    await dead.close();
    await expect(client({ maxAttempts: 2 }).sendRobotMarkdown(url, 'x')).rejects.toMatchObject({
      errcode: null,
      permanent: false,
    });
    expect(slept).toEqual([1000]);
  });
});

describe('application messages', () => {
  it('fetches the access_token once and reuses it', async () => {
    const c = client();
    for (const u of ['zhangsan', 'lisi', 'wangwu']) await c.sendAppMarkdown(app, u, `hi ${u}`);
    expect(wc.calls['/cgi-bin/gettoken']).toBe(1);
    expect(wc.messages().map((m) => [m.touser, m.target, m.content])).toEqual([
      ['zhangsan', '1000002', 'hi zhangsan'],
      ['lisi', '1000002', 'hi lisi'],
      ['wangwu', '1000002', 'hi wangwu'],
    ]);
  });

  it('fetches a new token when WeCom says the old one expired (42001), and sends once', async () => {
    const c = client();
    await c.sendAppMarkdown(app, 'zhangsan', 'one');
    await control('/__control/expire-tokens', {});
    await c.sendAppMarkdown(app, 'zhangsan', 'two');
    expect(wc.calls['/cgi-bin/gettoken']).toBe(2);
    expect(wc.calls['/cgi-bin/message/send']).toBe(3); // one, two refused with 42001, two again
    expect(wc.messages().map((m) => m.content)).toEqual(['one', 'two']);
    expect(slept).toEqual([]);
  });

  it('refreshes the token before expires_in runs out', async () => {
    const c = client();
    await c.sendAppMarkdown(app, 'zhangsan', 'one');
    clock += 7200_000 - 30_000; // inside the last minute of the token's life
    await c.sendAppMarkdown(app, 'zhangsan', 'two');
    expect(wc.calls['/cgi-bin/gettoken']).toBe(2);
    expect(wc.calls['/cgi-bin/message/send']).toBe(2);
  });

  it('stops at once on a wrong secret (40001) without sending', async () => {
    const err = await client()
      .sendAppMarkdown({ ...app, secret: 'wrong' }, 'zhangsan', 'x')
      .catch((e) => e);
    expect(err).toMatchObject({ errcode: 40001, permanent: true });
    expect(wc.calls['/cgi-bin/gettoken']).toBe(1);
    expect(wc.calls['/cgi-bin/message/send']).toBeUndefined();
  });
});

describe('SlidingWindowLimiter', () => {
  it('lets `limit` takes through per window and serves waiters in order', async () => {
    const times: number[] = [];
    const l = new SlidingWindowLimiter(3, 60_000, now, sleep);
    const start = clock;
    await Promise.all(Array.from({ length: 7 }, () => l.take('k').then(() => times.push(clock - start))));
    expect(times).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
    await l.take('other');
    expect(times).toHaveLength(7);
  });
});
