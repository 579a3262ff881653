import { Module, type MiddlewareConsumer, type NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({ controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule implements NestModule {
  constructor(private readonly metrics: MetricsService) {}

  /** Every request's duration, labelled with the route pattern (`/api/tasks/:id`), never the raw URL. */
  configure(consumer: MiddlewareConsumer): void {
    const histogram = this.metrics.httpDuration;
    consumer
      .apply((req: Request, res: Response, next: NextFunction) => {
        const end = histogram.startTimer();
        res.on('finish', () => {
          const path = req.route?.path ? `${req.baseUrl}${req.route.path}` : '';
          const route = !path || path.includes('{*path}') ? 'unmatched' : path;
          end({ method: req.method, route, status: String(res.statusCode) });
        });
        next();
      })
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
