import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectErrorCodes } from './error-codes.js';

describe('collectErrorCodes', () => {
  it("finds the codes of a module added later, in source and in the build's output, without an edit in src/openapi", () => {
    const root = mkdtempSync(join(tmpdir(), 'gatehouse-codes-'));
    try {
      mkdirSync(join(root, 'mfa'));
      writeFileSync(
        join(root, 'mfa', 'mfa.errors.ts'),
        "export const MfaErrors = {\n  bad: () =>\n    new DomainError(\n      'AUTH_MFA_CODE_INVALID', 400, 'x'),\n};\n",
      );
      mkdirSync(join(root, 'keys'));
      writeFileSync(join(root, 'keys', 'api-key.errors.js'), "bad: () => new index_js_1.DomainError('API_KEY_INVALID', 401, 'x'),");
      // Not an errors file: a code named elsewhere is not an answer the API gives.
      writeFileSync(join(root, 'keys', 'notes.ts'), "new DomainError('NOT_A_CODE', 400, 'x')");
      const codes = collectErrorCodes(root);
      expect(codes).toEqual(expect.arrayContaining(['AUTH_MFA_CODE_INVALID', 'API_KEY_INVALID', 'REQUEST_INVALID', 'INTERNAL_ERROR']));
      expect(codes).not.toContain('NOT_A_CODE');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("holds every code this repository's modules raise", () => {
    expect(collectErrorCodes()).toEqual(expect.arrayContaining(['AUTH_TOKEN_INVALID', 'USER_LAST_ADMIN', 'DATABASE_UNAVAILABLE', 'AUTH_BUSY']));
  });
});
