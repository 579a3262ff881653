// Producing a form: as JSON (the contract's `{ no, title, period, columns, rows }`), as one .xlsx, or
// the toolkit workbook with every form of a month. The xlsx goes straight onto the given stream.
import type { ColumnType, FormContext, FormDefinition, FormRow, FormSignature, FormSources, Lang } from './form.types';
import { pick } from './format';
import { FORMS, toolkitPeriod } from './registry';
import { streamingWorkbook, writeFormSheet, type SheetHeading } from './xlsx/form-sheet.writer';

export interface FormJson {
  no: number;
  key: string;
  title: string;
  period: string;
  periodKind: string;
  dealer: string;
  columns: Array<{ key: string; label: string; type: ColumnType; group?: string }>;
  rows: FormRow[];
  /** The signature lines under the table (empty for a form without any). */
  signatures: FormSignature[];
}

/** A form's signature lines for the period (none for a form that has no signature lines). */
export const formSignatures = async (def: FormDefinition, src: FormSources, ctx: FormContext) =>
  def.signatures ? def.signatures(src, ctx) : [];

export const formColumns = (def: FormDefinition, lang: Lang) =>
  def.columns.map((c) => ({
    key: c.key,
    label: pick(c.label, lang),
    type: c.type,
    ...(c.group ? { group: pick(c.group, lang) } : {}),
  }));

export async function formJson(
  def: FormDefinition,
  src: FormSources,
  ctx: FormContext,
  dealer: string,
): Promise<FormJson> {
  const rows: FormRow[] = [];
  for await (const r of def.rows(src, ctx)) rows.push(r);
  return {
    no: def.no,
    key: def.key,
    title: pick(def.title, ctx.lang),
    period: ctx.period.value,
    periodKind: ctx.period.kind,
    dealer,
    columns: formColumns(def, ctx.lang),
    rows,
    signatures: await formSignatures(def, src, ctx),
  };
}

export interface XlsxMeta {
  dealer: string;
  printedAt: string;
}

const heading = (ctx: FormContext, meta: XlsxMeta): SheetHeading => ({
  dealer: meta.dealer,
  period: ctx.period.value,
  printedAt: meta.printedAt,
  lang: ctx.lang,
});

/** One form as a workbook onto `out`; resolves when the file is complete. */
export async function writeFormXlsx(
  def: FormDefinition,
  src: FormSources,
  ctx: FormContext,
  meta: XlsxMeta,
  out: NodeJS.WritableStream,
): Promise<number> {
  const wb = streamingWorkbook(out);
  wb.creator = 'KA Flow';
  const n = await writeFormSheet(wb, def, def.rows(src, ctx), heading(ctx, meta), {
    signatures: await formSignatures(def, src, ctx),
  });
  await wb.commit();
  return n;
}

/** 工具包: every form of `month` (the year's plan for form 1, the standing standard for form 10), one sheet each. */
export async function writeToolkitXlsx(
  src: FormSources,
  month: string,
  timezone: string,
  lang: Lang,
  meta: XlsxMeta,
  out: NodeJS.WritableStream,
): Promise<Record<number, number>> {
  const wb = streamingWorkbook(out);
  wb.creator = 'KA Flow';
  const counts: Record<number, number> = {};
  for (const def of FORMS) {
    const ctx: FormContext = { period: toolkitPeriod(def.period, month), timezone, lang };
    counts[def.no] = await writeFormSheet(wb, def, def.rows(src, ctx), heading(ctx, meta), {
      signatures: await formSignatures(def, src, ctx),
    });
  }
  await wb.commit();
  return counts;
}

/** The download's file name: 附件5_月度基盘客户盘点表_2026-11.xlsx. */
export function formFileName(def: FormDefinition, period: string, lang: Lang): string {
  const title = pick(def.title, lang).replace(/[\\/:*?"<>|\s]+/g, lang === 'en' ? '-' : '');
  return `${lang === 'en' ? 'form' : '附件'}${def.no}_${title}${period ? `_${period}` : ''}.xlsx`;
}
