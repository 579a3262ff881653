// The JS-SDK's signatures for a page of KA Flow opened inside WeCom (wx.config and wx.agentConfig, so the page may
// call getLocation for a visit check-in). Only a page on KA Flow's own public address is signed (a signature for
// another site would let that site use the dealer's WeCom application); the tickets are the caller's dealer's
// application's, cached until they expire (libs/wecom/src/jsapi-ticket.ts).
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@kaflow/config';
import { Clock } from '@kaflow/domain';
import { WecomError, type JsSdkSignature } from '@kaflow/wecom';
import type { AuthUser } from '../common/auth-user';
import { badRequest, conflict, unavailable } from '../common/domain-error';
import { InjectConfig } from '../infra/infra.module';
import { WecomApps } from './wecom-apps';

export interface JsSdkSignatures {
  corpId: string;
  agentId: number;
  /** The URL signed: the page's, without its fragment. */
  url: string;
  config: JsSdkSignature;
  agentConfig: JsSdkSignature;
}

const NOT_SET_UP =
  'your dealer has no WeCom application set up (corp id, agent id and secret), so the page cannot use the ' +
  "WeCom JS-SDK; it uses the browser's position instead";

@Injectable()
export class WecomJsSdkService {
  constructor(
    private readonly apps: WecomApps,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async signatures(user: AuthUser, url: string): Promise<JsSdkSignatures> {
    const page = this.pageOf(url);
    const { app } = await this.apps.of(user.dealerId);
    if (!app) throw conflict(NOT_SET_UP);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const nonceStr = randomBytes(12).toString('hex');
    try {
      const signed = await this.apps.tickets.sign(app, page, timestamp, nonceStr);
      return { corpId: app.corpId, agentId: app.agentId, url: page, ...signed };
    } catch (e) {
      if (!(e instanceof WecomError)) throw e;
      if (e.permanent)
        throw conflict(
          `WeCom refused the JS-SDK ticket of your dealer's application (${e.errcode ?? e.message}): ` +
            'check its corp id, agent id and secret',
        );
      throw unavailable(`WeCom did not give a JS-SDK ticket now (${e.message}); try again`, 'wecom');
    }
  }

  /** The URL without its fragment, when it is a page of this KA Flow; a 400 naming `url` otherwise. */
  private pageOf(url: string): string {
    const home = new URL(this.config.publicUrl);
    const base = `${home.origin}${home.pathname.replace(/\/+$/, '')}/`;
    const page = url.split('#')[0];
    let parsed: URL | null;
    try {
      parsed = /^[\x21-\x7e]+$/.test(page) ? new URL(page) : null;
    } catch {
      parsed = null;
    }
    if (!parsed || parsed.username || parsed.password || !`${parsed.origin}${parsed.pathname}`.startsWith(base))
      throw badRequest([{ field: 'url', problem: `must be the address of a KA Flow page, starting with ${base}` }]);
    return page;
  }
}
