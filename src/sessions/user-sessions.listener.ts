import { Injectable } from '@nestjs/common';
import { DomainEventBus } from '../events/index.js';
import { UserDeleted, UserEmailChanged, UserPasswordChanged, UserRolesChanged, UserStatusChanged } from '../users/index.js';
import { MfaEnabled, MfaReset } from '../mfa/index.js';
import { SessionsService } from './sessions.service.js';

/**
 * Ends a user's sessions when their rights or credentials change, whatever path made the change (HTTP API, operator
 * CLI, start-up): the promise is that a token issued before the change never works after it.
 */
@Injectable()
export class UserSessionsListener {
  constructor(bus: DomainEventBus, sessions: SessionsService) {
    const revokeAll = (userId: string, except?: string) => sessions.revokeAllForUser(userId, except).then(() => undefined);
    bus.subscribe(UserRolesChanged, (e) => revokeAll(e.userId));
    bus.subscribe(UserStatusChanged, (e) => (e.disabled ? revokeAll(e.userId) : undefined));
    bus.subscribe(UserDeleted, (e) => revokeAll(e.userId));
    bus.subscribe(UserPasswordChanged, (e) => revokeAll(e.userId, e.keptSessionId));
    bus.subscribe(UserEmailChanged, (e) => revokeAll(e.userId, e.keptSessionId));
    // Sessions opened with the password alone end once a second factor is on; the one that turned it on stays.
    bus.subscribe(MfaEnabled, (e) => revokeAll(e.userId, e.origin.sessionId));
    bus.subscribe(MfaReset, (e) => revokeAll(e.userId));
  }
}
