// Reading produced workbooks back, twice: with exceljs and with openpyxl (python3, a second reader).
// Cells come out as plain values: numbers, strings, and dates as 'YYYY-MM-DD' / 'YYYY-MM-DD HH:mm'.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

export type Plain = string | number | boolean | null;
export interface SheetDump {
  name: string;
  merged: string[];
  freeze: string | null;
  rows: Array<Array<{ v: Plain; t: string; f: string }>>;
  validations: Array<{ sqref: string; type: string; formula1: string }>;
}

const pad = (n: number) => String(n).padStart(2, '0');
function plainDate(d: Date, fmt: string | undefined): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return fmt && /h/.test(fmt) ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day;
}

/** exceljs's view: per sheet, the cell matrix (1-based rows → 0-based arrays), merges and the frozen split. */
export async function readWithExceljs(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  return wb.worksheets.map((ws) => {
    const rows: Array<Array<{ v: Plain; f?: string }>> = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: Array<{ v: Plain; f?: string }> = [];
      for (let k = 1; k <= ws.columnCount; k++) {
        const c = row.getCell(k);
        const v = c.value as any;
        const f = c.numFmt;
        cells.push({
          v:
            v instanceof Date
              ? plainDate(v, f)
              : v && typeof v === 'object' && 'richText' in v
                ? v.richText.map((t: any) => t.text).join('')
                : (v ?? null),
          f,
        });
      }
      rows[n - 1] = cells;
    });
    return {
      name: ws.name,
      rows,
      merges: ((ws as any).model.merges ?? []) as string[],
      views: ws.views,
      columns: ws.columns?.map((c) => c.width),
    };
  });
}

/** Debian's python3 (where python3-openpyxl lives), before any other python3 on PATH. */
export const PYTHON = process.env.KAFLOW_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

export function readWithOpenpyxl(buf: Buffer): SheetDump[] {
  const dir = mkdtempSync(join(tmpdir(), 'kaflow-xlsx-'));
  const file = join(dir, 'book.xlsx');
  writeFileSync(file, buf);
  const out = execFileSync(PYTHON, [join(__dirname, 'xlsx-dump.py'), file], { maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8'));
}

/** The data cells of a sheet from `first` (1-based row) on, as values only, trailing empty rows dropped. */
export function dataValues(rows: Array<Array<{ v: Plain }> | undefined>, first: number, width: number): Plain[][] {
  const out: Plain[][] = [];
  for (let r = first - 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    out.push(Array.from({ length: width }, (_, k) => (row[k]?.v ?? null) as Plain));
  }
  while (out.length && out[out.length - 1].every((v) => v === null)) out.pop();
  return out;
}

/** A supertest parser that keeps the body as bytes: `.buffer(true).parse(binaryBody)`. */
export function binaryBody(res: any, cb: (err: Error | null, body: any) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (d: Buffer) => chunks.push(d));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
