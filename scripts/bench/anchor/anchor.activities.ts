// The anchors' one activity: one row written to a table of their own (created by the bench).
import type { DataSource } from 'typeorm';

export const ANCHOR_TABLE = 'bench_anchor_row';

export async function ensureAnchorTable(db: DataSource): Promise<void> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${ANCHOR_TABLE} (id text NOT NULL, what text NOT NULL, at timestamptz NOT NULL DEFAULT
      now(), PRIMARY KEY (id, what))`,
  );
}

export function anchorActivities(db: DataSource) {
  return {
    async writeRow(id: string, what: string): Promise<{ decision: string }> {
      await db.query(`INSERT INTO ${ANCHOR_TABLE} (id, what) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, what]);
      return { decision: what };
    },
  };
}
export type AnchorActivities = ReturnType<typeof anchorActivities>;
