// An import's per-row problem, which the API words in English, in the reader's language (imports.problemText.*).
import type { TFunction } from 'i18next';
import '../../i18n/outputs';

/** An import problem (the API words it in English) in the reader's language. */
export function importProblem(problem: string, t: TFunction): string {
  const p = 'imports.problemText.';
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^is required: name the consultant/i, () => t(`${p}ownerMissing`)],
    [/^is required/i, () => t(`${p}required`)],
    [/at most (\d+) characters/i, (m) => t(`${p}maxChars`, { n: m[1] })],
    [/^must be one of (.*?) \(or the codes/i, (m) => t(`${p}oneOf`, { list: m[1] })],
    [/phone|mobile number|landline/i, () => t(`${p}phone`)],
    [/whole number from 1 to 500/i, () => t(`${p}quantity`)],
    [/are not imported/i, () => t(`${p}grade`)],
    [/must be 是 or 否/i, () => t(`${p}hot`)],
    [/active consultant/i, () => t(`${p}owner`)],
    [/^repeats row (\d+)/i, (m) => t(`${p}repeats`, { n: m[1] })],
    [/no header row/i, () => t(`${p}header`)],
    [/appears twice/i, () => t(`${p}twice`)],
    [/required column is missing/i, () => t(`${p}missingColumn`)],
  ];
  for (const [re, f] of rules) {
    const m = problem.match(re);
    if (m) return f(m);
  }
  return t(`${p}other`, { problem });
}
