import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { type ThrottlerStorage, InjectThrottlerStorage } from '@nestjs/throttler';
import { IsNull, LessThan, Or, Repository } from 'typeorm';
import { AbuseErrors } from '../abuse/index.js';
import { type AuthUser, AuthorizationErrors, satisfiesRoles } from '../authorization/index.js';
import type { SecurityConfig } from '../config/index.js';
import { DomainEventBus } from '../events/index.js';
import { REVOCATION_STORE, type RevocationStore } from '../sessions/index.js';
import { User } from '../users/index.js';
import { ownerStateRevocationId } from './api-key-revocation-ids.js';
import { hashApiKey, isWellFormedApiKey } from './api-key-secret.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyExpiredUseRefused, type RequestOrigin } from './api-key.events.js';

/** How long a verified key is trusted from memory before it is read again (revocations reach it sooner). */
export const VERIFIED_KEY_TTL_MS = 5 * 60_000;
/** lastUsedAt is written at most this often per key. */
const LAST_USED_EVERY_MS = 60_000;
// Enough for every machine client of a busy instance; a few hundred bytes each.
const MAX_VERIFIED_KEYS = 10_000;

interface VerifiedKey {
  user: AuthUser;
  ownerId: string;
  /** Revoked in the shared store when the key or its owner's state (roles, status) changes. */
  revocationIds: [string, string];
  expiresAtMs: number | null;
  verifiedAtMs: number;
  lastUsedWrittenMs: number;
}

/**
 * Decides whether an `X-API-Key` is good. The steady state is one SHA-256, one Map lookup and two lookups in the
 * sessions' revocation store (memory): no database query. A key not in memory is read from the database once (by its
 * hash, with its owner) and remembered; the revocation store, fed by every instance (Redis pub/sub when configured),
 * says when what is remembered is stale. Failures (malformed, unknown, revoked, expired) count toward the per-IP
 * AUTH_RATE_LIMIT; past it the answer is 429 before any lookup.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly verified = new Map<string, VerifiedKey>();
  /** IP -> until when (ms) its failures are refused without a lookup. */
  private readonly blockedIps = new Map<string, number>();
  private readonly failureLimit: { limit: number; windowMs: number };

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @Inject(REVOCATION_STORE) private readonly revocations: RevocationStore,
    @InjectThrottlerStorage() private readonly throttler: ThrottlerStorage,
    private readonly events: DomainEventBus,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const { limit, windowSeconds } = config.getOrThrow<SecurityConfig>('security').authRateLimit;
    this.failureLimit = { limit, windowMs: windowSeconds * 1000 };
  }

  /**
   * The caller `presented` names; 401 (the same body as a bad token) when it is not a good key, 429 past the limit.
   * A key verified before answers without a promise (the guard then needs none either: on node 20 each promise a
   * request creates also runs AsyncLocalStorage's hook); a promise only when the database must be read or a refusal
   * counted. Throws (synchronously) a 429 for a blocked client and a 503 when revocations cannot be vouched for.
   */
  authenticate(presented: unknown, origin: RequestOrigin): AuthUser | Promise<AuthUser> {
    if (!isWellFormedApiKey(presented)) return this.refuse(origin);
    const hash = hashApiKey(presented);
    const now = Date.now();
    const entry = this.verified.get(hash);
    // isRevoked throws a 503 when the store cannot vouch for its state: fail closed, as for tokens.
    if (entry && now - entry.verifiedAtMs <= VERIFIED_KEY_TTL_MS && !entry.revocationIds.some((id) => this.revocations.isRevoked(id))) {
      return this.accept(hash, entry, now, origin);
    }
    if (entry) this.verified.delete(hash);
    this.assertNotBlocked(origin, now);
    return this.loadAndAccept(hash, now, origin);
  }

  private async loadAndAccept(hash: string, now: number, origin: RequestOrigin): Promise<AuthUser> {
    const entry = await this.load(hash, now);
    if (!entry) return this.refuse(origin);
    this.remember(hash, entry);
    return this.accept(hash, entry, now, origin);
  }

  private accept(hash: string, entry: VerifiedKey, now: number, origin: RequestOrigin): AuthUser | Promise<AuthUser> {
    if (entry.expiresAtMs !== null && entry.expiresAtMs <= now) {
      this.verified.delete(hash);
      return this.refuseExpired(entry, origin);
    }
    if (now - entry.lastUsedWrittenMs >= LAST_USED_EVERY_MS) {
      entry.lastUsedWrittenMs = now;
      this.recordUse(entry.user.apiKey!.id, now);
    }
    return entry.user;
  }

  private async refuseExpired(entry: VerifiedKey, origin: RequestOrigin): Promise<never> {
    const { apiKey } = entry.user;
    await this.events.publish(new ApiKeyExpiredUseRefused(apiKey!.id, entry.ownerId, apiKey!.prefix, new Date(entry.expiresAtMs!), origin));
    return this.refuse(origin);
  }

  /** Forgets a key on this instance at once (the revocation store tells the others). */
  forget(keyId: string): void {
    for (const [hash, entry] of this.verified) if (entry.user.apiKey?.id === keyId) this.verified.delete(hash);
  }

  /** Forgets every key of an owner on this instance at once. */
  forgetOwner(ownerId: string): void {
    for (const [hash, entry] of this.verified) if (entry.ownerId === ownerId) this.verified.delete(hash);
  }

  private async load(hash: string, now: number): Promise<VerifiedKey | undefined> {
    const key = await this.keys.findOne({ where: { keyHash: hash, revokedAt: IsNull() } });
    if (!key) return undefined;
    const owner = await this.keys.manager.findOne(User, { where: { id: key.userId } });
    if (!owner || owner.disabled) return undefined;
    // Never more than the owner holds now: a role the owner lost is dropped from the key at once.
    const roles = key.roles.filter((role) => satisfiesRoles(owner.roles, [role]));
    if (roles.length === 0) return undefined;
    const expiresAtMs = key.expiresAt ? key.expiresAt.getTime() : null;
    return {
      user: {
        id: owner.id,
        roles,
        sid: key.id,
        jti: key.id,
        exp: expiresAtMs === null ? 0 : Math.floor(expiresAtMs / 1000),
        apiKey: { id: key.id, prefix: key.prefix },
      },
      ownerId: owner.id,
      revocationIds: [key.id, ownerStateRevocationId(owner.id, owner.roles)],
      expiresAtMs,
      verifiedAtMs: now,
      lastUsedWrittenMs: key.lastUsedAt ? key.lastUsedAt.getTime() : 0,
    };
  }

  private remember(hash: string, entry: VerifiedKey): void {
    if (this.verified.size >= MAX_VERIFIED_KEYS) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(hash, entry);
  }

  /** Off the request path; the condition keeps it to one write a minute per key across every instance. */
  private recordUse(keyId: string, now: number): void {
    const at = new Date(now);
    setImmediate(() => {
      this.keys
        .update({ id: keyId, lastUsedAt: Or(IsNull(), LessThan(new Date(now - LAST_USED_EVERY_MS))) }, { lastUsedAt: at })
        .catch((error: Error) => this.logger.warn(`lastUsedAt not recorded: ${error.message}`));
    });
  }

  private assertNotBlocked(origin: RequestOrigin, now: number): void {
    const until = this.blockedIps.get(origin.ip ?? '');
    if (until === undefined) return;
    if (until > now) throw AbuseErrors.rateLimited(Math.max(1, Math.ceil((until - now) / 1000)));
    this.blockedIps.delete(origin.ip ?? '');
  }

  /** Counts the failure against the client's IP (shared through Redis when configured), then answers 401 or 429. */
  private async refuse(origin: RequestOrigin): Promise<never> {
    const ip = origin.ip ?? '';
    const { limit, windowMs } = this.failureLimit;
    const record = await this.throttler.increment(`api-key-failures:${ip}`, windowMs, limit, windowMs, 'api-key');
    if (record.isBlocked) {
      if (this.blockedIps.size >= MAX_VERIFIED_KEYS) this.blockedIps.clear();
      this.blockedIps.set(ip, Date.now() + record.timeToBlockExpire * 1000);
      throw AbuseErrors.rateLimited(Math.max(1, Math.ceil(record.timeToBlockExpire)));
    }
    throw AuthorizationErrors.tokenInvalid();
  }
}
