import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor, DomainEventBus, inTransaction } from '../events/index.js';
import { type User, UserErrors, UsersService } from '../users/index.js';
import { MfaReset } from './mfa.events.js';
import { MfaStatusService } from './mfa-status.service.js';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { TotpService } from './totp.service.js';

/**
 * The operator's answer to a user who lost every second factor (phone and recovery codes): all of them go, a pending
 * TOTP setup included, and every session ends through MfaReset. Only from the operator CLI: whoever can run it
 * already holds the database, so it gives nobody a way round the second factor that they did not have.
 */
@Injectable()
export class MfaResetService {
  constructor(
    private readonly users: UsersService,
    private readonly totp: TotpService,
    private readonly recoveryCodes: RecoveryCodesService,
    private readonly passkeys: PasskeysService,
    private readonly status: MfaStatusService,
    private readonly events: DomainEventBus,
    private readonly dataSource: DataSource,
  ) {}

  async resetByOperator(userId: string, actor: Actor): Promise<User> {
    if (!(await this.users.findById(userId))) throw UserErrors.userNotFound();
    await inTransaction(this.dataSource, async () => {
      const totp = await this.totp.isOn(userId);
      const recoveryCodes = await this.recoveryCodes.remaining(userId);
      await this.totp.remove(userId);
      await this.recoveryCodes.removeAll(userId);
      const passkeys = await this.passkeys.removeAll(userId);
      await this.status.refresh(userId);
      await this.events.publish(new MfaReset(actor, userId, { totp, passkeys, recoveryCodes }));
    });
    return this.users.getById(userId);
  }
}
