import { Injectable, OnModuleInit } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ConcurrencyLimit } from './concurrency-limit.js';

// OWASP's argon2id minimum (19 MiB, t=2, p=1). @node-rs/argon2 runs on libuv's thread pool, off the event loop.
export const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasherService implements OnModuleInit {
  /** Verified against when an email is unknown, so that both paths cost one argon2 verification. */
  private dummyHash: string;
  // One hash per core at most: more only queue inside libuv's pool (which SQLite's queries share), each holding 19 MiB.
  private readonly slots = new ConcurrencyLimit(availableParallelism());

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hash(password, ARGON2_OPTIONS));
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.slots.run(() => verify(passwordHash, password));
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real verification and always fails. */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(this.dummyHash, password);
    return false;
  }
}
