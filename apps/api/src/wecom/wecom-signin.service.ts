// Sign-in inside WeCom (企业微信网页授权, snsapi_base): start → WeCom's authorize page with a state bound to this
// browser (a short-lived signed cookie holding a one-time nonce) → back with a code → auth/getuserinfo gives the
// WeCom user id → the dealer's user linked to it is signed in with the same token as the password login. A state
// is used once, a code is WeCom's to use once; every failure ends on the sign-in page with its reason, never a 500.
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@kaflow/config';
import { AuditLogEntity, UserEntity } from '@kaflow/persistence';
import { InjectConfig } from '../infra/infra.module';
import { WecomApps } from './wecom-apps';

export const STATE_COOKIE = 'kaflow_wecom_state';
export const STATE_TTL_SECONDS = 600;
const log = new Logger('WecomSignin');

/** Why a sign-in ended on the page instead of the app (the page says it in the person's language). */
export type SigninProblem = 'not_configured' | 'state' | 'code' | 'not_linked' | 'unavailable';

/** Only a path of this site: `/tasks/…`, never `//host` or a scheme. */
export const safeNext = (next: unknown): string =>
  typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) && next.length <= 500 ? next : '/';

@Injectable()
export class WecomSigninService {
  constructor(
    private readonly db: DataSource,
    private readonly apps: WecomApps,
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private sign(text: string): string {
    return createHmac('sha256', `wecom-state:${this.config.jwtSecret}`).update(text).digest('base64url');
  }

  private get secureCookie(): boolean {
    return this.config.publicUrl.startsWith('https:');
  }

  cookie(value: string, maxAge: number): string {
    return [
      `${STATE_COOKIE}=${value}`,
      'Path=/api/wecom/oauth',
      `Max-Age=${maxAge}`,
      'HttpOnly',
      'SameSite=Lax',
      ...(this.secureCookie ? ['Secure'] : []),
    ].join('; ');
  }

  /** Where to send the browser, and the cookie that binds the state to it. */
  async start(dealerId: string, next: string): Promise<{ location: string; cookie?: string }> {
    const { app } = await this.apps.of(dealerId);
    if (!app) return { location: this.page({ error: 'not_configured' }) };
    const nonce = randomBytes(18).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + STATE_TTL_SECONDS;
    const body = [nonce, dealerId, String(exp), Buffer.from(safeNext(next)).toString('base64url')].join('.');
    const redirect = `${this.config.publicUrl.replace(/\/+$/, '')}/api/wecom/oauth/return`;
    const q = new URLSearchParams({
      appid: app.corpId,
      redirect_uri: redirect,
      response_type: 'code',
      scope: 'snsapi_base',
      state: nonce,
      agentid: String(app.agentId),
    });
    return {
      location: `${this.apps.config.wecomOAuthBase}/connect/oauth2/authorize?${q}#wechat_redirect`,
      cookie: this.cookie(`${body}.${this.sign(body)}`, STATE_TTL_SECONDS),
    };
  }

  /** Back from WeCom: the page to go to (signed in: the token in the fragment, never in a log). */
  async finish(code: unknown, state: unknown, cookie: string | undefined): Promise<string> {
    const bound = this.readCookie(cookie);
    if (!bound || typeof state !== 'string' || state !== bound.nonce) return this.page({ error: 'state' });
    if (typeof code !== 'string' || !/^[\w-]{1,256}$/.test(code)) return this.page({ error: 'code' });
    try {
      const [fresh] = await this.db.query(
        `INSERT INTO wecom_signin_state (nonce, "dealerId") VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING nonce`,
        [bound.nonce, bound.dealerId],
      );
      if (!fresh) return this.page({ error: 'state' });
      const { app } = await this.apps.of(bound.dealerId);
      if (!app) return this.page({ error: 'not_configured' });
      const wecomUserId = await this.apps.client.userIdOfCode(app, code);
      if (!wecomUserId) return this.page({ error: 'code' });
      const user = await this.db
        .getRepository(UserEntity)
        .findOneBy({ dealerId: bound.dealerId, wecomUserId, active: true });
      if (!user) return this.page({ error: 'not_linked' });
      const token = await this.jwt.signAsync({ sub: user.id, dealerId: user.dealerId, roles: user.roles });
      await this.db.getRepository(AuditLogEntity).save({
        dealerId: bound.dealerId,
        actorUserId: user.id,
        action: 'auth.login_wecom',
        entityType: 'user',
        entityId: user.id,
        detail: { wecomUserId },
      });
      return this.page({ token, next: bound.next });
    } catch (e) {
      log.warn(`WeCom sign-in failed: ${(e as Error)?.message ?? e}`);
      return this.page({ error: 'unavailable' });
    }
  }

  private readCookie(header: string | undefined): { nonce: string; dealerId: string; next: string } | null {
    const raw = (header ?? '')
      .split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${STATE_COOKIE}=`))
      ?.slice(STATE_COOKIE.length + 1);
    const parts = raw?.split('.') ?? [];
    if (parts.length !== 5) return null;
    const [nonce, dealerId, exp, next, mac] = parts;
    const want = Buffer.from(this.sign(parts.slice(0, 4).join('.')));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    if (!(Number(exp) > Date.now() / 1000)) return null;
    return { nonce, dealerId, next: safeNext(Buffer.from(next, 'base64url').toString('utf8')) };
  }

  /** The web app's WeCom sign-in page: it keeps the token and goes on, or says what went wrong. */
  private page(p: { error: SigninProblem } | { token: string; next: string }): string {
    if ('error' in p) return `/wecom/signin?error=${p.error}`;
    return `/wecom/signin#${new URLSearchParams({ token: p.token, next: p.next })}`;
  }
}
