import 'reflect-metadata';
import { createApp } from './app.setup.js';
import { ConfigError, loadConfigFromProcessEnv } from './config/index.js';

async function bootstrap(): Promise<void> {
  const config = loadConfigFromProcessEnv();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  console.log(`Gatehouse listening on http://localhost:${config.port} (${config.database.type}, ${config.jwt.algorithm})`);
}

bootstrap().catch((error: unknown) => {
  // A bad configuration stops start-up with one line and a non-zero exit.
  if (error instanceof ConfigError) console.error(`Gatehouse refused to start: ${error.message}`);
  else console.error('Gatehouse failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
