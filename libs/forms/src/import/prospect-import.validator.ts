// Checks each row of an imported list against the grading entry standard, as POST /api/prospects
// would: the manual's vocabularies (codes or the template's labels), a real phone number, a model and
// a quantity. Pure: the owners the file may name come in as a lookup.
import { canonicalPhone, PHONE_PROBLEM } from '@kaflow/domain';
import type { ImportProblem, RawImportRow } from './import-file.reader';
import { EXAMPLE_PREFIX, IMPORT_COLUMNS, type ImportColumn, type ImportKey } from './prospect-columns';

export interface ProspectImportRow {
  row: number;
  accountName: string;
  customerType: string;
  contactName: string;
  contactPhone: string;
  model: string;
  quantity: number;
  grade: string;
  hot: boolean;
  channel: string;
  developmentType: string;
  ownerId: string;
  note: string | null;
  /** account name + contact phone + model, normalised: the import's natural key. */
  key: string;
}

export interface ImportOwners {
  /** Active consultants of the dealer by lower-cased username and by display name. */
  byName: Map<string, string>;
  /** The owner when the row names none: the calling consultant, or null (the row must name one). */
  fallback: string | null;
}

export interface ValidatedImport {
  valid: ProspectImportRow[];
  errors: ImportProblem[];
  /** Rows that had at least one problem. */
  invalidRows: number;
  /** The template's example row(s), never imported. */
  exampleRows: number;
}

const COLUMN = new Map(IMPORT_COLUMNS.map((c) => [c.key, c]));
const collapse = (s: string) => s.replace(/[\s\u3000]+/g, ' ').trim();

/** The natural key: the same account, contact phone and model is the same prospect. */
export const naturalKey = (accountName: string, phone: string, model: string): string =>
  [collapse(accountName).toLowerCase(), canonicalPhone(phone) ?? phone.trim(), collapse(model).toLowerCase()].join(
    '\u0001',
  );

function option(c: ImportColumn, raw: string): string | undefined {
  const v = raw.trim();
  const lower = v.toLowerCase();
  for (const o of c.options ?? []) {
    if (o.code.toLowerCase() === lower || o.label === v) return o.code;
    // grades also as the bare code or the bare meaning: 'A', '1-3月内'
    if (c.key === 'grade' && o.label.split('-').slice(1).join('-') === v) return o.code;
  }
  if (c.key === 'hot') {
    if (['是', 'y', 'yes', '1', 'true', '热点'].includes(lower)) return 'true';
    if (['否', 'n', 'no', '0', 'false', ''].includes(lower)) return 'false';
  }
  return undefined;
}

const oneOf = (c: ImportColumn) =>
  `must be one of ${(c.options ?? []).map((o) => o.label).join(', ')} (or the ` +
  `codes ${(c.options ?? []).map((o) => o.code).join(', ')})`;

export function validateImportRows(rows: RawImportRow[], owners: ImportOwners): ValidatedImport {
  const valid: ProspectImportRow[] = [];
  const errors: ImportProblem[] = [];
  const firstRowOfKey = new Map<string, number>();
  let invalidRows = 0;
  let exampleRows = 0;
  for (const r of rows) {
    const v = r.values;
    if ((v.accountName ?? '').startsWith(EXAMPLE_PREFIX)) {
      exampleRows++;
      continue;
    }
    const problems: ImportProblem[] = [];
    const fail = (k: ImportKey, problem: string) =>
      problems.push({ row: r.row, column: COLUMN.get(k)!.header, problem });
    const textOf = (k: ImportKey, max: number): string => {
      const s = collapse(v[k] ?? '');
      if (!s && COLUMN.get(k)!.required) fail(k, 'is required');
      else if (s.length > max) fail(k, `must be at most ${max} characters`);
      return s;
    };
    const enumOf = (k: ImportKey): string => {
      const c = COLUMN.get(k)!;
      const raw = v[k] ?? '';
      if (!raw.trim() && c.required) {
        fail(k, 'is required');
        return '';
      }
      const code = option(c, raw);
      if (code === undefined) fail(k, oneOf(c));
      return code ?? '';
    };
    const accountName = textOf('accountName', 100);
    const customerType = enumOf('customerType');
    const contactName = textOf('contactName', 100);
    const rawPhone = v.contactPhone ?? '';
    const contactPhone = canonicalPhone(rawPhone.replace(/\.0$/, '')) ?? '';
    if (!rawPhone.trim()) fail('contactPhone', 'is required');
    else if (!contactPhone) fail('contactPhone', PHONE_PROBLEM);
    const model = textOf('model', 60);
    const qRaw = (v.quantity ?? '').trim();
    const quantity = Number(qRaw);
    if (!qRaw) fail('quantity', 'is required');
    else if (!Number.isInteger(quantity) || quantity < 1 || quantity > 500)
      fail('quantity', 'must be a whole number from 1 to 500');
    const rawGrade = (v.grade ?? '').trim().toUpperCase();
    const grade =
      rawGrade === 'W' || rawGrade === 'F'
        ? (fail('grade', 'W (not recorded) and F (lost) are not imported: a list holds the live base O, H, A, B, C, D'),
          '')
        : enumOf('grade');
    const hot = option(COLUMN.get('hot')!, v.hot ?? '') === 'true';
    if (option(COLUMN.get('hot')!, v.hot ?? '') === undefined) fail('hot', 'must be 是 or 否');
    const channel = enumOf('channel');
    const developmentType = enumOf('developmentType');
    const ownerName = collapse(v.owner ?? '');
    const ownerId = ownerName
      ? (owners.byName.get(ownerName.toLowerCase()) ?? owners.byName.get(ownerName))
      : owners.fallback;
    if (ownerName && !ownerId) fail('owner', 'must be the username (or name) of an active consultant of your dealer');
    else if (!ownerId) fail('owner', 'is required: name the consultant who owns the prospect');
    const note = collapse(v.note ?? '') || null;
    if (note && note.length > 2000) fail('note', 'must be at most 2000 characters');
    const key = naturalKey(accountName, contactPhone || rawPhone, model);
    if (!problems.length) {
      const first = firstRowOfKey.get(key);
      if (first !== undefined) fail('accountName', `repeats row ${first} (same account, contact phone and model)`);
      else firstRowOfKey.set(key, r.row);
    }
    if (problems.length) {
      invalidRows++;
      errors.push(...problems);
      continue;
    }
    valid.push({
      row: r.row,
      accountName,
      customerType,
      contactName,
      contactPhone,
      model,
      quantity,
      grade,
      hot,
      channel,
      developmentType,
      ownerId: ownerId!,
      note,
      key,
    });
  }
  return { valid, errors, invalidRows, exampleRows };
}
