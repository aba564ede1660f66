import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP_ERROR_CODE_LIST } from '../common/index.js';

// src/ when run from source (tests), dist/src/ when built: the folder that holds every module.
const MODULES_ROOT = join(__dirname, '..');
const ERROR_FILE = /(\.errors|[\\/]domain-error)\.(ts|js)$/;
const CODE = /DomainError\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g;

/**
 * Every error code the API can answer: those of each module's `*.errors.ts` (read from the files, so a module added
 * later joins without an edit here) and the framework's (REQUEST_INVALID, PAYLOAD_TOO_LARGE, ...). Sorted, unique.
 */
export function collectErrorCodes(root: string = MODULES_ROOT): string[] {
  const codes = new Set<string>(HTTP_ERROR_CODE_LIST);
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!ERROR_FILE.test(file) || file.endsWith('.d.ts') || file.includes('.spec.')) continue;
    for (const match of readFileSync(join(root, file), 'utf8').matchAll(CODE)) codes.add(match[1]);
  }
  return [...codes].sort();
}
