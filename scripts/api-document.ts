// The API's OpenAPI document as it serves it at /api/docs-json, built from the Nest app in preview mode:
// the controllers are scanned and no provider is made, so no database or Temporal is needed. Every
// object's keys are sorted, so the document does not follow the order modules are scanned in.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@kaflow/config';
import { AppModule } from '../apps/api/src/app.module';
import { openApiDocument } from '../apps/api/src/common/openapi-document';

/** A copy of a JSON value with every object's keys in order, so the output does not follow scan order. */
export function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}

export async function apiDocument(): Promise<Record<string, any>> {
  const app = await NestFactory.create(AppModule.forRoot(loadConfig()), { preview: true, logger: false });
  app.setGlobalPrefix('api');
  try {
    return sorted(openApiDocument(app)) as Record<string, any>;
  } finally {
    await app.close();
  }
}
