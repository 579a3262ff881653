// Builds the HTTP app (used by main.ts and by the e2e tests): /api prefix, validation, one error
// filter, pino request logs, OpenAPI at /api/docs.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger, LoggerModule } from 'nestjs-pino';
import { Module, RequestMethod } from '@nestjs/common';
import type { AppConfig } from '@kaflow/config';
import type { Clock } from '@kaflow/domain';
import { AppModule } from './app.module';
import { openApiDocument } from './common/openapi-document';
import { ErrorFilter } from './common/error.filter';
import { harden } from './common/http-hardening';
import { validationPipe } from './common/validation';
import { BodyGuardPipe } from './common/body-guard.pipe';
import { compressApi, serveWeb } from './web/web-static';

export async function createApp(
  config: AppConfig,
  opts: { logs?: boolean; clock?: Clock } = {},
): Promise<NestExpressApplication> {
  @Module({
    imports: [
      LoggerModule.forRoot({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: opts.logs === false ? 'silent' : config.logLevel,
          redact: ['req.headers.authorization', 'req.body.password'],
          autoLogging: { ignore: (req) => req.url === '/api/health' },
        },
      }),
      AppModule.forRoot(config, opts.clock),
    ],
  })
  class RootModule {}

  const app = await NestFactory.create<NestExpressApplication>(RootModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  harden(app); // helmet, which bodies are accepted (415), their size (413) and depth (400)
  compressApi(app); // API answers of 1 KB or more: brotli or gzip as the client accepts
  serveWeb(app); // the web build, precompressed
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new BodyGuardPipe(), validationPipe);
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app));
  return app;
}
