import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import type { AuthUser } from '../authorization/index.js';
import { ExpiringCache } from '../common/index.js';
import type { JwtConfig } from '../config/index.js';
import { DomainEventBus } from '../events/index.js';
import { MfaDisabled, MfaEnabled, MfaReset, PasskeyAdded, PasskeyRemoved } from '../mfa/index.js';
import { REVOCATION_STORE, type RevocationStore } from '../sessions/index.js';
import { UserEmailChanged, UserEmailVerified, type UserResponseDto } from '../users/index.js';

/** The store's "sid" that marks a user's profile as changed: 36 characters, never a session's UUID (as api-keys do). */
export function profileChangedId(userId: string): string {
  return 'p' + createHash('sha256').update(`profile:${userId}`).digest('base64url').slice(0, 35);
}

/**
 * GET /auth/me per session, on every instance. A live session's profile changes only through these events (a role
 * change, disable or delete revokes the session instead): the e-mail, its verification, the second factors. Such a
 * change empties this instance's cache and marks the user in the shared revocation store for as long as an access
 * token can live; while the mark lives, every instance reads that user's profile from the database and keeps none, so
 * no instance shows the old one. An entry cached before the change belongs to a token that expires before the mark.
 */
@Injectable()
export class ProfileCache {
  // With the user's mark id, computed once per entry rather than hashed on every request.
  private readonly entries = new ExpiringCache<{ profile: UserResponseDto; mark: string }>(10_000);
  private readonly markMs: number;

  constructor(
    bus: DomainEventBus,
    @Inject(REVOCATION_STORE) private readonly store: RevocationStore,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const jwt = config.getOrThrow<JwtConfig>('jwt');
    this.markMs = (jwt.accessTtlSeconds + jwt.clockToleranceSeconds) * 1000;
    for (const event of [MfaEnabled, MfaDisabled, MfaReset, PasskeyAdded, PasskeyRemoved, UserEmailVerified, UserEmailChanged]) {
      bus.subscribe(event, (e) => this.changed(e.userId));
    }
  }

  get(caller: AuthUser): UserResponseDto | undefined {
    const entry = this.entries.get(caller.sid);
    return entry && !this.store.isRevoked(entry.mark) ? entry.profile : undefined;
  }

  set(caller: AuthUser, profile: UserResponseDto): void {
    const mark = profileChangedId(caller.id);
    if (!this.store.isRevoked(mark)) this.entries.set(caller.sid, { profile, mark }, caller.exp * 1000);
  }

  private changed(userId: string): Promise<void> {
    this.entries.clear();
    return this.store.revoke([{ sid: profileChangedId(userId), expiresAt: new Date(Date.now() + this.markMs) }]);
  }
}
