// Where the phone is, for a visit check-in (走访签到): the one place the web asks for a position. Inside WeCom (its
// browser says wxwork, see lib/wecom.ts) WeCom's JS-SDK is asked first (lib/wecom-location.ts: getLocation,
// WGS-84, with the dealer's signed tickets); when that fails or is refused, and everywhere else, the browser's
// `navigator.geolocation` (GPS, WGS-84). Refusal, no sensor or a timeout answer null: the check-in is still
// recorded, marked "no position". KA Flow fetches no map tiles; `mapLink` only builds a link.
import { inWecomBrowser } from './wecom';

export interface Position {
  /** WGS-84 degrees. */
  lat: number;
  lng: number;
  /** Metres (the radius the browser reports). */
  accuracy: number;
}

/** The phone's position, or null when it is refused, unavailable or takes longer than `timeoutMs` (per source). */
export async function currentPosition(timeoutMs = 10_000): Promise<Position | null> {
  if (inWecomBrowser()) {
    const { wecomPosition } = await import('./wecom-location');
    const p = await wecomPosition(timeoutMs);
    if (p) return p;
  }
  return browserPosition(timeoutMs);
}

/** The browser's own geolocation (navigator.geolocation). */
function browserPosition(timeoutMs: number): Promise<Position | null> {
  const geo = typeof navigator === 'undefined' ? undefined : navigator.geolocation;
  if (!geo) return Promise.resolve(null);
  return new Promise((resolve) => {
    // a browser that never answers (a permission prompt left open) still lets the check-in go on
    const timer = setTimeout(() => resolve(null), timeoutMs + 1_000);
    geo.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.max(0, p.coords.accuracy) });
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/**
 * A link that opens the position on Amap (高德地图)'s marker page. The phone gives WGS-84 (GPS); Amap draws in
 * GCJ-02, so `coordinate=wgs84` asks Amap to convert (without it the pin is off by some hundred metres in China).
 */
export const mapLink = (p: { lat: number; lng: number }, name?: string): string =>
  `https://uri.amap.com/marker?position=${p.lng},${p.lat}&coordinate=wgs84` +
  (name ? `&name=${encodeURIComponent(name)}` : '') +
  '&src=kaflow&callnative=0';
