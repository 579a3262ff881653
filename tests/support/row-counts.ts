// Exact row counts of the given dealers in every table of the public schema, in one query: for "nothing was
// written" checks. Rows are counted by their "dealerId" (the dealer table by its id). The tables no dealer owns
// (regions, the official calendar, the rate limiter's hits, migrations) are left out: other test files, running
// at the same time, change them, and the dealer-level requests these checks cover cannot write them.
import type { DataSource } from 'typeorm';

export async function rowCounts(db: DataSource, dealerIds: string[]): Promise<Record<string, number>> {
  const tables: { name: string; dealerOwned: boolean }[] = await db.query(
    `SELECT t.table_name AS name,
            EXISTS (SELECT 1 FROM information_schema.columns c
                     WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.column_name = 'dealerId')
              AS "dealerOwned"
       FROM information_schema.tables t
      WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY t.table_name`,
  );
  const counted = tables.filter((t) => t.dealerOwned || t.name === 'dealer');
  const sql = counted
    .map(
      (t, i) =>
        `SELECT $${i + 2}::text AS name, count(*)::int AS n FROM public."${t.name}"
          WHERE ${t.name === 'dealer' ? 'id' : '"dealerId"'} = ANY($1::uuid[])`,
    )
    .join(' UNION ALL ');
  const rows: { name: string; n: number }[] = await db.query(sql, [dealerIds, ...counted.map((t) => t.name)]);
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}
