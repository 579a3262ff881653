// Lays one form out on a worksheet of exceljs's streaming writer, like the paper form: the title in
// the first row, dealer and period in the second, grouped headers merged, frozen header, number and
// percent formats, widths that fit. Rows are committed as they come, so a long form never sits in
// memory; widths are measured on the first rows (WIDTH_SAMPLE), which are held back until then.
import ExcelJS from 'exceljs';
import type { FormColumn, FormDefinition, FormRow, FormSignature, Lang } from '../form.types';
import { pick } from '../format';
import { sheetName, shownText, textWidth, toXlsxCell } from './cells';

export const WIDTH_SAMPLE = 200;
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

export interface SheetHeading {
  dealer: string;
  /** How the period reads ('2026-11', '2026-W45', or '' for a standing form). */
  period: string;
  /** When the file was made, at the dealer ('YYYY-MM-DD HH:mm'). */
  printedAt: string;
  lang: Lang;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** The rows the header takes: 3 without grouped columns, 4 with them (title, heading, group, label). */
export const headerRows = (def: FormDefinition): number => (def.columns.some((c) => c.group) ? 4 : 3);

export function headingText(h: SheetHeading): string {
  const parts =
    h.lang === 'en'
      ? [`Dealer: ${h.dealer}`, h.period ? `Period: ${h.period}` : '', `Printed: ${h.printedAt}`]
      : [`经销商：${h.dealer}`, h.period ? `期间：${h.period}` : '', `制表时间：${h.printedAt}`];
  return parts.filter(Boolean).join('    ');
}

function widths(cols: FormColumn[], rows: FormRow[], lang: Lang): number[] {
  return cols.map((c) => {
    let w = textWidth(pick(c.label, lang));
    for (const r of rows) w = Math.max(w, textWidth(shownText(c.type, r[c.key] ?? null)));
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
}

function writeHeader(ws: ExcelJS.Worksheet, def: FormDefinition, h: SheetHeading): void {
  const n = def.columns.length;
  const grouped = headerRows(def) === 4;
  const title = ws.getRow(1);
  title.getCell(1).value = `附件${def.no}  ${pick(def.title, h.lang)}`;
  title.getCell(1).font = { bold: true, size: 14 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 24;
  ws.mergeCells(1, 1, 1, n);
  title.commit();
  const heading = ws.getRow(2);
  heading.getCell(1).value = headingText(h);
  ws.mergeCells(2, 1, 2, n);
  heading.commit();
  const top = ws.getRow(3);
  const sub = grouped ? ws.getRow(4) : top;
  let i = 0;
  while (i < n) {
    const c = def.columns[i];
    let j = i;
    if (c.group)
      while (j + 1 < n && def.columns[j + 1].group && pick(def.columns[j + 1].group!, h.lang) === pick(c.group, h.lang))
        j++;
    if (c.group) {
      top.getCell(i + 1).value = pick(c.group, h.lang);
      if (j > i) ws.mergeCells(3, i + 1, 3, j + 1);
      for (let k = i; k <= j; k++) sub.getCell(k + 1).value = pick(def.columns[k].label, h.lang);
    } else {
      top.getCell(i + 1).value = pick(c.label, h.lang);
      if (grouped) ws.mergeCells(3, i + 1, 4, i + 1);
    }
    i = j + 1;
  }
  for (const r of grouped ? [top, sub] : [top]) {
    for (let k = 1; k <= n; k++) {
      const cell = r.getCell(k);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
    r.commit();
  }
}

function writeRow(ws: ExcelJS.Worksheet, def: FormDefinition, row: FormRow, at: number): void {
  const r = ws.getRow(at);
  def.columns.forEach((c, k) => {
    const x = toXlsxCell(c.type, row[c.key] ?? null);
    if (x.value === null) return;
    const cell = r.getCell(k + 1);
    cell.value = x.value;
    if (x.numFmt) cell.numFmt = x.numFmt;
  });
  r.commit();
}

/**
 * The signature lines under the table, after one empty row, one a line as on paper: the step in the first column,
 * who in the second (merged up to the last but one column, so a long "B 代 A" shows whole), when in the last.
 */
function writeSignatures(ws: ExcelJS.Worksheet, signatures: FormSignature[], at: number, n: number): void {
  const nameEnd = Math.max(2, n - 1);
  signatures.forEach((s, k) => {
    const r = ws.getRow(at + k);
    r.getCell(1).value = s.label;
    r.getCell(1).font = { bold: true };
    if (nameEnd > 2) ws.mergeCells(at + k, 2, at + k, nameEnd);
    // a name is people's text: never a formula
    for (const [i, type, v] of [
      [2, 'text', s.name],
      [nameEnd + 1, 'datetime', s.at],
    ] as const) {
      const x = toXlsxCell(type, v);
      if (x.value === null) continue;
      r.getCell(i).value = x.value;
      if (x.numFmt) r.getCell(i).numFmt = x.numFmt;
    }
    r.commit();
  });
}

/**
 * Adds the form as one worksheet of a streaming workbook and writes its rows, then its signature lines; answers the
 * row count. `name`: the sheet's name when not the form's own.
 */
export async function writeFormSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  def: FormDefinition,
  rows: AsyncIterable<FormRow>,
  h: SheetHeading,
  opts: { name?: string; signatures?: FormSignature[] } = {},
): Promise<number> {
  const { name, signatures = [] } = opts;
  const ws = wb.addWorksheet(sheetName(name ?? `附件${def.no} ${pick(def.title, h.lang)}`), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRows(def) }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  const it = rows[Symbol.asyncIterator]();
  const sample: FormRow[] = [];
  let next = await it.next();
  while (!next.done && sample.length < WIDTH_SAMPLE) {
    sample.push(next.value);
    next = await it.next();
  }
  ws.columns = widths(def.columns, sample, h.lang).map((width, k) => ({ key: def.columns[k].key, width }));
  writeHeader(ws, def, h);
  const first = headerRows(def) + 1;
  sample.forEach((r, k) => writeRow(ws, def, r, first + k));
  let count = sample.length;
  while (!next.done) {
    writeRow(ws, def, next.value, first + count);
    count++;
    next = await it.next();
  }
  writeSignatures(ws, signatures, first + count + 1, def.columns.length);
  ws.commit();
  return count;
}

/** A streaming workbook onto `stream` (an HTTP response or a file). */
export const streamingWorkbook = (stream: NodeJS.WritableStream): ExcelJS.stream.xlsx.WorkbookWriter =>
  new ExcelJS.stream.xlsx.WorkbookWriter({ stream: stream as any, useStyles: true, useSharedStrings: false });
