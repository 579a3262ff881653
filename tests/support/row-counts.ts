// Exact row counts of every table in the public schema, in one query: for "nothing was written" checks.
import type { DataSource } from 'typeorm';

export async function rowCounts(db: DataSource): Promise<Record<string, number>> {
  const tables: { name: string }[] = await db.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const sql = tables
    .map((t, i) => `SELECT $${i + 1}::text AS name, count(*)::int AS n FROM public."${t.name}"`)
    .join(' UNION ALL ');
  const rows: { name: string; n: number }[] = await db.query(
    sql,
    tables.map((t) => t.name),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}
