// GET /api/metrics: Prometheus text. With METRICS_TOKEN set it asks for `Authorization: Bearer
// <token>`; without it, it answers only callers on the loopback address (a scraper on the same host).
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '@kaflow/config';
import { Public } from '../common/auth-user';
import { DomainError, forbidden } from '../common/domain-error';
import { InjectConfig } from '../infra/infra.module';
import { MetricsService } from './metrics.service';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async scrape(@Req() req: Request, @Res() res: Response) {
    if (this.config.metricsToken) {
      const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!same(token, this.config.metricsToken))
        throw new DomainError('Unauthorized', 'the metrics token is missing or wrong');
    } else if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      throw forbidden('metrics answer on the loopback address only unless METRICS_TOKEN is set');
    }
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
