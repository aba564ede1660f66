import { SYSTEM, userActor } from '../../events/index.js';
import {
  EmailChangeConfirmed,
  EmailChangeRequested,
  EmailVerificationSent,
  EmailVerified,
  PasswordResetCompleted,
  PasswordResetRequested,
  RecoveryTokenRejected,
} from '../../recovery/index.js';
import { entry, self, type AuditEntry } from './audit-entry.js';

/** Account recovery (issue 14). */
export const RECOVERY_EVENTS: readonly AuditEntry[] = [
  // Account recovery (issue 14). A request without a signed-in caller is the subject acting on its own account, or
  // nobody known (`system`) when the address matched no account; never the address itself.
  entry(PasswordResetRequested, (e) => ({
    type: 'password.reset_requested',
    actor: e.actor === 'anonymous' ? (e.userId ? userActor(e.userId) : SYSTEM) : e.actor,
    subjectId: e.userId,
    ...e.context,
    outcome: e.outcome === 'sent' ? 'success' : 'refused',
    details: { result: e.outcome },
  })),
  entry(PasswordResetCompleted, (e) => ({ type: 'password.reset', actor: e.actor, subjectId: e.userId, ...e.context, outcome: 'success' })),
  entry(EmailVerificationSent, (e) => ({
    type: 'email.verification_sent',
    actor: self(e.actor, e.userId),
    subjectId: e.userId,
    ...e.context,
    outcome: 'success',
    details: { reason: e.reason },
  })),
  entry(EmailVerified, (e) => ({ type: 'email.verified', actor: e.actor, subjectId: e.userId, ...e.context, outcome: 'success' })),
  entry(EmailChangeRequested, (e) => ({
    type: 'email.change_requested',
    actor: e.actor,
    subjectId: e.userId,
    sessionId: e.sessionId,
    ...e.context,
    outcome: 'success',
  })),
  entry(EmailChangeConfirmed, (e) => ({
    type: 'email.changed',
    actor: e.actor,
    subjectId: e.userId,
    sessionId: e.keptSessionId,
    ...e.context,
    outcome: e.outcome === 'changed' ? 'success' : 'refused',
    details: { result: e.outcome },
  })),
  entry(
    RecoveryTokenRejected,
    (e) => ({
      type: 'recovery.link_rejected',
      actor: SYSTEM,
      subjectId: e.userId,
      ...e.context,
      outcome: 'refused',
      details: { purpose: e.purpose },
    }),
    true,
  ),
];
