// WeCom (企业微信) sending: group robots (webhook markdown) and application messages to one user
// (corp id + secret → access_token, message/send). The token is cached until it expires or WeCom
// says it is stale (42001 expired, 40014 invalid, 40001 bad credential); each robot is held to its
// 20 messages a minute before sending; errors that can pass (45009, -1 busy, HTTP or network
// failures) are retried with back-off. Only fetch and timers: no database, no framework.
import { SlidingWindowLimiter } from './rate-limit';

export const WECOM_API = 'https://qyapi.weixin.qq.com';
export const ROBOT_PER_MINUTE = 20;

export interface WecomApp {
  corpId: string;
  secret: string;
  agentId: number;
}

export class WecomError extends Error {
  constructor(
    message: string,
    readonly errcode: number | null,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'WecomError';
  }
}

export interface WecomClientOptions {
  /** Base of the application API (a local listener in tests and the demo). */
  apiBase?: string;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per message before giving up (the caller may try again later). */
  maxAttempts?: number;
  /** First back-off; doubles per try, capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Wait after 45009 (the robot's minute is used up). */
  rateLimitedDelayMs?: number;
  robotPerMinute?: number;
  timeoutMs?: number;
}

/** What WeCom answers: errcode (0 is success) and errmsg, then each API's own fields. */
export interface Answer {
  [field: string]: unknown;
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

export const TOKEN_STALE = new Set([42001, 40014, 40001]);
/** Errors that can pass: WeCom busy, a frequency limit. */
export const TRANSIENT = new Set([-1, 45009, 45033]);

export class WecomClient {
  private readonly o: Required<Omit<WecomClientOptions, 'fetch'>> & { fetch: typeof fetch };
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly pendingTokens = new Map<string, Promise<string>>();
  private readonly limiter: SlidingWindowLimiter;
  /** Messages sent, errors seen: for the admin's status line. */
  readonly stats = { sent: 0, retries: 0, failed: 0, tokenFetches: 0, lastRetryReason: '' };

  constructor(options: WecomClientOptions = {}) {
    this.o = {
      apiBase: WECOM_API,
      fetch: globalThis.fetch,
      now: Date.now,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      maxAttempts: 5,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      rateLimitedDelayMs: 60_000,
      robotPerMinute: ROBOT_PER_MINUTE,
      timeoutMs: 10_000,
      ...options,
    } as WecomClient['o'];
    this.limiter = new SlidingWindowLimiter(this.o.robotPerMinute, 60_000, this.o.now, this.o.sleep);
  }

  /** Sends markdown to a group robot. Resolves when WeCom answered errcode 0. */
  async sendRobotMarkdown(webhookUrl: string, content: string): Promise<void> {
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { content } });
    await this.withRetry(async () => {
      await this.limiter.take(robotKey(webhookUrl));
      return this.post(webhookUrl, body);
    });
  }

  /** Sends markdown as an application message to one WeCom user id. */
  async sendAppMarkdown(app: WecomApp, toUser: string, content: string): Promise<void> {
    await this.appPost(app, 'message/send', {
      touser: toUser,
      msgtype: 'markdown',
      agentid: app.agentId,
      markdown: { content },
    });
  }

  /** Sends a template card (模板卡片, e.g. `button_interaction`) as an application message to one WeCom user id. */
  async sendAppCard(app: WecomApp, toUser: string, templateCard: Record<string, unknown>): Promise<void> {
    await this.appPost(app, 'message/send', {
      touser: toUser,
      msgtype: 'template_card',
      agentid: app.agentId,
      template_card: templateCard,
    });
  }

  /**
   * Updates the card a person clicked (更新模版卡片消息) with the event's response code: its buttons give way to
   * `replaceName`, which says what happened. A response code is good once, for 72 hours.
   */
  async updateCardButton(app: WecomApp, userId: string, responseCode: string, replaceName: string): Promise<void> {
    await this.appPost(app, 'message/update_template_card', {
      userids: [userId],
      agentid: app.agentId,
      response_code: responseCode,
      button: { replace_name: replaceName },
    });
  }

  /**
   * The WeCom user id behind an OAuth code (网页授权, auth/getuserinfo); null for a code WeCom refuses (used,
   * expired, or not a member: 40029, or no userid in the answer). One try: a code is good once.
   */
  async userIdOfCode(app: WecomApp, code: string): Promise<string | null> {
    const answer = (await this.appGet(app, 'auth/getuserinfo', { code })) as Answer & {
      userid?: string;
      UserId?: string;
    };
    if (answer.errcode !== 0) {
      if (TRANSIENT.has(answer.errcode ?? -1))
        throw new WecomError(`getuserinfo: ${answer.errcode}`, answer.errcode ?? null, false);
      return null;
    }
    const id = answer.userid ?? answer.UserId;
    return typeof id === 'string' && id ? id : null;
  }

  /**
   * One GET of the application API with the access token (`/cgi-bin/<path>?access_token=…&…query`), as WeCom
   * answered it; a token WeCom calls stale is dropped and the call made once more with a new one. No other retry:
   * the caller decides what an error means.
   */
  async appGet(app: WecomApp, path: string, query: Record<string, string> = {}): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const q = new URLSearchParams({ access_token: await this.token(app), ...query });
      const answer = await this.request(`${this.o.apiBase}/cgi-bin/${path}?${q}`, { method: 'GET' });
      if (!TOKEN_STALE.has(answer.errcode ?? 0) || attempt === 2) return answer;
      this.tokens.delete(appKey(app));
    }
  }

  private async appPost(app: WecomApp, path: string, payload: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(payload);
    await this.withRetry(async () => {
      const token = await this.token(app);
      const answer = await this.post(
        `${this.o.apiBase}/cgi-bin/${path}?access_token=${encodeURIComponent(token)}`,
        body,
      );
      if (TOKEN_STALE.has(answer.errcode ?? 0)) this.tokens.delete(appKey(app));
      return answer;
    });
  }

  private async token(app: WecomApp): Promise<string> {
    const key = appKey(app);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.o.now()) return cached.token;
    let pending = this.pendingTokens.get(key);
    if (!pending) {
      pending = this.fetchToken(app).finally(() => this.pendingTokens.delete(key));
      this.pendingTokens.set(key, pending);
    }
    return pending;
  }

  private async fetchToken(app: WecomApp): Promise<string> {
    this.stats.tokenFetches += 1;
    const credentials = `corpid=${encodeURIComponent(app.corpId)}&corpsecret=${encodeURIComponent(app.secret)}`;
    const url = `${this.o.apiBase}/cgi-bin/gettoken?${credentials}`;
    const answer = await this.request(url, { method: 'GET' });
    if (answer.errcode !== 0 || !answer.access_token) {
      throw new WecomError(
        `gettoken: ${answer.errcode} ${answer.errmsg ?? ''}`.trim(),
        answer.errcode ?? null,
        !TRANSIENT.has(answer.errcode ?? -1),
      );
    }
    // Refresh a minute early so that a token never lapses in flight.
    const ttlMs = Math.max(0, (answer.expires_in ?? 7200) - 60) * 1000;
    this.tokens.set(appKey(app), { token: answer.access_token, expiresAt: this.o.now() + ttlMs });
    return answer.access_token;
  }

  private post(url: string, body: string): Promise<Answer> {
    return this.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  }

  private async request(url: string, init: RequestInit): Promise<Answer> {
    let res: Response;
    try {
      res = await this.o.fetch(url, { ...init, signal: AbortSignal.timeout(this.o.timeoutMs) });
    } catch (e) {
      throw new WecomError(`network: ${(e as Error).message}`, null, false);
    }
    if (!res.ok) throw new WecomError(`HTTP ${res.status}`, null, res.status < 500 && res.status !== 429);
    try {
      return (await res.json()) as Answer;
    } catch {
      throw new WecomError('answer is not JSON', null, false);
    }
  }

  /** Runs one send until errcode 0, backing off on what can pass; throws WecomError otherwise. */
  private async withRetry(send: () => Promise<Answer>): Promise<void> {
    let last: WecomError | undefined;
    for (let attempt = 1; attempt <= this.o.maxAttempts; attempt++) {
      let delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
      try {
        const a = await send();
        if (a.errcode === 0) {
          this.stats.sent += 1;
          return;
        }
        const code = a.errcode ?? -1;
        const stale = TOKEN_STALE.has(code);
        last = new WecomError(`${code} ${a.errmsg ?? ''}`.trim(), code, !stale && !TRANSIENT.has(code));
        if (stale) delay = 0; // a new token is fetched on the next try
        if (code === 45009) delay = this.o.rateLimitedDelayMs;
      } catch (e) {
        if (!(e instanceof WecomError)) throw e;
        last = e;
      }
      if (last.permanent || attempt === this.o.maxAttempts) break;
      this.stats.retries += 1;
      this.stats.lastRetryReason = last.message;
      if (delay > 0) await this.o.sleep(delay);
    }
    this.stats.failed += 1;
    throw last!;
  }
}

/** The robot's key names it (the webhook URL's `key`), so limits hold per robot. */
function robotKey(webhookUrl: string): string {
  try {
    const u = new URL(webhookUrl);
    return u.searchParams.get('key') ?? webhookUrl;
  } catch {
    return webhookUrl;
  }
}

/** One application: its corp, agent and secret (caches hold per application). */
export const appKey = (app: WecomApp) => `${app.corpId}\u0000${app.agentId}\u0000${app.secret}`;
