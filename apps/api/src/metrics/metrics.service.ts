// The API's Prometheus metrics (prom-client): request durations by route and status, and, read at
// each scrape, open tasks by kind and lateness, escalations, e-mails and workflows by status.
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { Temporal } from '../infra/infra.module';

/** An unsent e-mail older than this counts as failed (the activity retries it until it goes). */
export const MAIL_FAILED_AFTER_MINUTES = 15;
const WORKFLOW_STATUSES = ['Running', 'Completed', 'Failed', 'TimedOut', 'Terminated', 'Canceled'];

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'kaflow_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly scrapeErrors = new Counter({
    name: 'kaflow_metrics_source_errors_total',
    help: 'Scrapes in which a source (database, temporal) did not answer',
    labelNames: ['source'],
    registers: [this.registry],
  });

  constructor(
    private readonly db: DataSource,
    private readonly temporal: Temporal,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kaflow_api_' });
    const read = <T>(sql: string) => this.read<T>(sql);
    const { scrapeErrors } = this;
    new Gauge({
      name: 'kaflow_open_tasks',
      help: 'Open tasks by kind and whether they are past due',
      labelNames: ['kind', 'overdue'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await read<{ kind: string; overdue: boolean; n: number }>(
          `SELECT kind, "dueAt" < now() AS overdue, count(*)::int AS n FROM task WHERE status = 'open' GROUP BY 1, 2`,
        );
        for (const r of rows) this.set({ kind: r.kind, overdue: String(r.overdue) }, r.n);
      },
    });
    new Gauge({
      name: 'kaflow_task_escalations',
      help: 'Escalation steps taken so far by open and closed tasks, by kind',
      labelNames: ['kind', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await read<{ kind: string; status: string; n: number }>(
          `SELECT kind, status, sum("escalationLevel")::int AS n FROM task WHERE "escalationLevel" > 0 GROUP BY 1, 2`,
        );
        for (const r of rows) this.set({ kind: r.kind, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'kaflow_emails',
      help: `E-mails by state: sent, waiting, failed (unsent after ${MAIL_FAILED_AFTER_MINUTES} min)`,
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await read<{ state: string; n: number }>(
          `SELECT CASE WHEN "sentAt" IS NOT NULL THEN 'sent'
                       WHEN "createdAt" < now() - interval '${MAIL_FAILED_AFTER_MINUTES} minutes' THEN 'failed'
                       ELSE 'waiting' END AS state, count(*)::int AS n FROM notification GROUP BY 1`,
        );
        for (const s of ['sent', 'waiting', 'failed']) this.set({ state: s }, rows.find((r) => r.state === s)?.n ?? 0);
      },
    });
    new Gauge({
      name: 'kaflow_workflows',
      help: 'Workflow executions on the task queue by status (starts = all; failures = Failed + TimedOut)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const q = (status: string) => `TaskQueue="${temporal.taskQueue}" AND ExecutionStatus="${status}"`;
        try {
          const counts = await withTimeout(
            Promise.all(WORKFLOW_STATUSES.map((s) => temporal.client.workflow.count(q(s)))),
            3000,
          );
          WORKFLOW_STATUSES.forEach((s, i) => this.set({ status: s.toLowerCase() }, counts[i].count));
        } catch {
          scrapeErrors.inc({ source: 'temporal' });
        }
      },
    });
  }

  private async read<T>(sql: string): Promise<T[]> {
    try {
      return (await withTimeout(this.db.query(sql), 3000)) as T[];
    } catch {
      this.scrapeErrors.inc({ source: 'database' });
      return [];
    }
  }
}
