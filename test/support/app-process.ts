import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { freePort } from './redis-server.js';
import { TEST_BUILD_DIR } from './services.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, type Tokens, uniqueEmail } from './test-app.js';


/**
 * One Gatehouse instance as its own process (node .test-build/src/main.js). Several in one test process would share
 * Passport's global strategy registry, and so each other's revocation state; separate processes share only what
 * real instances share: PostgreSQL, Redis and the signing keys.
 */
export class AppProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  static async start(env: Record<string, string>): Promise<AppProcess> {
    const main = join(TEST_BUILD_DIR, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: the services suite's global setup builds it`);
    const port = await freePort();
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ADMIN_EMAIL, ADMIN_PASSWORD, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Never outlive the test process, even when it fails half-way.
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => process.off('exit', kill));
    const instance = new AppProcess(child, port);
    await instance.waitUntilListening();
    return instance;
  }

  get log(): string {
    return this.output;
  }

  http(): TestAgent {
    return request(`http://127.0.0.1:${this.port}`);
  }

  /** Registers (unless it exists) and logs in. */
  async user(email = uniqueEmail(), password = PASSWORD): Promise<Tokens & { email: string; id: string; auth: string }> {
    const reg = await this.http().post('/auth/register').send({ email, password });
    if (reg.status !== 201 && reg.status !== 409) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
    return this.login(email, password);
  }

  admin(): Promise<Tokens & { email: string; id: string; auth: string }> {
    return this.login(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  async login(email: string, password: string): Promise<Tokens & { email: string; id: string; auth: string }> {
    const res = await this.http().post('/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const tokens = res.body as Tokens;
    const me = await this.http().get('/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`);
    return { ...tokens, email, id: me.body.id, auth: `Bearer ${tokens.accessToken}` };
  }

  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill(signal);
    return exited;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  private async waitUntilListening(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!this.output.includes('Gatehouse listening')) {
      if (this.exited) throw new Error(`instance exited during start-up:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`instance did not start within 30 s:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
