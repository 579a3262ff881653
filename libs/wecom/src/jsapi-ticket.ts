// The JS-SDK's tickets and signatures (JS-SDK使用权限签名算法), so that a KA Flow page inside WeCom may call the
// JS-SDK (getLocation for a visit check-in). Two tickets per application, each good for `expires_in` seconds
// (7200) and fetched sparingly (WeCom limits how often): the corp's jsapi_ticket (`get_jsapi_ticket`, for
// wx.config) and the application's (`ticket/get?type=agent_config`, for wx.agentConfig). They are cached per
// application like the access token, a minute short of their life, one fetch at a time. A signature is the sha1 of
// `jsapi_ticket=T&noncestr=N&timestamp=S&url=U` (U without its `#…`), computed by @wecom/jssdk's own
// `getSignature`, so the page's SDK and this server share one implementation of WeCom's rule.
import { getSignature } from '@wecom/jssdk';
import { appKey, TRANSIENT, WecomError, type WecomApp, type WecomClient } from './wecom-client';

export type TicketKind = 'corp' | 'agent';

/** What wx.config / wx.agentConfig take: the timestamp (seconds), the nonce and the signature. */
export interface JsSdkSignature {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

const CALLS: Record<TicketKind, { path: string; query: Record<string, string> }> = {
  corp: { path: 'get_jsapi_ticket', query: {} },
  agent: { path: 'ticket/get', query: { type: 'agent_config' } },
};

/** Printable ASCII, no spaces: what a ticket, a nonce and a page URL (as a browser reports it) consist of. */
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * The signature of `url` with `ticket`. Every value must be printable ASCII: the SDK's sha1 reads each character
 * as one byte, which equals WeCom's sha1 of the UTF-8 bytes only for ASCII (a page URL is percent-encoded).
 */
export function jsapiSignature(ticket: string, url: string, timestamp: number, nonceStr: string): JsSdkSignature {
  const page = url.split('#')[0];
  for (const [name, v] of Object.entries({ ticket, url: page, nonceStr }))
    if (!PRINTABLE.test(v)) throw new RangeError(`${name} must be printable ASCII without spaces`);
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0) throw new RangeError('timestamp must be whole seconds');
  const s = getSignature({ ticket, url: page, timestamp, nonceStr });
  return { timestamp, nonceStr, signature: s.signature };
}

export class JsapiTickets {
  private readonly cache = new Map<string, { ticket: string; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly client: WecomClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** The application's ticket of this kind: cached while it lives, else fetched (once for concurrent callers). */
  async ticket(app: WecomApp, kind: TicketKind): Promise<string> {
    const key = `${kind}\u0000${appKey(app)}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.ticket;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.fetch(app, kind, key).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  /** Both signatures a page needs for `url` (wx.config with the corp's ticket, wx.agentConfig with the app's). */
  async sign(
    app: WecomApp,
    url: string,
    timestamp: number,
    nonceStr: string,
  ): Promise<{ config: JsSdkSignature; agentConfig: JsSdkSignature }> {
    const [corp, agent] = await Promise.all([this.ticket(app, 'corp'), this.ticket(app, 'agent')]);
    return {
      config: jsapiSignature(corp, url, timestamp, nonceStr),
      agentConfig: jsapiSignature(agent, url, timestamp, nonceStr),
    };
  }

  private async fetch(app: WecomApp, kind: TicketKind, key: string): Promise<string> {
    const { path, query } = CALLS[kind];
    const answer = await this.client.appGet(app, path, query);
    const ticket = answer.ticket;
    if (answer.errcode !== 0 || typeof ticket !== 'string' || !PRINTABLE.test(ticket)) {
      const code = answer.errcode ?? null;
      throw new WecomError(`${path}: ${code} ${answer.errmsg ?? ''}`.trim(), code, !TRANSIENT.has(code ?? -1));
    }
    const life = Number(answer.expires_in ?? 7200);
    const ttlMs = Math.max(0, (Number.isFinite(life) ? life : 7200) - 60) * 1000;
    this.cache.set(key, { ticket, expiresAt: this.now() + ttlMs });
    return ticket;
  }
}
