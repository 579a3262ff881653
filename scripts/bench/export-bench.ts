// `npm run bench:export [-- --count 10000]`: how long the large forms take to export as .xlsx, and how
// much memory, for a dealer month of N recorded prospects (附件12 one row per callback, 附件13 the hot
// third, 附件5 the inventory over all of them), written through the same code as
// GET /api/forms/:no?format=xlsx onto a file. Anchors measured in the same run: the bare PostgreSQL
// read of the callback rows, and a bare exceljs streaming write of as many rows × 16 cells.
// Memory: peak RSS / heap above the start, for N and for N/10 (bounded memory: they stay close).
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { systemClock } from '@kaflow/domain';
import { findForm, localDateTime, writeFormXlsx, type FormContext } from '@kaflow/forms';
import type { AuthUser } from '../../apps/api/src/common/auth-user';
import { EventsService } from '../../apps/api/src/field-work/events.service';
import { FieldWorkService } from '../../apps/api/src/field-work/field-work.service';
import { FormSourcesService } from '../../apps/api/src/forms/form-sources.service';
import { PlansService } from '../../apps/api/src/plans/plans.service';
import { WeeklyReviewService } from '../../apps/api/src/weekly-review/weekly-review.service';
import { ConversionReportService } from '../../apps/api/src/reports/conversion-report.service';
import { arg, benchDb, benchDealer, dropDealer, lastMonth, seedMonth, TZ, withMemory } from './forms-bench-data';

const count = Number(arg('count', '10000'));
const dir = mkdtempSync(join(tmpdir(), 'kaflow-export-bench-'));
const done = (out: NodeJS.WritableStream) =>
  new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });

async function main() {
  const db = await benchDb();
  const services = new FormSourcesService(
    db,
    new PlansService(db),
    new WeeklyReviewService(db, systemClock),
    new FieldWorkService(db, systemClock),
    new EventsService(db, systemClock),
    new ConversionReportService(db, systemClock),
  );
  const month = lastMonth();
  const results: string[] = [];
  for (const n of [Math.max(1, Math.round(count / 10)), count]) {
    const b = await benchDealer(db);
    try {
      const t0 = performance.now();
      await seedMonth(db, b, month, n);
      console.log(
        `seeded ${n} prospects with callbacks for ${month} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      const user: AuthUser = {
        id: b.manager.id,
        username: b.manager.username,
        displayName: b.manager.displayName,
        roles: ['ka_manager'],
        dealerId: b.dealer.id,
      };
      const { sources, dealer, timezone } = await services.forUser(user);
      const meta = { dealer: dealer.name, printedAt: localDateTime(new Date(), TZ)! };
      const anchorRead = await withMemory(async () => {
        const rows = await db.query(
          `SELECT c.*, p.model, a.name FROM callback_check c JOIN prospect p ON p.id = c."prospectId" JOIN account a
            ON a.id = p."accountId" WHERE c."dealerId" = $1`,
          [b.dealer.id],
        );
        return rows.length;
      });
      const anchorWrite = await withMemory(async () => {
        const out = createWriteStream(join(dir, `anchor-${n}.xlsx`));
        const finished = done(out);
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
        const ws = wb.addWorksheet('anchor');
        for (let i = 0; i < n; i++) ws.addRow(Array.from({ length: 16 }, (_, k) => `cell ${i}-${k}`)).commit();
        ws.commit();
        await wb.commit();
        await finished;
      });
      results.push(
        `N=${n}  anchor: PostgreSQL read of the callback rows ${anchorRead.ms.toFixed(0)} ms; bare exceljs ` +
          `stream ${n}×16 cells ${anchorWrite.ms.toFixed(0)} ms (heap +${anchorWrite.heapMb.toFixed(0)} MB)`,
      );
      for (const no of [12, 13, 5]) {
        const def = findForm(no)!;
        const ctx: FormContext = { period: { kind: 'month', value: month }, timezone, lang: 'zh' };
        const file = join(dir, `form-${no}-${n}.xlsx`);
        const r = await withMemory(async () => {
          const out = createWriteStream(file);
          const finished = done(out);
          const rows = await writeFormXlsx(def, sources, ctx, meta, out);
          await finished;
          return rows;
        });
        results.push(
          `N=${n}  附件${no} ${def.key.padEnd(18)} ${String(r.result).padStart(6)} rows ` +
            ` ${r.ms.toFixed(0).padStart(6)} ms  ` +
            `${(statSync(file).size / 2 ** 20).toFixed(1)} MB file  peak RSS +${r.rssMb.toFixed(0)} MB, heap ` +
            `+${r.heapMb.toFixed(0)} MB`,
        );
      }
    } finally {
      await dropDealer(db, b.dealer.id);
    }
  }
  console.log(`\nexport of the large forms (target: ${count} prospects < 5 s, memory bounded)`);
  for (const line of results) console.log(`  ${line}`);
  rmSync(dir, { recursive: true, force: true });
  await db.destroy();
}

main().catch((e) => {
  console.error('bench failed:', e?.stack ?? e);
  process.exit(1);
});
