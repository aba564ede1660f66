import { SYSTEM, userActor } from '../../events/index.js';
import {
  DataKeyResealed,
  MfaChallengeFailed,
  MfaChallengePassed,
  MfaDisabled,
  MfaEnabled,
  MfaReset,
  PasskeyAdded,
  PasskeyRemoved,
  PasskeyUsed,
  RecoveryCodesRenewed,
  RecoveryCodeUsed,
} from '../../mfa/index.js';
import { entry, type AuditEntry } from './audit-entry.js';

/** Second factors (issue 15) and their keys. */
export const SECOND_FACTOR_EVENTS: readonly AuditEntry[] = [
  // Second factors (issue 15).
  entry(MfaEnabled, (e) => ({
    type: 'mfa.enabled',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { method: e.method },
  })),
  entry(MfaDisabled, (e) => ({
    type: 'mfa.disabled',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { method: e.method, mfaStillOn: e.mfaStillOn },
  })),
  entry(DataKeyResealed, (e) => ({
    type: 'data_key.resealed',
    actor: e.actor,
    outcome: 'success',
    details: { keyId: e.keyId, resealed: e.resealed },
  })),
  entry(MfaReset, (e) => ({
    type: 'mfa.reset',
    actor: e.actor,
    subjectId: e.userId,
    outcome: 'success',
    details: { ...e.removed },
  })),
  entry(RecoveryCodesRenewed, (e) => ({
    type: 'mfa.recovery_codes_renewed',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { count: e.count },
  })),
  entry(RecoveryCodeUsed, (e) => ({
    type: 'mfa.recovery_code_used',
    actor: userActor(e.userId),
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { remaining: e.remaining },
  })),
  entry(PasskeyAdded, (e) => ({
    type: 'passkey.added',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { passkeyId: e.passkeyId, name: e.name },
  })),
  entry(PasskeyRemoved, (e) => ({
    type: 'passkey.removed',
    actor: e.actor,
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { passkeyId: e.passkeyId },
  })),
  entry(PasskeyUsed, (e) => ({
    type: 'passkey.used',
    actor: userActor(e.userId),
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { passkeyId: e.passkeyId, purpose: e.purpose },
  })),
  // Stored with the second step's own write (the mfaToken spent, the TOTP step or recovery code claimed).
  entry(MfaChallengePassed, (e) => ({
    type: 'mfa.challenge_passed',
    actor: userActor(e.userId),
    subjectId: e.userId,
    ...e.origin,
    outcome: 'success',
    details: { method: e.method },
  })),
  entry(
    MfaChallengeFailed,
    (e) => ({
      type: 'mfa.challenge_failed',
      actor: e.userId ? userActor(e.userId) : SYSTEM,
      subjectId: e.userId,
      ...e.origin,
      outcome: 'failure',
      details: { method: e.method, reason: e.reason },
    }),
    true,
  ),
];
