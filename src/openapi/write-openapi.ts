import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '../app.setup.js';
import { loadConfig } from '../config/index.js';
import { buildOpenApiDocument, renderOpenApiJson } from './openapi.setup.js';

/**
 * `npm run openapi`: writes openapi.json at the repository root. The app boots on a throw-away SQLite file
 * and key folder because the document depends on the routes only, never on configuration or data.
 */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-openapi-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, JWT_KEYS_DIR: join(dir, 'keys') });
    const app = await createApp(config, { logger: false });
    const target = resolve(process.argv[2] ?? 'openapi.json');
    writeFileSync(target, renderOpenApiJson(buildOpenApiDocument(app)));
    await app.close();
    console.log(`wrote ${target}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('openapi generation failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
