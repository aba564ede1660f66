import 'reflect-metadata';
import './preload-nest-common.js';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.setup.js';
import { ConfigError, loadConfigFromProcessEnv } from './config/index.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigFromProcessEnv();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.http.host });
  // The address actually bound (PORT=0 picks one), so the line is true behind a proxy or on loopback.
  console.log(`Gatehouse listening on ${listeningUrl(app.getHttpServer().address())} (${config.database.type}, ${config.jwt.algorithm})`);
}

function listeningUrl(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') return String(address);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

bootstrap().catch((error: unknown) => {
  // A bad configuration stops start-up with one line and a non-zero exit.
  if (error instanceof ConfigError) console.error(`Gatehouse refused to start: ${error.message}`);
  else console.error('Gatehouse failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
