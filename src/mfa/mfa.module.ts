import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginAttemptsModule } from '../abuse/index.js';
import type { JwtConfig, MfaConfig } from '../config/index.js';
import { UsersModule } from '../users/index.js';
import { loadDataEncryptionKey, SecretBox } from './data-encryption.js';
import { MfaLoginChallenge } from './entities/mfa-login-challenge.entity.js';
import { Passkey } from './entities/passkey.entity.js';
import { RecoveryCode } from './entities/recovery-code.entity.js';
import { TotpFactor } from './entities/totp-factor.entity.js';
import { WebAuthnChallenge } from './entities/webauthn-challenge.entity.js';
import { MfaLoginService } from './mfa-login.service.js';
import { MfaResetService } from './mfa-reset.service.js';
import { MfaStatusService } from './mfa-status.service.js';
import { PasskeyEnrollmentService } from './passkey-enrollment.service.js';
import { PasskeysController } from './passkeys.controller.js';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { TotpEnrollmentService } from './totp-enrollment.service.js';
import { SECRET_BOX, TotpService } from './totp.service.js';
import { TotpSecretsService } from './totp-secrets.service.js';
import { WebAuthnChallengesService } from './webauthn-challenges.service.js';

/**
 * Second factors: TOTP, recovery codes, passkeys and the two-step login. It never imports `auth`: AuthModule imports
 * this module, asks MfaLoginService for the second step, and registers TotpController with its password check.
 */
@Module({
  imports: [TypeOrmModule.forFeature([TotpFactor, RecoveryCode, Passkey, WebAuthnChallenge, MfaLoginChallenge]), UsersModule, LoginAttemptsModule],
  controllers: [PasskeysController],
  providers: [
    {
      provide: SECRET_BOX,
      inject: [ConfigService],
      useFactory: async (config: ConfigService) =>
        new SecretBox(
          await loadDataEncryptionKey(config.getOrThrow<MfaConfig>('mfa').dataEncryptionKey, config.getOrThrow<JwtConfig>('jwt').keysDir),
          config.getOrThrow<MfaConfig>('mfa').previousDataEncryptionKeys,
        ),
    },
    TotpService,
    RecoveryCodesService,
    WebAuthnChallengesService,
    PasskeysService,
    MfaStatusService,
    MfaLoginService,
    TotpEnrollmentService,
    PasskeyEnrollmentService,
    MfaResetService,
    TotpSecretsService,
  ],
  exports: [MfaLoginService, PasskeysService, TotpEnrollmentService, MfaResetService, TotpSecretsService],
})
export class MfaModule {}
