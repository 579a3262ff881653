// Compression: the web build's assets go out as the precompressed brotli or gzip copy the browser accepts (or as
// they are), with their own type, Vary and cache headers; API answers of 1 KB or more are compressed on the fly.
// Read over a raw HTTP connection (supertest would decompress) and decompressed here with node:zlib, then compared
// with the built file itself.
import { readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { WEB_DIST } from '../../apps/api/src/web/web-static';
import { startE2E, type E2E } from '../support/e2e';

let e2e: E2E;
let port: number;
beforeAll(async () => {
  e2e = await startE2E();
  await new Promise<void>((resolve) => e2e.app.getHttpServer().listen(0, '127.0.0.1', () => resolve()));
  port = (e2e.app.getHttpServer().address() as AddressInfo).port;
});
afterAll(async () => {
  await e2e?.stop();
});

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}
/** One GET (or HEAD) with exactly these headers; the body as the bytes that crossed the wire. */
const raw = (path: string, headers: Record<string, string>, method = 'GET') =>
  new Promise<Raw>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });

const entry = () => {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const src = /<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error('no entry script in index.html');
  return src;
};
const vary = (h: IncomingHttpHeaders) => String(h.vary ?? '').toLowerCase();

describe('the web build', () => {
  it('sends a JavaScript asset as brotli, gzip or as it is, by Accept-Encoding, with the same bytes inside', async () => {
    const path = entry();
    const file = readFileSync(join(WEB_DIST, path));
    expect(file.length).toBeGreaterThan(10_000);

    const br = await raw(path, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(vary(br.headers)).toContain('accept-encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(file.length / 2);
    expect(brotliDecompressSync(br.body).equals(file)).toBe(true);

    const gz = await raw(path, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/^text\/javascript/);
    expect(vary(gz.headers)).toContain('accept-encoding');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gz.body.length).toBeLessThan(file.length / 2);
    expect(gunzipSync(gz.body).equals(file)).toBe(true);

    // br refused outright (q=0) while gzip is welcome
    const noBr = await raw(path, { 'Accept-Encoding': 'br;q=0, gzip' });
    expect(noBr.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(noBr.body).equals(file)).toBe(true);

    const asIs: Array<Record<string, string>> = [
      {},
      { 'Accept-Encoding': 'identity' },
      { 'Accept-Encoding': 'deflate' },
    ];
    for (const headers of asIs) {
      const plain = await raw(path, headers);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toMatch(/^text\/javascript/);
      expect(vary(plain.headers)).toContain('accept-encoding');
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.body.equals(file)).toBe(true);
    }

    const head = await raw(path, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
  });

  it('has a brotli and a gzip copy of every JavaScript chunk of 1 KB or more, each decompressing to the chunk', () => {
    const assets = join(WEB_DIST, 'assets');
    const chunks = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const big = chunks.filter((f) => readFileSync(join(assets, f)).length >= 1024);
    expect(big.length).toBeGreaterThan(5);
    for (const f of big) {
      const js = readFileSync(join(assets, f));
      expect(brotliDecompressSync(readFileSync(join(assets, `${f}.br`))).equals(js)).toBe(true);
      expect(gunzipSync(readFileSync(join(assets, `${f}.gz`))).equals(js)).toBe(true);
    }
  });

  it('sends index.html (and the page routes) as no-cache, and a missing asset as a 404', async () => {
    for (const path of ['/', '/login', '/inbox']) {
      const page = await raw(path, { 'Accept-Encoding': 'gzip, br' });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body.toString()).toContain('<div id="root">');
    }
    expect((await raw('/assets/no-such-file.js', { 'Accept-Encoding': 'br' })).status).toBe(404);
  });
});

describe('API answers', () => {
  it('compresses JSON of 1 KB or more (brotli or gzip, as accepted) and leaves small answers alone', async () => {
    const auth = e2e.auth('ka_manager');
    const plain = await raw('/api/docs-json', {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(10_000);
    const doc = JSON.parse(plain.body.toString());

    const br = await raw('/api/docs-json', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^application\/json/);
    expect(vary(br.headers)).toContain('accept-encoding');
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(doc);

    const gz = await raw('/api/docs-json', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString())).toEqual(doc);

    // a list of the dealer's people, as the web app asks for it, signed in
    const usersPlain = await raw('/api/users', { ...auth });
    const users = JSON.parse(usersPlain.body.toString());
    expect(users.items.length).toBeGreaterThan(5);
    const usersBr = await raw('/api/users', { ...auth, 'Accept-Encoding': 'br' });
    if (usersPlain.body.length >= 1024) {
      expect(usersBr.headers['content-encoding']).toBe('br');
      expect(JSON.parse(brotliDecompressSync(usersBr.body).toString())).toEqual(users);
    } else {
      expect(usersBr.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(usersBr.body.toString())).toEqual(users);
    }

    // under the threshold: as it is
    const me = await raw('/api/me', { ...auth, 'Accept-Encoding': 'gzip, br' });
    expect(me.status).toBe(200);
    expect(me.body.length).toBeLessThan(1024);
    expect(me.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(me.body.toString()).username).toBe(e2e.users.ka_manager.username);
  });
});
