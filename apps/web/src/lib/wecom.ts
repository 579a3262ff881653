// Inside WeCom (企业微信) a page signs the person in through WeCom instead of the password form: a page opened
// in WeCom's browser (its user agent says wxwork) or from a WeCom link (?wecom=1&dealer=…) goes to the API's
// WeCom sign-in start, which comes back to /wecom/signin and then to the page. Outside WeCom nothing changes.
const DEALER_KEY = 'kaflow.wecomDealer';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the page runs in WeCom's own browser (its user agent names wxwork), where the JS-SDK answers. */
export const inWecomBrowser = (userAgent = typeof navigator === 'undefined' ? '' : navigator.userAgent) =>
  /wxwork/i.test(userAgent);

/** The path and query without the WeCom entry's own parameters. */
function withoutEntry(path: string, search: string): string {
  const q = new URLSearchParams(search);
  q.delete('wecom');
  q.delete('dealer');
  const rest = q.toString();
  return `${path}${rest ? `?${rest}` : ''}`;
}

/** Where to go to sign in through WeCom, or null (not in WeCom, no dealer known, or the password asked for). */
export function wecomSigninUrl(loc: { pathname: string; search: string }, userAgent = navigator.userAgent) {
  const q = new URLSearchParams(loc.search);
  if (q.get('password') === '1') return null;
  const fromLink = q.get('wecom') === '1';
  const linkDealer = q.get('dealer');
  if (linkDealer && UUID.test(linkDealer)) localStorage.setItem(DEALER_KEY, linkDealer);
  if (!fromLink && !inWecomBrowser(userAgent)) return null;
  const dealer = localStorage.getItem(DEALER_KEY);
  if (!dealer || !UUID.test(dealer)) return null;
  let next = withoutEntry(loc.pathname, loc.search);
  if (next.startsWith('/login')) next = new URLSearchParams(loc.search).get('next') ?? '/inbox';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/wecom')) next = '/inbox';
  return `/api/wecom/oauth/start?${new URLSearchParams({ dealer, next })}`;
}
