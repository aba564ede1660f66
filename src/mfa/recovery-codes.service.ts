import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { inTransaction, repositoryFor } from '../events/index.js';
import { RecoveryCode } from './entities/recovery-code.entity.js';

const CODES_PER_SET = 10;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ten single-use codes, 128 random bits each, stored as SHA-256; a new set replaces the old one entirely. */
@Injectable()
export class RecoveryCodesService {
  constructor(@InjectRepository(RecoveryCode) private readonly codes: Repository<RecoveryCode>) {}

  /** The new set, in clear for the only time; every earlier code of the user is dead. */
  async renew(userId: string): Promise<string[]> {
    const fresh = Array.from({ length: CODES_PER_SET }, newRecoveryCode);
    const rows = fresh.map((code) => ({ id: randomUUID(), userId, codeHash: hashCode(code), usedAt: null }));
    // inTransaction takes turns on SQLite's one shared connection, where concurrent transactions would collide.
    await inTransaction(this.codes.manager.connection, async (manager) => {
      await manager.delete(RecoveryCode, { userId });
      await manager.insert(RecoveryCode, rows);
    });
    return fresh;
  }

  /** Spends one code; the number left afterwards, or undefined for an unknown or spent code. */
  async consume(userId: string, code: string): Promise<number | undefined> {
    const claimed = await repositoryFor(this.codes)
      .createQueryBuilder()
      .update(RecoveryCode)
      .set({ usedAt: new Date() })
      .where('"userId" = :userId AND "codeHash" = :codeHash AND "usedAt" IS NULL', { userId, codeHash: hashCode(code) })
      .execute();
    if (claimed.affected !== 1) return undefined;
    return this.remaining(userId);
  }

  remaining(userId: string): Promise<number> {
    return repositoryFor(this.codes).count({ where: { userId, usedAt: IsNull() } });
  }

  async removeAll(userId: string): Promise<void> {
    await repositoryFor(this.codes).delete({ userId });
  }
}

/** 26 base32 characters in groups of four, e.g. `k3xq-7pa2-…`; typed back case-insensitively, dashes and spaces ignored. */
function newRecoveryCode(): string {
  const bytes = randomBytes(17);
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  const chars = Array.from({ length: 26 }, (_, i) => BASE32[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join('');
  return chars.match(/.{1,4}/g)!.join('-');
}

function hashCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}
