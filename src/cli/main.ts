import 'reflect-metadata';
import { ConfigError, loadConfigFromProcessEnv } from '../config/index.js';
import { EXIT_FAILED, runCli } from './run-cli.js';

/** Piped input only: on a terminal there is nothing to read and the command asks for --password instead. */
async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined;
}

async function main(): Promise<number> {
  const config = loadConfigFromProcessEnv();
  return runCli(process.argv.slice(2), config, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    readStdin,
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(`error: configuration: ${error.message}`);
    else console.error('error:', error instanceof Error ? error.message : error);
    process.exit(EXIT_FAILED);
  },
);
