// The columns of the 留档 record as the import template shows them: Chinese headers (a trailing *
// marks a required one), the API key each maps to, and for enumerations the labels the template's
// drop-down lists offer. A file may use the Chinese headers or the API keys, and the labels or codes.
import { CHANNELS, CUSTOMER_TYPES, DEVELOPMENT_TYPES, GRADE_LABELS_ZH, type Channel, type Grade } from '@kaflow/domain';
import { CHANNEL_LABELS, CUSTOMER_TYPE_LABELS, DEVELOPMENT_LABELS } from '../format';

export type ImportKey =
  | 'accountName'
  | 'customerType'
  | 'contactName'
  | 'contactPhone'
  | 'model'
  | 'quantity'
  | 'grade'
  | 'hot'
  | 'channel'
  | 'developmentType'
  | 'owner'
  | 'note';

export interface EnumOption {
  code: string;
  label: string;
}

export interface ImportColumn {
  key: ImportKey;
  header: string;
  required: boolean;
  /** Other header spellings accepted (the API's field names). */
  aliases: string[];
  options?: EnumOption[];
  example: string;
  width: number;
}

/** Grades a dealer's existing list may hold: W (not recorded) and F (lost) are not a live base. */
export const IMPORT_GRADES = ['O', 'H', 'A', 'B', 'C', 'D'] as const;

const opts = (codes: readonly string[], label: (c: string) => string): EnumOption[] =>
  codes.map((code) => ({ code, label: label(code) }));

export const HOT_OPTIONS: EnumOption[] = [
  { code: 'true', label: '是' },
  { code: 'false', label: '否' },
];

export const IMPORT_COLUMNS: ImportColumn[] = [
  {
    key: 'accountName',
    header: '单位名称',
    required: true,
    aliases: ['account', 'account.name'],
    example: '示例：成都市交通运输局',
    width: 28,
  },
  {
    key: 'customerType',
    header: '客户类型',
    required: true,
    aliases: ['account.customerType'],
    width: 14,
    options: opts(CUSTOMER_TYPES, (c) => CUSTOMER_TYPE_LABELS[c].zh),
    example: '政府',
  },
  { key: 'contactName', header: '联系人', required: true, aliases: [], example: '刘科长', width: 12 },
  { key: 'contactPhone', header: '联系电话', required: true, aliases: ['phone'], example: '13880001234', width: 16 },
  { key: 'model', header: '车型', required: true, aliases: [], example: 'A6L', width: 10 },
  { key: 'quantity', header: '数量', required: true, aliases: [], example: '8', width: 8 },
  {
    key: 'grade',
    header: '级别',
    required: true,
    aliases: [],
    width: 16,
    options: opts(IMPORT_GRADES, (g) => `${g}-${GRADE_LABELS_ZH[g as Grade]}`),
    example: 'A-1-3月内',
  },
  { key: 'hot', header: '热点客户', required: false, aliases: [], options: HOT_OPTIONS, example: '否', width: 10 },
  {
    key: 'channel',
    header: '来源渠道',
    required: true,
    aliases: [],
    width: 18,
    options: opts(CHANNELS, (c) => CHANNEL_LABELS[c as Channel].zh),
    example: '商业活动/企业论坛',
  },
  {
    key: 'developmentType',
    header: '开发类型',
    required: true,
    aliases: [],
    width: 12,
    options: opts(DEVELOPMENT_TYPES, (c) => DEVELOPMENT_LABELS[c].zh),
    example: '新客户开发',
  },
  {
    key: 'owner',
    header: '顾问账号',
    required: false,
    aliases: ['ownerUsername', 'consultant'],
    example: 'consultant',
    width: 14,
  },
  { key: 'note', header: '备注', required: false, aliases: [], example: '年底前确定采购数量', width: 30 },
];

/** The template's example row starts its account name with this; such rows are never imported. */
export const EXAMPLE_PREFIX = '示例';

export const headerText = (c: ImportColumn): string => (c.required ? `${c.header}*` : c.header);

const norm = (s: string) => s.replace(/[\s*＊]/g, '').toLowerCase();
const BY_HEADER = new Map<string, ImportColumn>();
for (const c of IMPORT_COLUMNS) for (const h of [c.header, c.key, ...c.aliases]) BY_HEADER.set(norm(h), c);

/** The column a header cell names, if any. */
export const columnOfHeader = (h: unknown): ImportColumn | undefined =>
  typeof h === 'string' || typeof h === 'number' ? BY_HEADER.get(norm(String(h))) : undefined;
