import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { freePort } from './redis-server.js';
import { TEST_BUILD_DIR } from './services.js';
import { accounts, ADMIN_EMAIL, ADMIN_PASSWORD } from './accounts.js';

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

  private readonly accounts = accounts(() => this.http());
  readonly user = this.accounts.user;
  readonly login = this.accounts.login;
  readonly admin = this.accounts.admin;

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
