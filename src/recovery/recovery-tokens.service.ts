import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Between, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { inTransaction, repositoryFor } from '../events/index.js';
import { RecoveryToken, type RecoveryPurpose } from './recovery-token.entity.js';

const HOUR_MS = 3_600_000;
// Spent and expired rows are kept a day, then deleted: long enough for the hourly limits, short enough to stay small.
const KEEP_DEAD_MS = 24 * HOUR_MS;

export interface NewRecoveryToken {
  userId: string;
  purpose: RecoveryPurpose;
  email: string;
  ttlSeconds: number;
  sessionId?: string;
  requestIp?: string;
}

/** 256 random bits (the contract asks for at least 128), stored only as SHA-256: a database leak gives no live link. */
const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The single-use links of the recovery flows: issue, look up, claim once, kill, and the counts behind the limits. */
@Injectable()
export class RecoveryTokensService {
  constructor(@InjectRepository(RecoveryToken) private readonly tokens: Repository<RecoveryToken>) {}

  /**
   * A new link; every older live link of the same kind for the user dies with it. Returns the token itself, or
   * undefined when it would be more than `limitPerHour` links of this kind for the user within the hour. The new
   * row is written before it is counted, so that of concurrent requests only those within the limit go through.
   * In the caller's transaction when there is one: the link exists only if the flow's audit row does.
   */
  async issue(input: NewRecoveryToken, limitPerHour = Infinity): Promise<string | undefined> {
    return inTransaction(this.tokens.manager.connection, async (manager) => {
      // In a transaction another one's new row is invisible until it commits: on PostgreSQL, links of one user and
      // kind are issued one at a time, so each count sees the rows of those before it (SQLite's transactions take turns).
      if (manager.connection.options.type === 'postgres') {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`recovery-link:${input.purpose}:${input.userId}`]);
      }
      const tokens = manager.getRepository(RecoveryToken);
      const now = new Date();
      const id = randomUUID();
      const token = randomBytes(32).toString('base64url');
      await tokens.insert({
        id,
        userId: input.userId,
        purpose: input.purpose,
        tokenHash: hashToken(token),
        email: input.email,
        sessionId: input.sessionId ?? null,
        requestIp: input.requestIp ?? null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000),
        usedAt: null,
      });
      const issued = await tokens.count({
        where: { userId: input.userId, purpose: input.purpose, createdAt: Between(new Date(now.getTime() - HOUR_MS), now) },
      });
      if (issued > limitPerHour) {
        await tokens.delete({ id });
        return undefined;
      }
      await tokens
        .createQueryBuilder()
        .update(RecoveryToken)
        .set({ usedAt: now })
        .where('"userId" = :userId AND purpose = :purpose AND "usedAt" IS NULL AND id <> :id', { userId: input.userId, purpose: input.purpose, id })
        .execute();
      await tokens.delete({ expiresAt: LessThan(new Date(now.getTime() - KEEP_DEAD_MS)) });
      return token;
    });
  }

  /** The live link of this kind for `token`, or undefined when it is unknown, spent or expired. */
  async findLive(token: string, purpose: RecoveryPurpose): Promise<RecoveryToken | undefined> {
    const row = await repositoryFor(this.tokens).findOne({ where: { tokenHash: hashToken(token), purpose } });
    if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) return undefined;
    return row;
  }

  /** Spends the link; exactly one of several concurrent claims gets true. */
  async claim(row: RecoveryToken): Promise<boolean> {
    const claimed = await repositoryFor(this.tokens)
      .createQueryBuilder()
      .update(RecoveryToken)
      .set({ usedAt: new Date() })
      .where('id = :id AND "usedAt" IS NULL', { id: row.id })
      .execute();
    return claimed.affected === 1;
  }

  /** Kills every live link of this kind for the user. */
  async kill(userId: string, purpose: RecoveryPurpose): Promise<void> {
    await repositoryFor(this.tokens).update({ userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
  }

  /** Seconds until the oldest link of this kind issued to the user within the hour leaves the hour (Retry-After). */
  async retryAfterSeconds(userId: string, purpose: RecoveryPurpose): Promise<number> {
    const oldest = await repositoryFor(this.tokens).findOne({
      where: { userId, purpose, createdAt: MoreThan(new Date(Date.now() - HOUR_MS)) },
      order: { createdAt: 'ASC' },
    });
    const from = oldest?.createdAt.getTime() ?? Date.now();
    return Math.max(1, Math.ceil((from + HOUR_MS - Date.now()) / 1000));
  }

  /** Reset links one client IP caused within the last hour, whatever the accounts. */
  resetsFromIpLastHour(ip: string): Promise<number> {
    return repositoryFor(this.tokens).count({
      where: { requestIp: ip, purpose: 'password-reset', createdAt: MoreThan(new Date(Date.now() - HOUR_MS)) },
    });
  }
}
