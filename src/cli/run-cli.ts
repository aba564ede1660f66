import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { destination } from 'pino';
import { AppModule } from '../app.module.js';
import { DomainError } from '../common/index.js';
import { type AppConfig, ConfigError } from '../config/index.js';
import { parseArgs, UsageError } from './cli-args.js';
import { COMMANDS } from './operator-commands.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<string | undefined>;
}

// Standard output carries the command's JSON result; log lines (the audit trail of the change) go to standard error.
const CLI_LOGGING = (config: AppConfig) => ({ level: config.logLevel, destination: destination({ dest: 2, sync: true }) });

const EXIT_OK = 0;
export const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

export function usage(): string {
  return ['usage: npm run cli -- <command> [options]', '', 'commands:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

/**
 * Runs one operator command against the configured database and keys; prints the result as JSON.
 * Exit codes: 0 done, 1 refused or failed (e.g. user not found, last admin), 2 bad input (with usage).
 */
export async function runCli(argv: string[], config: AppConfig, io: CliIo): Promise<number> {
  const name = argv[0];
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.out : io.err)(usage());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`error: unknown command "${name}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  let execute;
  try {
    const { options } = parseArgs(argv, command.options);
    execute = await command.prepare({ options, config, readStdin: io.readStdin });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`error: ${error.message}\nusage: npm run cli -- ${command.usage}`);
    return EXIT_USAGE;
  }
  const app = command.needsApp
    ? await NestFactory.createApplicationContext(AppModule.forRoot(config, CLI_LOGGING(config)), { logger: ['error'], abortOnError: false })
    : undefined;
  try {
    io.out(JSON.stringify(await execute(app), null, 2));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof DomainError || error instanceof ConfigError) {
      io.err(`error: ${error.message}`);
      return EXIT_FAILED;
    }
    throw error;
  } finally {
    await app?.close();
  }
}
