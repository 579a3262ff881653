// Where the phone is, for a visit check-in (走访签到): the one place the web asks for a position.
// Now: the browser's `navigator.geolocation` (GPS, WGS-84). Inside WeCom (user agent `wxwork`, see lib/wecom.ts)
// the JS-SDK's `wx.getLocation({ type: 'wgs84', success, fail })` is the place to plug in, after `wx.config` with
// the dealer's signed jsapi ticket: call it in `currentPosition` and map { latitude, longitude, accuracy } the
// same way. Refusal, no sensor or a timeout answer null: the check-in
// is still recorded, marked "no position". KA Flow fetches no map tiles; `mapLink` only builds a link.

export interface Position {
  /** WGS-84 degrees. */
  lat: number;
  lng: number;
  /** Metres (the radius the browser reports). */
  accuracy: number;
}

/** The phone's position, or null when it is refused, unavailable or takes longer than `timeoutMs`. */
export function currentPosition(timeoutMs = 10_000): Promise<Position | null> {
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
