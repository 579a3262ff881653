// The manual's vocabularies for the prospect forms (the API checks them too) and their names in the
// reader's language: both the domain's own (@kaflow/domain), so a value without a name fails the typecheck.
import { LABELS_EN, LABELS_ZH, type Labels } from '@kaflow/domain/src/labels';

export { CHANNELS, CUSTOMER_TYPES, DEVELOPMENT_TYPES, FOLLOW_UP_CHANNELS, GRADES } from '@kaflow/domain/src/enums';

/** The vocabularies a page names a value of (a value like `showroom` means another thing in each). */
export type Vocabulary = 'customerType' | 'channel' | 'developmentType' | 'followUpChannel';

export const labels = (lang: string): Labels => (lang === 'en' ? LABELS_EN : LABELS_ZH);

/** A value's name in the reader's language; an unknown value as it is. */
export const vocab = (lang: string, of: Vocabulary, v: string): string =>
  (labels(lang)[of] as Record<string, string>)[v] ?? v;

export const options = (lang: string, of: Vocabulary, list: readonly string[]) =>
  list.map((v) => ({ value: v, label: vocab(lang, of, v) }));

/** A grade's options: the letter and what it means (A · 1-3月内). */
export const gradeOptions = (lang: string, list: readonly string[]) =>
  list.map((g) => ({ value: g, label: `${g} · ${(labels(lang).grade as Record<string, string>)[g] ?? ''}` }));
