import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@kaflow/config';
import { APP_CONFIG } from '../infra/infra.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PgThrottlerStorage } from './pg-throttler.storage';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        secret: c.jwtSecret,
        signOptions: { expiresIn: c.jwtTtlSeconds, issuer: 'kaflow' },
        verifyOptions: { issuer: 'kaflow' },
      }),
    }),
    // Login attempts: 10 a minute per client address and username.
    // The counts live in PostgreSQL (PgThrottlerStorage), so the limit holds across API instances.
    ThrottlerModule.forRootAsync({
      inject: [DataSource],
      useFactory: (db: DataSource) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: 10 }],
        getTracker: (req: any) => `${req.ip}:${String(req.body?.username ?? '')}`,
        errorMessage: 'too many login attempts; wait a minute',
        storage: new PgThrottlerStorage(db),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtModule],
})
export class AuthModule {}
