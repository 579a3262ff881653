// The manual's outputs as the pages read them (scorecards, forms, imports, the region), and the two file
// transfers they need: a download behind the bearer token (fetch → blob → saved under the server's file
// name; never a token in a URL) and a multipart upload.
import { ApiError, idempotencyKeys, session, type FieldProblem } from './client';

export interface ScoredKpi {
  key: string;
  label: string;
  weight: number;
  target?: number;
  direction?: 'higher' | 'lower';
  value: number | null;
  numerator: number;
  denominator: number;
  score: number | null;
  reason?: string;
}

export interface ScorecardItem {
  userId: string;
  displayName: string;
  role: string;
  kpis: ScoredKpi[];
  total: number;
  scoredWeight?: number;
}

export interface Scorecards {
  month: string;
  items: ScorecardItem[];
}

export interface DrillDown {
  month: string;
  userId: string;
  displayName: string;
  key: string;
  label: string;
  numerator: number;
  denominator: number;
  value: number | null;
  reason?: string;
  formula?: { numerator: string; denominator: string };
  records: {
    type: string;
    id: string;
    at: string | null;
    description: string;
    numerator: number;
    denominator: number;
  }[];
}

export type PeriodKind = 'year' | 'month' | 'week' | 'none';
export interface FormInfo {
  no: number;
  key: string;
  title: string;
  period: PeriodKind;
}
export interface FormColumn {
  key: string;
  label: string;
  group?: string;
  type?: 'text' | 'int' | 'number' | 'percent' | 'date' | 'datetime';
}
export type FormCell = string | number | boolean | null;
/** A signature line under a form's table: the step, who ("B 代 A" for a substitute) and when. */
export interface FormSignature {
  key: string;
  label: string;
  name: string | null;
  at: string | null;
}
export interface FormAnswer {
  no: number;
  title: string;
  period: string;
  dealer?: string;
  columns: FormColumn[];
  rows: Record<string, FormCell>[];
  signatures?: FormSignature[];
}
export interface RegionFormAnswer {
  no: number;
  title: string;
  period: string;
  columns: FormColumn[];
  dealers: {
    dealerId: string;
    dealer: string;
    rows: Record<string, FormCell>[];
    signatures?: FormSignature[];
  }[];
}

export interface ImportProblem {
  row: number;
  column: string;
  problem: string;
}
export interface ImportJob {
  id: string;
  status: 'validating' | 'writing' | 'rhythms' | 'done' | 'rejected' | 'failed' | 'interrupted';
  dryRun: boolean;
  skipInvalid: boolean;
  rowsRead: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsExisting: number;
  rowsToCreate: number;
  rowsDone: number;
  created: number;
  rhythms: { started: number; pending: number };
  errors: ImportProblem[];
  errorCount?: number;
  message: string | null;
}

export interface RegionScorecards {
  month: string;
  region: { id: string; code: string; name: string };
  dealers: { id: string; code: string; name: string; items: ScorecardItem[] }[];
  comparison: {
    key: string;
    label: string;
    direction: 'higher' | 'lower';
    values: { dealerId: string; value: number | null; numerator: number; denominator: number; reason?: string }[];
  }[];
}

/** The API's language parameter for the UI language. */
export const apiLang = (uiLang: string) => (uiLang === 'en' ? 'en' : 'zh');

const authHeaders = (): Record<string, string> => {
  const token = session.token();
  return token ? { Authorization: `Bearer ${token}` } : {};
};

async function failure(res: Response): Promise<ApiError> {
  const b = (await res.json().catch(() => ({}))) as { error?: string; message?: string; details?: FieldProblem[] };
  return new ApiError(res.status, b.error ?? String(res.status), b.message ?? res.statusText, b.details ?? []);
}

/** The file name of a Content-Disposition header (RFC 5987 filename* first). */
export function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8)?''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1];
}

/** Downloads a file the API serves behind the bearer token, saved under the name the server gives. */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { headers: authHeaders() });
  } catch {
    throw new ApiError(0, 'Network', 'network');
  }
  if (!res.ok) throw await failure(res);
  const name = dispositionName(res.headers.get('Content-Disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** POSTs a file as the multipart field `file`; answers the status and the JSON body (2xx and 400 alike). */
export async function uploadFile<T>(path: string, file: File): Promise<{ status: number; body: T }> {
  const form = new FormData();
  form.append('file', file, file.name);
  const signature = `POST ${path} file ${file.name} ${file.size} ${file.lastModified}`;
  const headers = { ...authHeaders(), 'Idempotency-Key': idempotencyKeys.take(signature) };
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method: 'POST', headers, body: form });
  } catch {
    throw new ApiError(0, 'Network', 'network');
  }
  idempotencyKeys.settle(signature, res.status);
  if (res.ok || res.status === 400) {
    const body = (await res.json().catch(() => ({}))) as T & { report?: unknown };
    if (res.ok || (body as { report?: unknown }).report) return { status: res.status, body };
    const b = body as { error?: string; message?: string; details?: FieldProblem[] };
    throw new ApiError(400, b.error ?? '400', b.message ?? res.statusText, b.details ?? []);
  }
  throw await failure(res);
}
