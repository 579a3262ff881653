// @nestjs/throttler storage in PostgreSQL, so that a limit holds across every API instance: one
// atomic upsert per attempt counts the hit in the current window and opens a block past the limit.
import { createHash } from 'node:crypto';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

interface Row {
  hits: number;
  expires_ms: string;
  blocked_ms: string | null;
  now_ms: string;
}

const SQL = `
  INSERT INTO rate_limit_hit AS r ("key", hits, "expiresAt", "blockedUntil")
  VALUES ($1, 1, now() + $2 * interval '1 millisecond', CASE WHEN 1 > $3 THEN now() + $4 * interval '1 millisecond' END)
  ON CONFLICT ("key") DO UPDATE SET
    hits = CASE WHEN r."expiresAt" <= now() AND coalesce(r."blockedUntil" <= now(), true) THEN 1 ELSE r.hits + 1 END,
    "expiresAt" = CASE WHEN r."expiresAt" <= now() AND coalesce(r."blockedUntil" <= now(), true)
                       THEN EXCLUDED."expiresAt" ELSE r."expiresAt" END,
    "blockedUntil" = CASE
      WHEN r."blockedUntil" > now() THEN r."blockedUntil"
      WHEN (CASE WHEN r."expiresAt" <= now() THEN 1 ELSE r.hits + 1 END) > $3 THEN now() + $4 * interval '1 millisecond'
    END
  RETURNING hits, (extract(epoch FROM "expiresAt") * 1000)::bigint AS expires_ms,
    (extract(epoch FROM "blockedUntil") * 1000)::bigint AS blocked_ms,
    (extract(epoch FROM now()) * 1000)::bigint AS now_ms`;

export class PgThrottlerStorage implements ThrottlerStorage {
  private lastSweep = 0;

  constructor(private readonly db: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const k = createHash('sha256').update(`${throttlerName}:${key}`).digest('hex');
    const [row] = (await this.db.query(SQL, [k, ttl, limit, blockDuration])) as Row[];
    await this.sweep();
    const now = Number(row.now_ms);
    const blockedFor = row.blocked_ms === null ? 0 : Number(row.blocked_ms) - now;
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, Math.ceil((Number(row.expires_ms) - now) / 1000)),
      isBlocked: blockedFor > 0,
      timeToBlockExpire: Math.max(0, Math.ceil(blockedFor / 1000)),
    };
  }

  /** Old windows are deleted now and then (at most once a minute per instance). */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    await this.db.query(
      `DELETE FROM rate_limit_hit WHERE "expiresAt" < now() AND coalesce("blockedUntil" < now(), true)`,
    );
  }
}
