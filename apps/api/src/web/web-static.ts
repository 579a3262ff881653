// The web workspace's build (apps/web/dist) served at `/`: files as they are (hashed assets cached
// for a year), and index.html for every page route outside /api, so /tasks/<id> opens the app.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';

/** apps/web/dist beside the sources (apps/api/src/web → apps/web/dist), or from the working directory (a
 *  compiled build under dist/ runs from the repository root). */
export const WEB_DIST =
  [resolve(__dirname, '..', '..', '..', 'web', 'dist'), resolve(process.cwd(), 'apps', 'web', 'dist')].find((d) =>
    existsSync(join(d, 'index.html')),
  ) ?? resolve(__dirname, '..', '..', '..', 'web', 'dist');

export function serveWeb(app: NestExpressApplication, dist = process.env.KAFLOW_WEB_DIST ?? WEB_DIST): boolean {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return false;
  const files = serveStatic(dist, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(dist, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    files(req, res, () => {
      // a missing asset is a 404, not the page; any other path is a page route of the app
      if (req.path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  });
  return true;
}
