// The phone's position from WeCom's JS-SDK (@wecom/jssdk, loaded only inside WeCom, as its own chunk): register the
// dealer's application with the signatures the API gives for this page (wx.config with the corp's ticket,
// wx.agentConfig with the application's), then `getLocation({ type: 'wgs84' })`. Null when anything is missing or
// refused (no WeCom application at the dealer, a signature WeCom rejects, the person says no, no answer in time):
// the caller then asks the browser. Nothing is fetched from WeCom's CDN; the SDK is part of the app.
import { get, query } from '../api/client';
import type { JsSdkSignatures } from '../api/types';
import type { Position } from './geolocation';

/** One register per page load: the SDK keeps it and configures itself again when the URL changes. */
let registered: Promise<boolean> | null = null;
const signatures = new Map<string, Promise<JsSdkSignatures>>();

/** The signatures of one page URL (wx.config and wx.agentConfig ask for the same URL: one request). */
function signaturesOf(url: string): Promise<JsSdkSignatures> {
  let s = signatures.get(url);
  if (!s) {
    s = get<JsSdkSignatures>(`/wecom/jssdk/signature${query({ url })}`);
    s.catch(() => signatures.delete(url)); // a failure is asked again next time
    signatures.set(url, s);
  }
  return s;
}

async function register(ww: typeof import('@wecom/jssdk')): Promise<boolean> {
  const here = location.href.split('#')[0];
  const first = await signaturesOf(here).catch(() => null);
  if (!first) return false; // no WeCom application at the dealer (409), or WeCom away: the browser's position
  ww.register({
    corpId: first.corpId,
    agentId: first.agentId,
    jsApiList: ['getLocation'],
    getConfigSignature: async (url) => (await signaturesOf(url)).config,
    getAgentConfigSignature: async (url) => (await signaturesOf(url)).agentConfig,
  });
  return true;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** WeCom's position (WGS-84) with its accuracy in metres, or null. */
export async function wecomPosition(timeoutMs: number): Promise<Position | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  const ask = (async () => {
    const ww = await import('@wecom/jssdk');
    registered ??= register(ww).catch(() => false);
    if (!(await registered)) {
      registered = null; // e.g. the API was away: try again on the next check-in
      return null;
    }
    const r = await ww.getLocation({ type: ww.LocationType.wgs84 });
    if (!finite(r.latitude) || !finite(r.longitude) || Math.abs(r.latitude) > 90 || Math.abs(r.longitude) > 180)
      return null;
    return { lat: r.latitude, lng: r.longitude, accuracy: finite(r.accuracy) ? Math.max(0, r.accuracy) : 0 };
  })().catch(() => null);
  try {
    return await Promise.race([ask, late]);
  } finally {
    clearTimeout(timer);
  }
}
