// The API's operations as the OpenAPI document (/api/docs-json) lists them, for tests that must
// cover every endpoint without naming it: the hostile-input fuzz and the access matrix.
export type Schema = Record<string, any>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As in the document: `/api/tasks/{id}`. */
  path: string;
  /** `GET /api/tasks/{id}`: the key of the access matrix's expectations. */
  key: string;
  params: Param[];
  /** The JSON body's schema with every `$ref` resolved; undefined when the operation takes no body. */
  body?: Schema;
  /** The body is a DTO whose fields the API validates (unknown fields are a 400). */
  dtoBody: boolean;
  /** No token needed (`security` empty and not behind the bearer guard). */
  isPublic: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function resolveRefs(doc: Schema, schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema || typeof schema !== 'object' || depth > 8) return schema;
  if (schema.$ref) {
    const name = String(schema.$ref).replace('#/components/schemas/', '');
    const { $ref: _ref, ...rest } = schema;
    return { ...rest, ...(resolveRefs(doc, doc.components?.schemas?.[name], depth + 1) ?? {}) };
  }
  const out: Schema = Array.isArray(schema) ? [] : {};
  for (const [k, v] of Object.entries(schema))
    (out as any)[k] = v && typeof v === 'object' ? resolveRefs(doc, v, depth + 1) : v;
  return out;
}

/** Operations the document lists. `publicKeys`: operations known to need no token (login, health). */
export function operationsOf(doc: Schema, publicKeys: string[]): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const bodyRef = op.requestBody?.content?.['application/json']?.schema;
      const body = resolveRefs(doc, bodyRef);
      ops.push({
        method,
        path,
        key,
        params: ((op.parameters ?? []) as Param[]).map((p) => ({
          ...p,
          required: !!p.required,
          schema: p.schema ?? {},
        })),
        body: body ?? (method === 'get' || method === 'delete' ? undefined : {}),
        dtoBody: !!body && Object.keys(body.properties ?? {}).length > 0,
        isPublic: publicKeys.includes(key),
      });
    }
  }
  return ops;
}

/** `/api/tasks/{id}` with the values given (each URI-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(wellFormed(values[name] ?? 'x')));
}

/** Lone surrogates become U+FFFD, as a browser's URL encoder does (encodeURIComponent throws on them). */
export const wellFormed = (v: string) =>
  v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Every identifier-like string in a JSON value (UUIDs), for leak checks. */
export function uuidsIn(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
}
