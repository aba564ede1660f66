import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, IsNull, LessThan, MoreThan, Not, Repository } from 'typeorm';
import type { JwtConfig, SecurityConfig } from '../config/index.js';
import { afterCommit, DomainEventBus, inTransaction, repositoryFor } from '../events/index.js';
import { REVOCATION_RETENTION_MARGIN_MS, REVOCATION_STORE, type RevocationStore } from './revocation/revocation-store.js';
import { hashRefreshToken, newRefreshToken } from './refresh-token-secret.js';
import { RefreshToken } from './refresh-token.entity.js';
import { RefreshTokenReused, RefreshTokenRotated } from './session.events.js';
import { Session } from './session.entity.js';
import { SessionErrors } from './session.errors.js';

export interface SessionMeta {
  userAgent?: string;
  ip?: string;
}

/** How a login was proven (RFC 8176 `amr`): kept on the session, so that every refresh signs the same `amr` and `auth_time`. */
export interface SessionAuthentication {
  amr: string[];
  authTime: number;
}

export interface IssuedSession {
  session: Session;
  refreshToken: string;
}

const PURGE_INTERVAL_MS = 10 * 60_000;

/** Sessions and their rotating refresh tokens; every revocation also goes to the revocation store. */
export interface RevokeOptions {
  /**
   * Tell the revocation store (Redis) only once the caller's transaction has committed: for a user ending their own
   * sessions, whose end must not be undone by the store failing (the caller then answers an error, with the sessions
   * already dead in the database). Without it the store is told inside the transaction, and a store that fails rolls
   * the change back (a role change that could not be shared does not happen).
   */
  storeAfterCommit?: boolean;
}

@Injectable()
export class SessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionsService.name);
  private readonly jwt: JwtConfig;
  private readonly maxSessionsPerUser: number;
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
    @Inject(ConfigService) config: ConfigService,
    private readonly events: DomainEventBus,
  ) {
    this.jwt = config.getOrThrow<JwtConfig>('jwt');
    this.maxSessionsPerUser = config.getOrThrow<SecurityConfig>('security').maxSessionsPerUser;
  }

  onModuleInit(): void {
    this.purgeTimer = setInterval(
      () => void this.purgeExpired().catch((e) => this.logger.warn(`purge failed: ${(e as Error).message}`)),
      PURGE_INTERVAL_MS,
    );
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  async create(userId: string, meta: SessionMeta, amr: string[] = ['pwd']): Promise<IssuedSession> {
    const now = new Date();
    const session = this.sessions.create({
      id: randomUUID(),
      userId,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.jwt.refreshTtlSeconds * 1000),
      revokedAt: null,
      userAgent: meta.userAgent?.slice(0, 256) ?? null,
      ip: meta.ip?.slice(0, 64) ?? null,
      accessExpiresAt: null,
      amr: amr.join(','),
      authTime: now,
    });
    // A user deleted meanwhile makes these inserts fail on the foreign key; the caller decides what that means.
    await this.sessions.insert(session);
    const refreshToken = await this.addRefreshToken(session.id);
    await this.revokeBeyondLimit(userId, session.id);
    return { session, refreshToken };
  }

  /**
   * Records `exp` as the latest expiry signed for the session, before the token exists; false when the session was
   * revoked (or deleted) meanwhile, and then no token may be signed. Revocation sets `revokedAt` before it reads this
   * column, so either the revocation sees this expiry or this update sees the revocation.
   */
  async recordAccessExpiry(sid: string, exp: Date): Promise<boolean> {
    const result = await repositoryFor(this.sessions)
      .createQueryBuilder()
      .update(Session)
      .set({ accessExpiresAt: () => `CASE WHEN "accessExpiresAt" IS NULL OR "accessExpiresAt" < :exp THEN :exp ELSE "accessExpiresAt" END` })
      .setParameter('exp', exp)
      .where('id = :sid AND "revokedAt" IS NULL', { sid })
      .execute();
    return result.affected === 1;
  }

  /**
   * MAX_SESSIONS_PER_USER: revokes the user's oldest live sessions (and so their access tokens) beyond the limit,
   * never `newestSid`. Two racing logins both trim from the oldest end, so the limit holds whichever runs last.
   */
  private async revokeBeyondLimit(userId: string, newestSid: string): Promise<void> {
    const excess = await this.sessions.find({
      select: { id: true },
      where: { userId, id: Not(newestSid), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: this.maxSessionsPerUser - 1,
      // Normally one row; more only after the limit was lowered between restarts.
      take: 10_000,
    });
    await this.revokeSessions(excess.map((s) => s.id));
  }

  /**
   * Single-use rotation. The conditional update makes exactly one of several concurrent presentations win;
   * a token that was already rotated (including a concurrent loser) revokes the whole session.
   */
  async rotate(refreshToken: string): Promise<IssuedSession> {
    const row = await this.tokens.findOne({ where: { tokenHash: hashRefreshToken(refreshToken) }, relations: { session: true } });
    const session = row?.session;
    if (!row || !session) throw SessionErrors.refreshInvalid();
    if (row.usedAt) return this.reused(session);
    const now = new Date();
    if (session.revokedAt || session.expiresAt <= now) throw SessionErrors.refreshInvalid();
    const claimed = await this.tokens
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ usedAt: now })
      .where('id = :id AND "usedAt" IS NULL', { id: row.id })
      .execute();
    if (claimed.affected !== 1) return this.reused(session);
    const next = await this.addRefreshToken(session.id);
    await this.sessions.update({ id: session.id }, { lastUsedAt: now });
    session.lastUsedAt = now;
    await this.events.publish(new RefreshTokenRotated(session.id, session.userId));
    return { session, refreshToken: next };
  }

  /** A spent refresh token came back (or lost a race): treated as theft, the whole session ends. */
  private async reused(session: Session): Promise<never> {
    await inTransaction(this.sessions.manager.connection, async () => {
      await this.revokeSessions([session.id]);
      await this.events.publish(new RefreshTokenReused(session.id, session.userId));
    });
    throw SessionErrors.refreshReused();
  }

  /** The session a refresh token belongs to, used or not, without touching either (cookie refresh checks CSRF first). */
  async sessionIdOf(refreshToken: string): Promise<string | undefined> {
    const row = await this.tokens.findOne({ select: { sessionId: true }, where: { tokenHash: hashRefreshToken(refreshToken) } });
    return row?.sessionId;
  }

  /** The `amr` and `auth_time` of a session; sessions from before they were recorded were password logins at creation. */
  authenticationOf(session: Session): SessionAuthentication {
    return {
      amr: session.amr ? session.amr.split(',') : ['pwd'],
      authTime: Math.floor((session.authTime ?? session.createdAt).getTime() / 1000),
    };
  }

  /** One page of a user's live sessions, newest first, and how many there are in all. */
  listActive(userId: string, page: number, limit: number): Promise<[Session[], number]> {
    return this.sessions.findAndCount({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      // The id breaks ties of equal times, so that pages neither repeat nor skip a session.
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
  }

  /** Revokes one of the user's own sessions; another user's session is reported as not found. */
  async revokeOwn(userId: string, sid: string): Promise<void> {
    const session = await this.sessions.findOne({ where: { id: sid, userId, revokedAt: IsNull() } });
    if (!session) throw SessionErrors.sessionNotFound();
    await this.revokeSessions([sid]);
  }

  /** Revokes every session of the user whose tokens could still be live, except `exceptSid`. */
  async revokeAllForUser(userId: string, exceptSid?: string, options: RevokeOptions = {}): Promise<number> {
    const now = Date.now();
    const rows = await repositoryFor(this.sessions).find({
      select: { id: true },
      where: [
        // Can still refresh, or (sessions from before accessExpiresAt existed) may hold a token of the current TTL.
        { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date(now - this.accessLifetimeMs())) },
        // Holds a token signed under a longer ACCESS_TOKEN_TTL than today's (by any instance's clock).
        { userId, revokedAt: IsNull(), accessExpiresAt: MoreThan(new Date(now - REVOCATION_RETENTION_MARGIN_MS)) },
      ],
    });
    const ids = rows.map((r) => r.id).filter((id) => id !== exceptSid);
    await this.revokeSessions(ids, options);
    return ids.length;
  }

  /**
   * The database first: once `revokedAt` is written, no refresh token of these sessions works and no new access token
   * can be recorded for them, whatever happens to the revocation store (Redis) next. Then each session is revoked in
   * the store until the latest `exp` it ever signed (plus the clock tolerance), read after that write so it is final.
   */
  async revokeSessions(ids: string[], options: RevokeOptions = {}): Promise<void> {
    if (ids.length === 0) return;
    const now = new Date();
    const lastExpiry = new Map<string, Date | null>();
    // In the caller's transaction when there is one (a role change, a logout), so the change and its audit row agree.
    const sessions = repositoryFor(this.sessions);
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      await sessions.update({ id: In(batch), revokedAt: IsNull() }, { revokedAt: now });
      const rows = await sessions.find({ select: { id: true, accessExpiresAt: true }, where: { id: In(batch) } });
      for (const row of rows) lastExpiry.set(row.id, row.accessExpiresAt);
    }
    // A session without a recorded expiry (older than the column, or already purged) can only hold tokens of the current TTL.
    const fallback = now.getTime() + this.accessLifetimeMs();
    const tellStore = () =>
      this.revocations.revoke(
        ids.map((sid) => {
          const recorded = lastExpiry.get(sid);
          return { sid, expiresAt: new Date(recorded ? recorded.getTime() + this.toleranceMs() : fallback) };
        }),
      );
    if (!(options.storeAfterCommit && afterCommit(this.sessions.manager.connection, tellStore))) await tellStore();
  }

  /** Deletes sessions (and, by cascade, their refresh tokens) that can no longer produce or back a live token. */
  async purgeExpired(): Promise<void> {
    const now = Date.now();
    const cutoff = new Date(now - this.accessLifetimeMs());
    // Kept while a token it signed under a longer TTL than today's may live: revokeAllForUser must still find it.
    await this.sessions
      .createQueryBuilder()
      .delete()
      .from(Session)
      .where('"expiresAt" < :cutoff AND ("accessExpiresAt" IS NULL OR "accessExpiresAt" < :tokensDead)', {
        cutoff,
        tokensDead: new Date(now - REVOCATION_RETENTION_MARGIN_MS),
      })
      .execute();
    await this.sessions.delete({ revokedAt: LessThan(cutoff) });
  }

  private accessLifetimeMs(): number {
    return (this.jwt.accessTtlSeconds + this.jwt.clockToleranceSeconds) * 1000;
  }

  private toleranceMs(): number {
    return this.jwt.clockToleranceSeconds * 1000;
  }

  private async addRefreshToken(sessionId: string): Promise<string> {
    const token = newRefreshToken();
    await this.tokens.insert({ id: randomUUID(), sessionId, tokenHash: hashRefreshToken(token), usedAt: null });
    return token;
  }
}
