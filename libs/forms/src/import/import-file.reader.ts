// Reads an uploaded list (.xlsx, or .csv in UTF-8 or GBK) into rows of text keyed by the import's
// columns, with the sheet row number of each. A file it cannot read is an ImportFileError with the
// HTTP status it deserves (400 unreadable or wrong columns, 413 too many rows, 415 not xlsx/csv).
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { columnOfHeader, IMPORT_COLUMNS, type ImportKey } from './prospect-columns';

export interface ImportProblem {
  row: number;
  column: string;
  problem: string;
}

export class ImportFileError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    readonly problems: ImportProblem[] = [],
  ) {
    super(message);
  }
}

export interface RawImportRow<K extends string = ImportKey> {
  row: number;
  values: Partial<Record<K, string>>;
}

export interface ImportFile<K extends string = ImportKey> {
  kind: 'xlsx' | 'csv';
  encoding?: 'utf-8' | 'gbk';
  headerRow: number;
  rows: RawImportRow<K>[];
}

/** The columns a list is read by: the prospect list's (the default) or another import's (the user list). */
export interface ImportColumnSet<K extends string> {
  columns: { key: K; header: string; required: boolean }[];
  ofHeader: (h: unknown) => { key: K } | undefined;
  /** The header names quoted when no header row is found. */
  hint: string;
}

const PROSPECT_COLUMNS: ImportColumnSet<ImportKey> = {
  columns: IMPORT_COLUMNS,
  ofHeader: columnOfHeader,
  hint: '单位名称, 联系人, 联系电话, …',
};

export const MAX_IMPORT_ROWS = 20_000;
const HEADER_SEARCH_ROWS = 10;

const isZip = (b: Buffer) => b.length > 4 && b.readUInt32LE(0) === 0x04034b50;
const isOle = (b: Buffer) => b.length > 8 && b.readUInt32LE(0) === 0xe011cfd0;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.toISOString().slice(0, 10) : '';
  if (typeof v === 'object') {
    const o = v as Record<string, any>;
    if (Array.isArray(o.richText)) return o.richText.map((t: any) => t.text ?? '').join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return '';
    return '';
  }
  return String(v);
}

/** Decodes CSV bytes: UTF-8 (with or without BOM) when valid, else GBK (read as GB18030, its superset). */
export function decodeCsv(buf: Buffer): { text: string; encoding: 'utf-8' | 'gbk' } {
  const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(body, 'gb18030'), encoding: 'gbk' };
  }
}

function toRows<K extends string>(matrix: string[][], set: ImportColumnSet<K>): Omit<ImportFile<K>, 'kind'> {
  let headerRow = -1;
  let keys: Array<K | undefined> = [];
  for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, matrix.length); r++) {
    const found = (matrix[r] ?? []).map((h) => set.ofHeader(h)?.key);
    if (found.filter(Boolean).length >= 3) {
      headerRow = r;
      keys = found;
      break;
    }
  }
  if (headerRow < 0) {
    throw new ImportFileError(400, `no header row: the first rows name none of the template's columns (${set.hint})`, [
      { row: 1, column: '', problem: "no header row with the template's column names" },
    ]);
  }
  const problems: ImportProblem[] = [];
  const seen = new Set<K>();
  keys.forEach((k, i) => {
    if (!k) return;
    if (seen.has(k)) problems.push({ row: headerRow + 1, column: matrix[headerRow][i], problem: 'appears twice' });
    seen.add(k);
  });
  for (const c of set.columns) {
    if (c.required && !seen.has(c.key))
      problems.push({ row: headerRow + 1, column: c.header, problem: 'required column is missing' });
  }
  if (problems.length) throw new ImportFileError(400, 'the header row does not match the template', problems);
  const rows: RawImportRow<K>[] = [];
  for (let r = headerRow + 1; r < matrix.length; r++) {
    const cells = matrix[r] ?? [];
    if (cells.every((c) => c.trim() === '')) continue;
    const values: RawImportRow<K>['values'] = {};
    keys.forEach((k, i) => {
      if (k) values[k] = (cells[i] ?? '').trim();
    });
    rows.push({ row: r + 1, values });
    if (rows.length > MAX_IMPORT_ROWS) {
      throw new ImportFileError(413, `the file has more than ${MAX_IMPORT_ROWS} rows; split it into several files`);
    }
  }
  return { headerRow: headerRow + 1, rows };
}

async function readXlsx(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as any);
  } catch (e) {
    throw new ImportFileError(400, `not a readable .xlsx file (${(e as Error).message ?? e})`);
  }
  const ws = wb.worksheets.find((w) => w.state === 'visible') ?? wb.worksheets[0];
  if (!ws) throw new ImportFileError(400, 'the workbook has no worksheet');
  if (ws.rowCount > MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS + 1) {
    throw new ImportFileError(413, `the file has more than ${MAX_IMPORT_ROWS} rows; split it into several files`);
  }
  const matrix: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, k) => {
      cells[k - 1] = cellText(cell.value);
    });
    matrix[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(matrix, (r) => r ?? []);
}

/** Reads the upload; `name` (the file name) decides between xlsx and csv together with the bytes. */
export async function readImportFile(buf: Buffer, name?: string): Promise<ImportFile>;
export async function readImportFile<K extends string>(
  buf: Buffer,
  name: string,
  set: ImportColumnSet<K>,
): Promise<ImportFile<K>>;
export async function readImportFile(
  buf: Buffer,
  name = '',
  set: ImportColumnSet<string> = PROSPECT_COLUMNS,
): Promise<ImportFile<string>> {
  if (!buf.length) throw new ImportFileError(400, 'the file is empty');
  const lower = name.toLowerCase();
  if (isZip(buf)) return { kind: 'xlsx', ...toRows(await readXlsx(buf), set) };
  if (isOle(buf) || lower.endsWith('.xls')) {
    throw new ImportFileError(
      415,
      'old Excel .xls files are not read: save the sheet as .xlsx (or .csv) and upload that',
    );
  }
  if (lower.endsWith('.xlsx')) throw new ImportFileError(400, 'not a readable .xlsx file');
  if (!lower.endsWith('.csv') && !lower.endsWith('.txt') && buf.subarray(0, 4096).includes(0)) {
    throw new ImportFileError(415, 'only .xlsx and .csv files are imported');
  }
  const { text, encoding } = decodeCsv(buf);
  let matrix: string[][];
  try {
    matrix = parse(text, {
      relax_column_count: true,
      skip_empty_lines: false,
      relax_quotes: true,
      cast: false,
    }) as string[][];
  } catch (e) {
    throw new ImportFileError(400, `not a readable .csv file (${(e as Error).message ?? e})`);
  }
  return { kind: 'csv', encoding, ...toRows(matrix, set) };
}
