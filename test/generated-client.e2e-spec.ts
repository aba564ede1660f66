import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Middleware } from 'openapi-fetch';
import { runClientFlow } from './client/client-flow.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, startApp, type TestApp, uniqueEmail } from './support/test-app.js';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const GENERATED = join(ROOT, 'test', 'client', 'gatehouse-api.ts');

type Json = Record<string, unknown>;
interface Seen {
  method: string;
  schemaPath: string;
  status: number;
  contentType: string;
  body: string;
}

/** A copy of a schema tree where every object without its own rule is closed: a field the document omits fails. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (!node || typeof node !== 'object') return node;
  const copy: Json = {};
  for (const [key, value] of Object.entries(node as Json)) copy[key] = key === 'example' || key === 'examples' ? value : closed(value);
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  if (typeof copy.$ref === 'string' && copy.$ref.startsWith('#/')) copy.$ref = `doc${copy.$ref}`;
  return copy;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/**
 * A client generated from openapi.json by openapi-typescript, used through openapi-fetch, type-checked under strict,
 * run against the app; every answer is checked with ajv against the document (status and body, undocumented fields
 * included).
 */
describe('a client generated from openapi.json', () => {
  const document = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, Json>> };
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-client-'));
    t = await startApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is generated from the committed openapi.json (run `npm run openapi:client` after `npm run openapi`)', async () => {
    const fresh = join(dir, 'gatehouse-api.ts');
    await run(join(BIN, 'openapi-typescript'), [join(ROOT, 'openapi.json'), '-o', fresh], { cwd: ROOT, timeout: 60_000 });
    expect(readFileSync(GENERATED, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
  }, 90_000);

  it('type-checks the client flow under strict, and would reject an undocumented error code or field', async () => {
    // A second file that misuses the types on purpose: the check must fail on it, and only on it.
    // It lives in the test's temporary folder, so no lint or type-check of the repository ever sees it.
    const misuse = join(dir, 'misuse.ts');
    writeFileSync(
      misuse,
      [
        `import type { components } from '${GENERATED.replace(/\.ts$/, '.js')}';`,
        "export const code: components['schemas']['ErrorResponseDto']['code'] = 'NO_SUCH_CODE';",
        "type User = components['schemas']['UserResponseDto'];",
        "export const user: User = { id: 'x', email: 'a@b.c', displayName: null, roles: ['user'], disabled: false, createdAt: '', passwordHash: 'x' };",
        '',
      ].join('\n'),
    );
    try {
      const args = ['--ignoreConfig', '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
      const result = await run(
        join(BIN, 'tsc'),
        [...args, '--target', 'es2023', '--types', 'node', join(ROOT, 'test', 'client', 'client-flow.ts'), misuse],
        {
          cwd: ROOT,
          timeout: 120_000,
        },
      ).then(
        () => ({ stdout: '' }),
        (error: { stdout: string }) => ({ stdout: error.stdout }),
      );
      const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
      expect(errors.filter((line) => !line.includes('misuse.ts'))).toEqual([]);
      expect(errors.some((line) => line.includes('NO_SUCH_CODE'))).toBe(true);
      expect(errors.some((line) => line.includes('passwordHash'))).toBe(true);
    } finally {
      rmSync(misuse, { force: true });
    }
  }, 150_000);

  it('runs register, login, me, refresh, sessions, articles, an admin role change, logout and the error cases, each answer as documented', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(closed(document) as Json, 'doc');
    const validators = new Map<string, ValidateFunction>();
    const seen: Seen[] = [];
    const record: Middleware = {
      async onResponse({ request, response, schemaPath }) {
        seen.push({
          method: request.method.toLowerCase(),
          schemaPath,
          status: response.status,
          contentType: response.headers.get('content-type') ?? '',
          body: await response.clone().text(),
        });
      },
    };
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const result = await runClientFlow(
      base,
      { email: uniqueEmail('client'), password: PASSWORD },
      { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      record,
    );
    expect(result.errorCodes).toEqual(expect.arrayContaining(['AUTH_EMAIL_TAKEN', 'REQUEST_INVALID', 'PAYLOAD_TOO_LARGE', 'AUTH_REFRESH_INVALID']));
    expect(result.sessionsSeen).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeGreaterThan(30);

    const problems: string[] = [];
    for (const answer of seen) {
      const name = `${answer.method.toUpperCase()} ${answer.schemaPath} → ${answer.status}`;
      const response = document.paths[answer.schemaPath]?.[answer.method]?.responses as Record<string, Json> | undefined;
      const documented = response?.[String(answer.status)];
      if (!documented) {
        problems.push(`${name}: status not in the document`);
        continue;
      }
      const content = documented.content as Record<string, Json> | undefined;
      if (!content) {
        if (answer.body !== '') problems.push(`${name}: a body where the document describes none`);
        continue;
      }
      if (!answer.contentType.startsWith('application/json')) {
        problems.push(`${name}: ${answer.contentType || 'no content type'} instead of JSON`);
        continue;
      }
      const ref = `doc#/${pointer('paths', answer.schemaPath, answer.method, 'responses', String(answer.status), 'content', 'application/json', 'schema')}`;
      let validate = validators.get(ref);
      if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
      if (!validate(JSON.parse(answer.body))) problems.push(`${name}: ${ajv.errorsText(validate.errors)} in ${answer.body.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('the checker itself refuses an undocumented field and an undocumented status', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(closed(document) as Json, 'doc');
    const me = ajv.compile({ $ref: `doc#/${pointer('paths', '/auth/me', 'get', 'responses', '200', 'content', 'application/json', 'schema')}` });
    const user = {
      id: '00000000-0000-4000-8000-000000000000',
      email: 'a@b.c',
      displayName: null,
      roles: ['user'],
      disabled: false,
      createdAt: new Date().toISOString(),
      kind: 'person',
      emailVerified: false,
      mfaEnabled: false,
    };
    const valid = me(user);
    expect(valid ? [] : me.errors).toEqual([]);
    expect(me({ ...user, passwordHash: 'x' })).toBe(false);
    expect(me({ ...user, id: 'not-a-uuid' })).toBe(false);
    expect((document.paths['/auth/me'].get.responses as Json)['418']).toBeUndefined();
  });
});
