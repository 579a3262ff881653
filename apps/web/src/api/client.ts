// The one HTTP client of the web workspace: bearer token from the session, JSON in and out, and
// every non-2xx answer turned into an ApiError carrying the contract's { error, message, details }.
export interface FieldProblem {
  field: string;
  problem: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'kaflow.token';
let onUnauthorized: (() => void) | undefined;

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
  /** Called when the API answers 401 to a signed-in request (the session expired). */
  onExpired: (fn: () => void) => {
    onUnauthorized = fn;
  },
};

/**
 * The Idempotency-Key of a write (docs/operations.md "Idempotency-Key"): one fresh key per submission, and the
 * SAME key while that submission has no answer yet or failed without one (network gone, 5xx): a second tap or
 * a retry of the same method, path and body sends the key again, and the API answers the first result instead
 * of writing twice. An answer (2xx or 4xx) settles the key; the next submission gets a new one.
 */
const openKeys = new Map<string, string>();

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Plain-HTTP pages (no secure context) lack randomUUID; getRandomValues is there.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const idempotencyKeys = {
  /** The key for this submission: the open one for the same signature, or a fresh one. */
  take(signature: string): string {
    let key = openKeys.get(signature);
    if (!key) {
      key = newKey();
      openKeys.set(signature, key);
    }
    return key;
  },
  /** The request got an answer that a retry would not change (anything but a network failure or a 5xx). */
  settle(signature: string, status: number): void {
    if (status > 0 && status < 500) openKeys.delete(signature);
  },
};

const WRITES = ['POST', 'PATCH'];

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const signature = `${method} ${path} ${payload ?? ''}`;
  const idempotent = WRITES.includes(method);
  if (idempotent) headers['Idempotency-Key'] = idempotencyKeys.take(signature);
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, 'Network', 'network');
  }
  if (idempotent) idempotencyKeys.settle(signature, res.status);
  const text = await res.text();
  const json = text ? safeJson(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && token) {
      session.clear();
      onUnauthorized?.();
    }
    const b = (json ?? {}) as { error?: string; message?: string; details?: FieldProblem[] };
    throw new ApiError(res.status, b.error ?? String(res.status), b.message ?? res.statusText, b.details ?? []);
  }
  return json as T;
}

/** For a write's mutation: try again (with the same key) when the network failed or the API was unavailable. */
export const retryWrite = (failures: number, error: unknown) =>
  failures < 2 && error instanceof ApiError && (error.status === 0 || error.status === 503);

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

/** `?a=1&b=x` from an object, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Downloads a file the API serves behind the bearer token (e.g. an .xlsx form). */
export async function download(path: string, filename: string): Promise<void> {
  const token = session.token();
  const res = await fetch(`/api${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, String(res.status), res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
