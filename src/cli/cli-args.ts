import { isUUID } from 'class-validator';
import { ALL_ROLES, type Role } from '../authorization/index.js';
import { parseDurationSeconds } from '../config/index.js';
import { emailAddressProblem } from '../users/index.js';

/** Bad command-line input: printed with the usage and exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  command: string;
  options: Map<string, string>;
}

/** `command --name value --other=value`; every option takes a value, and each may appear once. */
export function parseArgs(argv: string[], allowed: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const value = eq === -1 ? rest[++i] : arg.slice(eq + 1);
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name} for ${command}`);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (options.has(name)) throw new UsageError(`--${name} given twice`);
    options.set(name, value);
  }
  return { command, options };
}

export function parseRoles(raw: string | undefined): Role[] {
  if (raw === undefined) throw new UsageError('--roles is required, e.g. --roles editor or --roles user,editor');
  const roles = raw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length === 0) throw new UsageError('--roles needs at least one role');
  for (const role of roles) {
    if (!ALL_ROLES.includes(role as Role)) throw new UsageError(`unknown role "${role}" (known: ${ALL_ROLES.join(', ')})`);
  }
  return [...new Set(roles)] as Role[];
}

export function parseEmail(raw: string | undefined): string {
  if (raw === undefined) throw new UsageError('--email is required');
  // The registration rules (no control characters, nothing that NFKC changes); JSON quoting keeps the echo printable.
  const problem = raw.length > 254 ? 'must be at most 254 characters' : emailAddressProblem(raw);
  if (problem) throw new UsageError(`${JSON.stringify(raw)} is not a valid email address: it ${problem}`);
  return raw;
}

/** The same rule as registration: 8 to 128 characters. */
export function checkPassword(password: string): string {
  if (password.length < 8 || password.length > 128) throw new UsageError('the password must be 8 to 128 characters');
  return password;
}

/** A user is named by --email or --id (a UUID), exactly one of them. */
export function parseUserRef(options: Map<string, string>): { email: string } | { id: string } {
  const email = options.get('email');
  const id = options.get('id');
  if ((email === undefined) === (id === undefined)) throw new UsageError('name the user with exactly one of --email or --id');
  if (id !== undefined) {
    if (!isUUID(id)) throw new UsageError(`--id must be a UUID, got "${id}"`);
    return { id };
  }
  return { email: parseEmail(email) };
}

/** `--sign-after 15m` of rotate-keys: stage the new key, publishing it now and signing with it only later. */
export function parseSignAfter(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = parseDurationSeconds(raw);
  if (seconds === undefined) throw new UsageError(`--sign-after must be seconds or a duration like 15m, got "${raw}"`);
  return seconds;
}
