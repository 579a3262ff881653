// `npm run bench:import [-- --count 10000]`: how long a dealer's list of N prospects takes to import,
// through the same code as POST /api/imports/prospects: reading the .xlsx (and the same list as a GBK
// .csv), checking every row, the natural-key lookup, and the one-transaction write with progress;
// then the same file again (nothing created). The follow-up workflows start after the commit
// (their start rate is what `npm run bench:follow-up` measures). Anchor in the same run: a bare
// PostgreSQL multi-row INSERT of N rows of the same width into a temporary table.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readImportFile, validateImportRows, IMPORT_COLUMNS, headerText } from '@kaflow/forms';
import { ImportJobEntity } from '@kaflow/persistence';
import { existingKeys, writeImport } from '../../apps/api/src/imports/prospect-import.writer';
import { arg, benchDb, benchDealer, dropDealer, withMemory } from './forms-bench-data';

const count = Number(arg('count', '10000'));
const CHANNELS = ['商业活动/企业论坛', '展厅转化', '陌生拜访', '转介绍'];
const GRADES = ['H-1月内', 'A', 'B-3月以上', 'C', 'D'];

function rows(username: string): string[][] {
  return Array.from({ length: count }, (_, i) => [
    `导入单位 ${i + 1}`,
    i % 2 ? '政府' : 'enterprise',
    `联系人 ${i + 1}`,
    `139${String(i + 1).padStart(8, '0')}`,
    ['A6L', 'Q5L', 'A4L'][i % 3],
    String(1 + (i % 5)),
    GRADES[i % 5],
    i % 7 === 0 ? '是' : '否',
    CHANNELS[i % 4],
    i % 3 ? '新客户开发' : 'repeat',
    username,
    i % 11 === 0 ? '年底前采购' : '',
  ]);
}

async function main() {
  const db = await benchDb();
  const b = await benchDealer(db);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  try {
    const data = rows(b.consultants[0].username);
    const header = IMPORT_COLUMNS.map(headerText);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('留档导入');
    ws.addRow(header);
    for (const r of data) ws.addRow(r);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const csv = iconv.encode([header, ...data].map((r) => r.join(',')).join('\r\n'), 'gbk');

    const anchor = await withMemory(async () => {
      await db.query(
        'CREATE TEMP TABLE IF NOT EXISTS bench_anchor (a text, b text, c text, d text, e text, f int, g text)',
      );
      const qr = db.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction();
        for (let i = 0; i < data.length; i += 500) {
          const part = data.slice(i, i + 500);
          const params = part.flatMap((r) => [r[0], r[1], r[2], r[3], r[4], Number(r[5]), r[6]]);
          const values = part
            .map((_, k) => `(${Array.from({ length: 7 }, (_, j) => `$${k * 7 + j + 1}`).join(',')})`)
            .join(',');
          await qr.query(`INSERT INTO bench_anchor VALUES ${values}`, params);
        }
        await qr.rollbackTransaction();
      } finally {
        await qr.release();
      }
    });
    const readCsv = await withMemory(() => readImportFile(csv, 'list.csv'));
    const read = await withMemory(() => readImportFile(xlsx, 'list.xlsx'));
    const owners = {
      byName: new Map([[b.consultants[0].username.toLowerCase(), b.consultants[0].id]]),
      fallback: null,
    };
    const check = await withMemory(async () => validateImportRows(read.result.rows, owners));
    if (check.result.errors.length)
      throw new Error(`bench rows invalid: ${JSON.stringify(check.result.errors.slice(0, 3))}`);
    const lookup = await withMemory(() => existingKeys(db, b.dealer.id, check.result.valid));
    const job = await db.getRepository(ImportJobEntity).save({
      dealerId: b.dealer.id,
      userId: b.manager.id,
      kind: 'prospects',
      fileName: 'bench.xlsx',
      dryRun: false,
      skipInvalid: false,
      status: 'writing',
      errors: [],
    });
    let updates = 0;
    const progress = (done: number) => {
      updates++;
      return db
        .getRepository(ImportJobEntity)
        .update({ id: job.id }, { rowsDone: done })
        .then(() => undefined);
    };
    const write = await withMemory(() => writeImport(db, job, check.result.valid, progress));
    const again = await withMemory(() => writeImport(db, job, check.result.valid, progress));
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM prospect WHERE "dealerId" = $1', [b.dealer.id]);
    const total = read.ms + check.ms + lookup.ms + write.ms;
    console.log(`\nimport of ${count} rows (target < 30 s)`);
    console.log(
      `  anchor: bare PostgreSQL INSERT of ${count} rows × 7 columns in 500-row statements   ${s(anchor.ms)}`,
    );
    console.log(`  read .csv (GBK)                  ${s(readCsv.ms)}  heap +${readCsv.heapMb.toFixed(0)} MB`);
    console.log(
      `  read .xlsx (${(xlsx.length / 2 ** 20).toFixed(1)} MB)              ${s(read.ms)}  heap ` +
        `+${read.heapMb.toFixed(0)} MB`,
    );
    console.log(`  check ${check.result.valid.length} rows                ${s(check.ms)}`);
    console.log(`  natural-key lookup               ${s(lookup.ms)}`);
    console.log(
      `  write (one transaction)          ${s(write.ms)}  created ${write.result.created.length}, ${updates} ` +
        `progress updates`,
    );
    console.log(`  total upload → committed         ${s(total)}`);
    console.log(
      `  same file again                  ${s(again.ms)}  created ${again.result.created.length} ` +
        `(prospects in the dealer: ${n})`,
    );
  } finally {
    await dropDealer(db, b.dealer.id);
    await db.destroy();
  }
}

main().catch((e) => {
  console.error('bench failed:', e?.stack ?? e);
  process.exit(1);
});
