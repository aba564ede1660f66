import { Injectable } from '@nestjs/common';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { DataSource } from 'typeorm';
import { type Actor, inTransaction } from '../events/index.js';
import type { Passkey } from './entities/passkey.entity.js';
import { MfaStatusService } from './mfa-status.service.js';
import { PasskeysService } from './passkeys.service.js';
import type { RequestOrigin } from './mfa.events.js';

/**
 * Adding and removing a passkey: the passkey row, its audit row and the account's `mfaEnabled` commit together, so
 * that no passkey exists without the flag that makes logins ask for it (or the other way round).
 */
@Injectable()
export class PasskeyEnrollmentService {
  constructor(
    private readonly passkeys: PasskeysService,
    private readonly status: MfaStatusService,
    private readonly dataSource: DataSource,
  ) {}

  register(userId: string, response: RegistrationResponseJSON, name: string | undefined, actor: Actor, origin: RequestOrigin): Promise<Passkey> {
    return inTransaction(this.dataSource, async () => {
      const passkey = await this.passkeys.register(userId, response, name, actor, origin);
      await this.status.refresh(userId);
      return passkey;
    });
  }

  remove(userId: string, id: string, actor: Actor, origin: RequestOrigin): Promise<void> {
    return inTransaction(this.dataSource, async () => {
      await this.passkeys.remove(userId, id, actor, origin);
      await this.status.refresh(userId);
    });
  }
}
