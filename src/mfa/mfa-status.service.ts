import { Injectable } from '@nestjs/common';
import { UsersService } from '../users/index.js';
import { PasskeysService } from './passkeys.service.js';
import { TotpService } from './totp.service.js';

/** Keeps `users.mfaEnabled` equal to "a confirmed TOTP or at least one passkey", after any change of either. */
@Injectable()
export class MfaStatusService {
  constructor(
    private readonly totp: TotpService,
    private readonly passkeys: PasskeysService,
    private readonly users: UsersService,
  ) {}

  async refresh(userId: string): Promise<boolean> {
    const on = (await this.totp.isOn(userId)) || (await this.passkeys.count(userId)) > 0;
    await this.users.setMfaEnabled(userId, on);
    return on;
  }
}
