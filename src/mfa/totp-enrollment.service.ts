import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEventBus, inTransaction, userActor } from '../events/index.js';
import type { User } from '../users/index.js';
import { MfaErrors } from './mfa.errors.js';
import { MfaDisabled, MfaEnabled, RecoveryCodesRenewed, RecoveryCodeUsed, type RequestOrigin } from './mfa.events.js';
import { MfaStatusService } from './mfa-status.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { type TotpSetup, TotpService } from './totp.service.js';

/**
 * Turning TOTP on and off and renewing recovery codes, for a user whose current password the caller has already
 * checked (the controller does, through PASSWORD_CONFIRMATION).
 */
@Injectable()
export class TotpEnrollmentService {
  constructor(
    private readonly totp: TotpService,
    private readonly recoveryCodes: RecoveryCodesService,
    private readonly status: MfaStatusService,
    private readonly events: DomainEventBus,
    private readonly dataSource: DataSource,
  ) {}

  setup(user: User): Promise<TotpSetup> {
    return this.totp.beginSetup(user.id, user.email);
  }

  /** The first right code: TOTP on, a first set of recovery codes, and every other session of the user ends. */
  async confirm(userId: string, code: string, origin: RequestOrigin): Promise<string[]> {
    const codes = await this.inTransaction(async () => {
      if (!(await this.totp.confirm(userId, code))) return undefined;
      const renewed = await this.recoveryCodes.renew(userId);
      await this.status.refresh(userId);
      await this.events.publish(new MfaEnabled(userActor(userId), userId, 'totp', origin));
      await this.events.publish(new RecoveryCodesRenewed(userActor(userId), userId, renewed.length, origin));
      return renewed;
    });
    if (!codes) throw MfaErrors.codeInvalid();
    return codes;
  }

  /** Needs a current code (or a recovery code) besides the password; the recovery codes die with TOTP. */
  async disable(userId: string, code: string, origin: RequestOrigin): Promise<void> {
    if (!(await this.totp.isOn(userId))) throw MfaErrors.totpOff();
    const disabled = await this.inTransaction(async () => {
      if (!(await this.totp.verify(userId, code))) {
        const remaining = await this.recoveryCodes.consume(userId, code);
        if (remaining === undefined) return false;
        await this.events.publish(new RecoveryCodeUsed(userId, remaining, origin));
      }
      await this.totp.remove(userId);
      await this.recoveryCodes.removeAll(userId);
      const stillOn = await this.status.refresh(userId);
      await this.events.publish(new MfaDisabled(userActor(userId), userId, 'totp', stillOn, origin));
      return true;
    });
    if (!disabled) throw MfaErrors.codeInvalid();
  }

  /** 409 when no second factor is on: recovery codes only stand in for one. */
  async renewRecoveryCodes(user: User, origin: RequestOrigin): Promise<string[]> {
    if (!user.mfaEnabled) throw MfaErrors.mfaOff();
    return this.inTransaction(async () => {
      const codes = await this.recoveryCodes.renew(user.id);
      await this.events.publish(new RecoveryCodesRenewed(userActor(user.id), user.id, codes.length, origin));
      return codes;
    });
  }

  // Each change, its factor rows, the account's flag and its audit rows commit together or not at all.
  private inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, work);
  }
}
