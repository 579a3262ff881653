// Completes the OpenAPI document from the class-validator rules the API really enforces: request
// bodies get their DTO's properties, types, enums, lengths and required fields, and query DTOs
// (`@Query() q: SomeQuery`) become query parameters. Without this the document names the DTOs but
// lists no fields, because the DTOs carry validation decorators, not @ApiProperty ones.
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { OpenAPIObject } from '@nestjs/swagger';

const { defaultMetadataStorage } =
  require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

type Schema = Record<string, any>;
type Controller = new (...args: any[]) => unknown;

const REF = '#/components/schemas/';

/**
 * `{ $ref: '#/components/schemas/Object' }` (a `string | null` property) says nothing: any value. Nor does
 * `…/Array` (an array property under a custom validator), a schema no document defines: a `@JSONSchema` says more.
 */
function tidy(schema: Schema): Schema {
  if (!schema || typeof schema !== 'object') return schema;
  if (schema.$ref === `${REF}Object` || schema.$ref === `${REF}Array`) {
    const { $ref: _ref, ...rest } = schema;
    return rest;
  }
  const out: Schema = Array.isArray(schema) ? [] : {};
  for (const [k, v] of Object.entries(schema)) (out as any)[k] = typeof v === 'object' && v ? tidy(v) : v;
  return out;
}

function controllersOf(modules: unknown[]): Controller[] {
  const seen = new Set<unknown>();
  const out: Controller[] = [];
  const visit = (m: any) => {
    const mod = m?.module ?? m;
    if (!mod || seen.has(mod)) return;
    seen.add(mod);
    out.push(...((Reflect.getMetadata('controllers', mod) ?? []) as Controller[]));
    for (const i of Reflect.getMetadata('imports', mod) ?? []) visit(i);
  };
  modules.forEach(visit);
  return out;
}

/** Adds the DTO fields to `doc` in place and returns it. `modules`: the feature modules (for query DTOs). */
export function withValidatorSchemas(doc: OpenAPIObject, modules: unknown[]): OpenAPIObject {
  const schemas = tidy(
    validationMetadatasToSchemas({ refPointerPrefix: REF, classTransformerMetadataStorage: defaultMetadataStorage }),
  );
  doc.components ??= {};
  const components = (doc.components.schemas ??= {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(schemas)) {
    const current = components[name];
    if (!current || !Object.keys(current.properties ?? {}).length) components[name] = schema;
  }
  const operations = new Map<string, Schema>();
  for (const path of Object.values(doc.paths)) {
    for (const op of Object.values(path as Record<string, Schema>))
      if (op?.operationId) operations.set(op.operationId, op);
  }
  for (const controller of controllersOf(modules)) {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const op = operations.get(`${controller.name}_${method}`);
      const args: Record<string, { index: number; data?: unknown }> =
        Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {};
      const types: unknown[] = Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? [];
      if (!op) continue;
      for (const [key, arg] of Object.entries(args)) {
        if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY || arg.data !== undefined) continue;
        const schema = schemas[(types[arg.index] as { name?: string })?.name ?? ''];
        if (!schema) continue;
        const params = (op.parameters ??= []) as Schema[];
        for (const [name, prop] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
          if (params.some((p) => p.in === 'query' && p.name === name)) continue;
          params.push({ name, in: 'query', required: (schema.required ?? []).includes(name), schema: prop });
        }
      }
    }
  }
  return doc;
}
