// What every pre-fill returns, and the small rate arithmetic they share.
export interface Prefill {
  input: Record<string, any>;
  basis: Record<string, any>;
}

export const rate = (num: number, den: number, fallback: number) =>
  den > 0 ? Math.min(1, Math.round((num / den) * 10000) / 10000) : fallback;
export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
