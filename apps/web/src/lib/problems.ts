// A 400's details beside the fields they name, in the reader's language.
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError, type FieldProblem } from '../api/client';

/** 'data.corrections[0].value' → ['data', 'corrections', 0, 'value'] (an antd name path). */
export function namePath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const ZH: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/required|is empty|must not be empty|a comment is required/i, () => '请填写此项'],
  [/support check/i, () => '客户资源不足以支撑月度目标：批准时必须填写覆盖说明'],
  [/override note/i, () => '覆盖率不足：批准时必须填写覆盖说明'],
  [/must be between (\S+) and (\S+)/i, (m) => `须在 ${m[1]} 与 ${m[2]} 之间`],
  [/must be one of/i, () => '取值无效，请从列表中选择'],
  [/correction/i, () => '请至少填写一项更正（字段与正确的值）'],
  [/lessons/i, () => '请填写经验教训'],
  [/phone/i, () => '请填写有效的电话号码'],
  [/stale revision|version/i, () => '数据已被他人修改，请刷新后重试'],
  [/gap/i, () => '有差距时请至少填写一项措施'],
];

export function problemText(p: FieldProblem, t: TFunction, lang: string): string {
  if (lang !== 'en') {
    for (const [re, text] of ZH) {
      const m = p.problem.match(re);
      if (m) return text(m);
    }
    return t('common.fieldProblem', { problem: p.problem });
  }
  return p.problem.charAt(0).toUpperCase() + p.problem.slice(1);
}

/**
 * Puts each problem of a 400 on the form field it names (fields named as in the request body, e.g.
 * `comment`, `data.overrideNote`); returns the problems no field of the form carries.
 */
export function showProblems(
  form: FormInstance,
  err: unknown,
  t: TFunction,
  lang: string,
  prefix = '',
): FieldProblem[] {
  if (!(err instanceof ApiError) || err.status !== 400) return [];
  const registered = new Set(Object.keys(flatten(form.getFieldsValue(true))));
  const left: FieldProblem[] = [];
  const fields = [];
  for (const d of err.details) {
    const field = prefix && d.field.startsWith(prefix) ? d.field.slice(prefix.length) : d.field;
    const path = namePath(field);
    if (registered.has(path.join('.')) || [...registered].some((r) => r.startsWith(`${path.join('.')}.`))) {
      fields.push({ name: path, errors: [problemText(d, t, lang)] });
    } else left.push(d);
  }
  form.setFields(fields);
  return left;
}

function flatten(v: unknown, prefix = '', out: Record<string, true> = {}): Record<string, true> {
  if (v && typeof v === 'object') {
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      const key = prefix ? `${prefix}.${k}` : k;
      out[key] = true;
      flatten(val, key, out);
    }
  }
  return out;
}

/** A message for a failure that is not a field's (403, 404, 503, network). */
export function failureText(err: unknown, t: TFunction): string {
  if (!(err instanceof ApiError)) return t('common.error');
  if (err.status === 0) return t('common.network');
  if (err.status === 403) return t('common.forbidden');
  if (err.status === 404) return t('common.notFound');
  if (err.status === 503) return t('common.unavailable');
  return err.message || t('common.error');
}
