// The web workspace's build (apps/web/dist) served at `/`: hashed assets cached for a year, and index.html
// (no-cache) for every page route outside /api, so /tasks/<id> opens the app. The build leaves a brotli (.br)
// and a gzip (.gz) copy beside each compressible asset (vite-plugin-compression2, apps/web/vite.config.ts):
// a browser that accepts br gets the .br file, else one that accepts gzip the .gz, else the file as it is,
// each with its own type, `Content-Encoding` and `Vary: Accept-Encoding`. API answers are compressed on the
// fly (app.factory.ts).
import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';
import compression from 'compression';

/** apps/web/dist beside the sources (apps/api/src/web → apps/web/dist), or from the working directory (a
 *  compiled build under dist/ runs from the repository root). */
export const WEB_DIST =
  [resolve(__dirname, '..', '..', '..', 'web', 'dist'), resolve(process.cwd(), 'apps', 'web', 'dist')].find((d) =>
    existsSync(join(d, 'index.html')),
  ) ?? resolve(__dirname, '..', '..', '..', 'web', 'dist');

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The precompressed copies the build writes, best first: [Content-Encoding, file suffix]. */
const ENCODINGS: Array<[encoding: string, suffix: string]> = [
  ['br', '.br'],
  ['gzip', '.gz'],
];
/** An asset's name as vite writes it: one level under /assets, no path tricks. */
const ASSET = /^\/assets\/[\w.-]+$/;

export function serveWeb(app: NestExpressApplication, dist = process.env.KAFLOW_WEB_DIST ?? WEB_DIST): boolean {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return false;
  const files = serveStatic(dist, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes(`${join(dist, 'assets')}`) ? IMMUTABLE : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const plain = () =>
      files(req, res, () => {
        // a missing asset is a 404, not the page; any other path is a page route of the app
        if (req.path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(req.path)) return next();
        res.setHeader('Cache-Control', 'no-cache');
        res.sendFile(index);
      });
    if (ASSET.test(req.path) && !req.path.includes('..') && sendEncoded(req, res, join(dist, req.path), plain)) return;
    plain();
  });
  return true;
}

/** Answers under /api (JSON, CSV, the OpenAPI page) of at least 1 KB are compressed as they go out, brotli when
 *  the client accepts it (at quality 4, the `compression` package's default: fast, close to gzip -9), else gzip.
 *  Types that are compressed already (xlsx, images) are left alone. */
export const API_COMPRESSION_THRESHOLD = 1024;

export function compressApi(app: NestExpressApplication): void {
  const compress = compression({ threshold: API_COMPRESSION_THRESHOLD });
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path === '/api' || req.path.startsWith('/api/') ? compress(req, res, next) : next(),
  );
}

/** Sends the best precompressed copy of `file` the request accepts; false (nothing sent) when the asset has no
 *  copies (too small, or not compressible), so it goes out as it is. */
function sendEncoded(req: Request, res: Response, file: string, plain: () => void): boolean {
  const copies = ENCODINGS.filter(([, suffix]) => existsSync(file + suffix));
  if (!copies.length) return false;
  // every answer for this URL depends on Accept-Encoding, the identity one too (for caches between)
  res.vary('Accept-Encoding');
  const chosen = copies.find(([encoding]) => req.acceptsEncodings(encoding) === encoding);
  if (!chosen) return false;
  res.type(extname(file)); // the asset's own type (text/javascript…), not the .br/.gz file's
  res.setHeader('Content-Encoding', chosen[0]);
  res.sendFile(file + chosen[1], { cacheControl: false, headers: { 'Cache-Control': IMMUTABLE } }, (err) => {
    // the copy went missing between the check and the read (a rebuild): the file as it is
    if (err && !res.headersSent) {
      res.removeHeader('Content-Encoding');
      plain();
    }
  });
  return true;
}
