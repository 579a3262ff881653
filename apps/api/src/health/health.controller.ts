// GET /api/health: PostgreSQL and Temporal, each up or down (docs/operations.md), via @nestjs/terminus;
// plus the calendar, up or degraded (calendar-health.ts), which never turns the answer into a 503.
import { Controller, Get, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Clock } from '@kaflow/domain';
import { Public } from '../common/auth-user';
import { Temporal } from '../infra/infra.module';
import { loadCalendar } from '@kaflow/records';
import { calendarHealth } from './calendar-health';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()),
  ]);

@ApiTags('health')
@Controller('health')
export class HealthController implements BeforeApplicationShutdown {
  /** Temporal probes still running (a timed-out probe's call may still be retrying inside the client). */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: DataSource,
    private readonly temporal: Temporal,
    private readonly clock: Clock,
  ) {}

  private async probe(key: 'database' | 'temporal', check: () => Promise<unknown>) {
    const i = this.indicator.check(key);
    try {
      await withTimeout(check(), 3000);
      return i.up();
    } catch (e) {
      return i.down({ message: (e as Error).message });
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    p.then(
      () => this.pending.delete(p),
      () => this.pending.delete(p),
    );
    return p;
  }

  /** The connection closes at shutdown: let a probe that is still retrying end first (at most 10 s), so that no
   *  retry fires on a closed channel. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.pending.size) return;
    await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => setTimeout(r, 10_000).unref())]);
  }

  @Public()
  @Get()
  async check(@Res() res: Response) {
    const result = await this.health
      .check([
        () => this.probe('database', () => this.db.query('SELECT 1')),
        () =>
          // Not connection.ensureConnected(): it keeps its first outcome, so a health check made while
          // Temporal was down would say "down" for the life of the process (tests/faults/temporal-restart).
          this.probe('temporal', () =>
            this.track(
              this.temporal.connection.withDeadline(Date.now() + 3000, () =>
                this.temporal.connection.workflowService.getSystemInfo({}),
              ),
            ),
          ),
      ])
      .catch((e) => e.response ?? { status: 'error', details: {} });
    const details = result.details ?? {};
    const checks = Object.fromEntries(
      ['database', 'temporal'].map((k) => [k, details[k]?.status === 'up' ? 'up' : 'down']),
    );
    const ok = Object.values(checks).every((v) => v === 'up');
    const calendar =
      checks.database === 'up'
        ? await withTimeout(loadCalendar(this.db), 3000)
            .then((cal) => calendarHealth(this.clock.now(), cal))
            .catch(() => null)
        : null;
    const extra = calendar ? { calendar: calendar.check } : {};
    const warnings = calendar?.warning ? { warnings: [calendar.warning] } : {};
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', checks: { ...checks, ...extra }, ...warnings });
  }
}
