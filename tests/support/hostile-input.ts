// fast-check arbitraries for hostile HTTP requests built from an OpenAPI operation: wrong types,
// missing and extra fields, huge strings and numbers, deep nesting, unicode edge cases, injection
// strings, wrong content types, malformed and oversized bodies, bad tokens and path values.
// Every case for a non-GET operation carries at least one defect the API must reject (`mustReject`).
import fc from 'fast-check';
import { fillPath, wellFormed, type Operation, type Schema } from './openapi';

export interface HostileCase {
  op: Operation;
  /** What is wrong with the request (for the report). */
  defect: string;
  url: string;
  headers: Record<string, string>;
  /** The raw body as sent (already serialised), or undefined for none. */
  body?: string | Buffer;
  /** The API must answer 4xx; false only for GETs whose hostile values may be valid or ignored. */
  mustReject: boolean;
}

export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '1; SELECT pg_sleep(5)',
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '../../../../etc/passwd',
  '%00',
  '\\',
  '$where',
  '{"$gt": ""}',
  "=cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '\r\nSet-Cookie: x=y',
  'null',
  'undefined',
  'NaN',
  'true',
  '__proto__',
];

export const UNICODE_EDGES = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\uFEFF',
  '\u202Eevil',
  '\u200B\u200C\u200D',
  'e\u0301'.repeat(300),
  '👨‍👩‍👧‍👦',
  '𝕏'.repeat(500),
  '王经理'.repeat(2000),
  '\u0085\u2028\u2029',
  'ﷺ',
  '\t\n\r\v\f',
];

const HUGE_NUMBERS = [1e308, -1e308, 2 ** 63, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, -0, 1e-320, 0.1 + 0.2, 4.5];
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'dealerId',
  'id',
  'ownerId',
  '$where',
  '',
  ...INJECTIONS,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.constantFrom(...UNICODE_EDGES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...HUGE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [[[]]], { a: { b: { c: {} } } }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A plausible value for a schema: the base that one defect is added to. */
export function plausible(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const s = schema ?? {};
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date' || /date/i.test(s.description ?? '')) return fc.constant('2026-03-02');
  switch (s.type) {
    case 'string':
      return fc.oneof(
        fc.constant('测试'),
        hostileString.filter((v) => v.length > 0 && v.length <= (s.maxLength ?? 40)),
      );
    case 'integer':
    case 'number':
      return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 100, 1000) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausible(s.items), { maxLength: 3 });
    case 'object': {
      const props = Object.entries((s.properties ?? {}) as Record<string, Schema>);
      if (!props.length) return fc.dictionary(fc.constantFrom('a', 'b', 'year', 'month'), hostileValue, { maxKeys: 3 });
      return fc.record(Object.fromEntries(props.map(([k, v]) => [k, plausible(v)])), { requiredKeys: [] });
    }
    default:
      return hostileValue;
  }
}

/** A value of another JSON type than the schema asks for (always wrong for a typed field). */
export function wrongType(schema: Schema): fc.Arbitrary<unknown> | undefined {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.constantFrom(...HUGE_NUMBERS), fc.boolean()),
    number: fc.oneof(fc.constantFrom(...INJECTIONS, 'NaN', '1e999', ''), fc.boolean(), fc.constant([1])),
    boolean: fc.oneof(fc.constantFrom('yes', 'true', 1, 0), fc.constant({})),
    array: fc.oneof(hostileString, fc.constant({ 0: 'a' }), fc.integer()),
    object: fc.oneof(hostileString, fc.constant([1, 2]), fc.integer()),
  };
  if (schema.enum?.length) return hostileString.filter((v) => !schema.enum.includes(v));
  if (schema.format === 'uuid') return fc.constantFrom(...INJECTIONS, '00000000-0000-0000-0000-00000000000g', '1');
  const t = schema.type === 'integer' ? 'number' : schema.type;
  return t ? all[t] : undefined;
}

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Body-level defects that a DTO-validated body must reject. */
function dtoBodyDefects(body: Schema): fc.Arbitrary<[string, unknown]>[] {
  const props = Object.entries((body.properties ?? {}) as Record<string, Schema>);
  const required: string[] = body.required ?? [];
  const base = plausible(body) as fc.Arbitrary<Record<string, unknown>>;
  const out: fc.Arbitrary<[string, unknown]>[] = [
    fc
      .tuple(base, fc.constantFrom(...HOSTILE_KEYS), hostileValue)
      .filter(([, k]) => !props.some(([p]) => p === k))
      .map(([b, k, v]) => [`extra field ${JSON.stringify(k).slice(0, 30)}`, { ...b, [k]: v }]),
  ];
  if (required.length) {
    out.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([b, k]) => {
        const copy = { ...b };
        delete copy[k];
        return [`missing ${k}`, copy];
      }),
    );
  }
  const typed = props.filter(([, s]) => wrongType(s));
  if (typed.length) {
    out.push(
      fc
        .constantFrom(...typed)
        .chain(([k, s]) => fc.tuple(base, fc.constant(k), wrongType(s)!))
        .map(([b, k, v]) => [`wrong type ${k}`, { ...b, [k]: v }]),
    );
  }
  return out;
}

/** Raw-body defects every body-taking operation must reject, whatever its body means. */
const RAW_DEFECTS: fc.Arbitrary<[string, string | Buffer, string]>[] = [
  fc
    .constantFrom('{', '{"a":', "{'a':1}", '{"a":1,}', 'undefined', '\u0000', '{"a":1}{"b":2}')
    .map((b) => ['malformed JSON', b, 'application/json']),
  fc.constantFrom(2_100_000, 5_000_000).map((n) => ['oversized body', `{"a":"${'x'.repeat(n)}"}`, 'application/json']),
  fc
    .constantFrom(
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'text/csv',
    )
    .map((ct) => ['wrong content type', ct.includes('form') ? 'a=1&b=2' : '<a>1</a>', ct]),
  fc
    .constantFrom(1_000, 5_000, 50_000)
    .chain((d) =>
      fc
        .constantFrom('array', 'object')
        .map(
          (k) =>
            [`nested ${d} levels`, nested(d, k as 'array' | 'object'), 'application/json'] as [string, string, string],
        ),
    ),
  fc
    .constantFrom('[]', '[1,2]', '"text"', '42', 'null', 'true')
    .map((b) => ['body not an object', b, 'application/json']),
];

export interface CaseContext {
  /** A token that passes the guard for every role. */
  token: string;
  expiredToken: string;
}

/** Hostile cases for one operation. */
export function hostileCases(op: Operation, ctx: CaseContext): fc.Arbitrary<HostileCase> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  // URLs longer than Node's 16 KB header limit are cut off by the HTTP parser itself (431): keep them shorter.
  const short = hostileString.map((v) => wellFormed(v.slice(0, 1500)));
  // '', '.' and '..' do not fill a path segment: they name another route (`/api/tasks/` is the list).
  const segment = short.filter((v) => !['', '.', '..'].includes(v.trim()));
  const idLike = (name: string) => /id$/i.test(name);
  const goodPath = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [p.name, idLike(p.name) ? fc.uuid() : fc.constantFrom('2026', '2026-03')]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const badPath = fc.record(
    Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof(segment, fc.constant('9'.repeat(40)))])),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = fc
    .record(
      Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof(short, fc.constantFrom('-1', '1e999', '2026-13'))])),
      {
        requiredKeys: [],
      },
    )
    .map((q) => new URLSearchParams(q as Record<string, string>).toString());
  const auth = { Authorization: `Bearer ${ctx.token}` };
  const url = (values: Record<string, string>, q: string) => fillPath(op.path, values) + (q ? `?${q}` : '');
  const make = (
    defect: string,
    u: string,
    headers: Record<string, string>,
    body?: string | Buffer,
    mustReject = true,
  ) => ({ op, defect, url: u, headers, body, mustReject }) as HostileCase;

  const cases: fc.Arbitrary<HostileCase>[] = [];
  if (!op.isPublic) {
    cases.push(
      fc
        .tuple(
          goodPath,
          fc.constantFrom('', 'Bearer', 'Bearer x.y.z', `Bearer ${ctx.expiredToken}`, `Basic ${ctx.token}`),
        )
        .map(([p, h]) => make(`bad token "${h.slice(0, 14)}"`, url(p, ''), h ? { Authorization: h } : {})),
    );
  }
  if (pathParams.length) {
    cases.push(badPath.map((p) => make('hostile path value', url(p, ''), auth, op.body ? '{}' : undefined)));
  }
  if (pathParams.some((p) => idLike(p.name))) {
    cases.push(goodPath.map((p) => make('unknown id', url(p, ''), auth, op.body ? '{}' : undefined)));
  }
  if (op.method === 'get') {
    cases.push(
      fc
        .tuple(goodPath, query, fc.dictionary(fc.constantFrom(...HOSTILE_KEYS.filter(Boolean)), short, { maxKeys: 2 }))
        .map(([p, q, extra]) => {
          const qs = [q, new URLSearchParams(extra).toString()].filter(Boolean).join('&');
          return make(
            'hostile query',
            url(p, qs),
            auth,
            undefined,
            pathParams.some((x) => idLike(x.name)),
          );
        }),
    );
  }
  if (op.body) {
    const json = { ...auth, 'Content-Type': 'application/json' };
    for (const d of RAW_DEFECTS) {
      cases.push(
        fc
          .tuple(goodPath, d)
          .map(([p, [defect, body, ct]]) => make(defect, url(p, ''), { ...auth, 'Content-Type': ct }, body)),
      );
    }
    if (op.dtoBody) {
      for (const d of dtoBodyDefects(op.body)) {
        cases.push(
          fc.tuple(goodPath, d).map(([p, [defect, body]]) => make(defect, url(p, ''), json, JSON.stringify(body))),
        );
      }
      cases.push(
        fc
          .tuple(
            goodPath,
            fc.constantFrom(...Object.keys(op.body.properties)),
            fc.constantFrom('1e999', '-1e999', '123456789012345678901234567890'),
          )
          .map(([p, k, n]) => make(`huge number ${k}`, url(p, ''), json, `{${JSON.stringify(k)}:${n},"__extra__":1}`)),
      );
    }
  }
  return fc.oneof(...cases);
}
