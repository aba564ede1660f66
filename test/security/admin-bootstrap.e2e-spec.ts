import { rmSync } from 'node:fs';
import { ConfigError } from '../../src/config/index.js';
import { userWithRole } from '../support/accounts.js';
import { dropTestDatabase, services } from '../support/services.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, decodeSegment, startApp, uniqueEmail, type TestApp } from '../support/test-app.js';

// nestjs-pino keeps one root logger per process (the first app's destination wins), so every app of this file
// writes to this one destination.
const lines: string[] = [];
const logDestination = { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) };
const events = (prefix: string) =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((r) => typeof r.event === 'string' && r.event.startsWith(prefix));

const OPERATOR_PASSWORD = 'the operator password 1';
const SQUATTER_PASSWORD = 'the squatter password 1';

/** Starts on `dir` (a restart when given), or returns why start-up refused. */
async function start(env: Record<string, string>, dir?: string): Promise<TestApp | Error> {
  return startApp(env, dir, { logDestination }).catch((error: unknown) => error as Error);
}

function started(app: TestApp | Error): TestApp {
  if (app instanceof Error) throw app;
  return app;
}

async function removeFiles(dir: string): Promise<void> {
  if (services.postgres) await dropTestDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
}

describe('ADMIN_EMAIL bootstrap cannot be hijacked', () => {
  beforeEach(() => {
    lines.length = 0;
  });

  it('refuses to start when someone registered ADMIN_EMAIL first, and gives the squatter nothing', async () => {
    const ops = uniqueEmail('ops');
    // A server without a bootstrap admin; someone registers the address the operator will use.
    const before = started(await start({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' }));
    const dir = before.dir;
    let squatterId: string;
    try {
      const squatter = await before.user(ops, SQUATTER_PASSWORD);
      squatterId = squatter.id;
    } finally {
      await before.close({ keepFiles: true });
    }

    try {
      // The operator now starts with ADMIN_EMAIL set to that address.
      const bootstrapped = await start({ ADMIN_EMAIL: ops, ADMIN_PASSWORD: OPERATOR_PASSWORD }, dir);
      if (!(bootstrapped instanceof Error)) {
        // What the old behaviour allowed: the squatter's password logs in with the admin role.
        try {
          const login = await bootstrapped.http().post('/auth/login').send({ email: ops, password: SQUATTER_PASSWORD });
          expect(login.status === 200 ? decodeSegment(login.body.accessToken, 1).roles : []).not.toContain('admin');
        } finally {
          await bootstrapped.close({ keepFiles: true });
        }
      }
      expect(bootstrapped).toBeInstanceOf(ConfigError);
      expect((bootstrapped as Error).message).toMatch(/^ADMIN_EMAIL names an existing account that is not an admin/);
      expect((bootstrapped as Error).message).not.toContain('\n');
      expect((bootstrapped as Error).message).not.toContain(ops);
      expect(events('bootstrap.')).toEqual([expect.objectContaining({ event: 'bootstrap.admin_refused', userId: squatterId!, level: 50 })]);

      // Nothing was written: started again without ADMIN_EMAIL, the squatter is still a plain user.
      const after = started(await start({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' }, dir));
      try {
        const login = await after.http().post('/auth/login').send({ email: ops, password: SQUATTER_PASSWORD });
        expect(login.status).toBe(200);
        expect(decodeSegment(login.body.accessToken, 1).roles).toEqual(['user']);
        expect((await after.http().post('/auth/login').send({ email: ops, password: OPERATOR_PASSWORD })).status).toBe(401);
      } finally {
        await after.close({ keepFiles: true });
      }
    } finally {
      await removeFiles(dir);
    }
  });

  it('creates a missing admin once, with an audit line, and changes nothing on later starts', async () => {
    const first = started(await start({}));
    const dir = first.dir;
    try {
      const admin = await first.admin();
      expect(events('bootstrap.')).toEqual([expect.objectContaining({ event: 'bootstrap.admin_created', userId: admin.id, level: 30 })]);
      expect(JSON.stringify(events('bootstrap.'))).not.toContain(ADMIN_EMAIL);
      await first.close({ keepFiles: true });

      lines.length = 0;
      const second = started(await start({ ADMIN_PASSWORD: 'a different password 1' }, dir));
      try {
        expect((await second.admin()).id).toBe(admin.id);
        expect((await second.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: 'a different password 1' })).status).toBe(401);
        expect(events('bootstrap.')).toEqual([]);
      } finally {
        await second.close({ keepFiles: true });
      }
    } finally {
      await removeFiles(dir);
    }
  });

  it('keeps a bootstrap admin that another admin disabled disabled across restarts', async () => {
    const first = started(await start({}));
    const dir = first.dir;
    try {
      const admin = await first.admin();
      const heir = await userWithRole(first, 'admin', 'heir');
      await first.http().patch(`/users/${admin.id}/status`).set('Authorization', heir.auth).send({ disabled: true }).expect(200);
      await first.close({ keepFiles: true });

      lines.length = 0;
      const second = started(await start({}, dir));
      try {
        const login = await second.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
        expect(login.status).toBe(403);
        expect(login.body.code).toBe('AUTH_ACCOUNT_DISABLED');
        expect(events('bootstrap.')).toEqual([expect.objectContaining({ event: 'bootstrap.admin_disabled', userId: admin.id, level: 40 })]);
      } finally {
        await second.close({ keepFiles: true });
      }
    } finally {
      await removeFiles(dir);
    }
  });

  it('does not silently re-promote a bootstrap admin that another admin demoted', async () => {
    const first = started(await start({}));
    const dir = first.dir;
    try {
      const admin = await first.admin();
      const heir = await userWithRole(first, 'admin', 'heir');
      await first
        .http()
        .patch(`/users/${admin.id}/roles`)
        .set('Authorization', heir.auth)
        .send({ roles: ['user'] })
        .expect(200);
      await first.close({ keepFiles: true });

      const second = await start({}, dir);
      if (!(second instanceof Error)) {
        try {
          const login = await second.http().post('/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
          expect(decodeSegment(login.body.accessToken, 1).roles).not.toContain('admin');
        } finally {
          await second.close({ keepFiles: true });
        }
      }
      expect(second).toBeInstanceOf(ConfigError);
      expect((second as Error).message).toMatch(/^ADMIN_EMAIL names an existing account that is not an admin/);
    } finally {
      await removeFiles(dir);
    }
  });
});
