// The shapes of the notification settings and preferences, checked field by field (pure; 400s name the field).
import { ROLES, type FieldProblem } from '@kaflow/domain';
import { isEncodingAesKey } from '@kaflow/wecom';

export const CHANNELS = ['email', 'wecom'] as const;
export const LANGS = ['zh-CN', 'en'] as const;
const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;

export interface PreferencesPatch {
  notifyChannels?: string[] | null;
  messageLang?: string | null;
  wecomUserId?: string | null;
}

export interface RobotInput {
  role: string;
  webhookUrl?: string;
  webhookUrlEnv?: string;
}
export interface AppInput {
  corpId: string;
  agentId: number;
  secret?: string;
  secretEnv?: string;
  /** The callback's Token and EncodingAESKey (WeCom's "接收消息" settings); sealed when stored. */
  callbackToken?: string;
  encodingAesKey?: string;
}
export interface SettingsInput {
  defaults?: { channels?: string[]; lang?: string };
  wecom?: { robots?: RobotInput[]; app?: AppInput | null };
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function channels(field: string, v: unknown, problems: FieldProblem[]): void {
  if (!Array.isArray(v) || v.length === 0 || v.some((c) => !CHANNELS.includes(c)) || new Set(v).size !== v.length) {
    problems.push({ field, problem: `must be a non-empty list of ${CHANNELS.join(', ')} without repeats` });
  }
}

function unknownKeys(field: string, v: Record<string, unknown>, allowed: string[], problems: FieldProblem[]) {
  for (const k of Object.keys(v))
    if (!allowed.includes(k)) problems.push({ field: field ? `${field}.${k}` : k, problem: 'is not a known field' });
}

export function checkPreferences(body: unknown): { value: PreferencesPatch; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isObj(body)) return { value: {}, problems: [{ field: 'body', problem: 'must be an object' }] };
  unknownKeys('', body, ['notifyChannels', 'messageLang', 'wecomUserId'], problems);
  if (body.notifyChannels !== undefined && body.notifyChannels !== null)
    channels('notifyChannels', body.notifyChannels, problems);
  if (body.messageLang !== undefined && body.messageLang !== null && !LANGS.includes(body.messageLang)) {
    problems.push({ field: 'messageLang', problem: `must be one of ${LANGS.join(', ')}` });
  }
  const w = body.wecomUserId;
  if (w !== undefined && w !== null && (typeof w !== 'string' || !/^[\w.@-]{1,64}$/.test(w))) {
    problems.push({ field: 'wecomUserId', problem: 'must be a WeCom user id (letters, digits, _ . @ -, up to 64)' });
  }
  return { value: body as PreferencesPatch, problems };
}

function httpUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 500) return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

export function checkSettings(body: unknown): { value: SettingsInput; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isObj(body)) return { value: {}, problems: [{ field: 'body', problem: 'must be an object' }] };
  unknownKeys('', body, ['defaults', 'wecom'], problems);
  if (body.defaults !== undefined) {
    if (!isObj(body.defaults)) problems.push({ field: 'defaults', problem: 'must be an object' });
    else {
      unknownKeys('defaults', body.defaults, ['channels', 'lang'], problems);
      if (body.defaults.channels !== undefined) channels('defaults.channels', body.defaults.channels, problems);
      if (body.defaults.lang !== undefined && !LANGS.includes(body.defaults.lang))
        problems.push({ field: 'defaults.lang', problem: `must be one of ${LANGS.join(', ')}` });
    }
  }
  const w = body.wecom;
  if (w !== undefined) {
    if (!isObj(w)) problems.push({ field: 'wecom', problem: 'must be an object' });
    else {
      unknownKeys('wecom', w, ['robots', 'app'], problems);
      if (w.robots !== undefined) {
        if (!Array.isArray(w.robots) || w.robots.length > 50)
          problems.push({ field: 'wecom.robots', problem: 'must be a list of { role, webhookUrl } (up to 50)' });
        else {
          const seen = new Set<string>();
          w.robots.forEach((r: unknown, i: number) => {
            const f = `wecom.robots[${i}]`;
            if (!isObj(r)) return problems.push({ field: f, problem: 'must be an object' });
            unknownKeys(f, r, ['role', 'webhookUrl', 'webhookUrlEnv'], problems);
            if (!ROLES.includes(r.role))
              problems.push({ field: `${f}.role`, problem: `must be one of ${ROLES.join(', ')}` });
            else if (seen.has(r.role)) problems.push({ field: `${f}.role`, problem: 'has a robot already' });
            seen.add(r.role);
            if (r.webhookUrl !== undefined && !httpUrl(r.webhookUrl))
              problems.push({ field: `${f}.webhookUrl`, problem: 'must be an http(s) URL up to 500 characters' });
            if (
              r.webhookUrlEnv !== undefined &&
              (typeof r.webhookUrlEnv !== 'string' || !ENV_NAME.test(r.webhookUrlEnv))
            ) {
              problems.push({
                field: `${f}.webhookUrlEnv`,
                problem: 'must be an environment variable name (A-Z, 0-9, _)',
              });
            }
            if (r.webhookUrl !== undefined && r.webhookUrlEnv !== undefined)
              problems.push({ field: `${f}.webhookUrl`, problem: 'give webhookUrl or webhookUrlEnv, not both' });
          });
        }
      }
      const a = w.app;
      if (a !== undefined && a !== null) {
        if (!isObj(a)) problems.push({ field: 'wecom.app', problem: 'must be an object or null' });
        else {
          unknownKeys(
            'wecom.app',
            a,
            ['corpId', 'agentId', 'secret', 'secretEnv', 'callbackToken', 'encodingAesKey'],
            problems,
          );
          if (typeof a.corpId !== 'string' || !/^[\w-]{1,64}$/.test(a.corpId))
            problems.push({ field: 'wecom.app.corpId', problem: 'must be the corp id (up to 64 letters and digits)' });
          if (!Number.isInteger(a.agentId) || a.agentId <= 0 || a.agentId > 2 ** 31)
            problems.push({ field: 'wecom.app.agentId', problem: 'must be a positive whole number' });
          if (a.secret !== undefined && (typeof a.secret !== 'string' || a.secret.length < 1 || a.secret.length > 256))
            problems.push({ field: 'wecom.app.secret', problem: 'must be text up to 256 characters' });
          if (a.secretEnv !== undefined && (typeof a.secretEnv !== 'string' || !ENV_NAME.test(a.secretEnv)))
            problems.push({
              field: 'wecom.app.secretEnv',
              problem: 'must be an environment variable name (A-Z, 0-9, _)',
            });
          if (a.secret !== undefined && a.secretEnv !== undefined)
            problems.push({ field: 'wecom.app.secret', problem: 'give secret or secretEnv, not both' });
          if (
            a.callbackToken !== undefined &&
            (typeof a.callbackToken !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(a.callbackToken))
          )
            problems.push({
              field: 'wecom.app.callbackToken',
              problem: 'must be the Token: up to 32 letters and digits',
            });
          if (a.encodingAesKey !== undefined && !isEncodingAesKey(a.encodingAesKey))
            problems.push({
              field: 'wecom.app.encodingAesKey',
              problem: 'must be the EncodingAESKey: 43 letters and digits',
            });
        }
      }
    }
  }
  return { value: body as SettingsInput, problems };
}
