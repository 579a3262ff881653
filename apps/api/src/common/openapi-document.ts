// The API's OpenAPI document, served at /api/docs and written by `npm run api:types` for the web's
// generated types: Nest's scan of the controllers, the DTO fields from the class-validator rules,
// the answers' schemas.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { FEATURE_MODULES } from '../app.module';
import { withValidatorSchemas } from './openapi-schemas';
import { withResponseSchemas } from './openapi-responses';

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('KA Flow API')
    .setDescription('大用户潜客管理: key-account prospect management')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return withResponseSchemas(withValidatorSchemas(SwaggerModule.createDocument(app, config), FEATURE_MODULES));
}
