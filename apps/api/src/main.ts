import { loadConfig } from '@kaflow/config';
import { createApp } from './app.factory';

async function main() {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  console.log(`KA Flow API on ${config.publicUrl}/api (OpenAPI ${config.publicUrl}/api/docs)`);
}

main().catch((e) => {
  console.error('API failed to start:', e?.message ?? e);
  process.exit(1);
});
