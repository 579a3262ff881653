// `npm run migrate`: creates the database if missing and applies pending migrations.
import 'reflect-metadata';
import { loadConfig } from '@kaflow/config';
import { migrate } from './data-source';

migrate(loadConfig().databaseUrl)
  .then((ran) => {
    console.log(ran.length ? `migrations applied: ${ran.join(', ')}` : 'schema up to date');
  })
  .catch((e) => {
    console.error('migration failed:', e.message ?? e);
    process.exit(1);
  });
