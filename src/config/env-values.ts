import { parseDurationSeconds } from './duration.js';

/** Thrown at boot with a one-line reason; main.ts prints it and exits non-zero. */
export class ConfigError extends Error {}

/** The environment as read once (process.env in main, a record in tests). */
export type Env = Record<string, string | undefined>;

// An empty value means unset for every reader here (e.g. `PORT=` in an env file).
export function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function duration(env: Env, name: string, fallback: string): number {
  // An empty value means unset, as for every other variable (e.g. `ACCESS_TOKEN_TTL=` in an env file).
  const raw = env[name] || fallback;
  const seconds = parseDurationSeconds(raw);
  if (seconds === undefined) throw new ConfigError(`${name} must be seconds or a duration like 15m, 1h, 30d; got "${raw}"`);
  return seconds;
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}
