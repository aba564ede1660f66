// Second factors: what AuthModule, the database options and the listeners of other modules use.
export { MfaModule } from './mfa.module.js';
export { type MfaChallengeResponse, MfaLoginService, type SecondStep } from './mfa-login.service.js';
export { type PasskeyAssertion, PasskeysService } from './passkeys.service.js';
export { MfaResetService } from './mfa-reset.service.js';
export { type ResealReport, TotpSecretsService } from './totp-secrets.service.js';
export { PASSWORD_CONFIRMATION, type PasswordConfirmation } from './password-confirmation.js';
export { TotpController } from './totp.controller.js';
export { requestOrigin } from './request-origin.js';
export { CompleteMfaLoginDto } from './dto/complete-mfa-login.dto.js';
export { PasskeyAssertionDto } from './dto/passkey-assertion.dto.js';
export { MfaChallengeResponseDto } from './dto/totp.dto.js';
export { MfaLoginChallenge } from './entities/mfa-login-challenge.entity.js';
export { Passkey } from './entities/passkey.entity.js';
export { RecoveryCode } from './entities/recovery-code.entity.js';
export { TotpFactor } from './entities/totp-factor.entity.js';
export { WebAuthnChallenge } from './entities/webauthn-challenge.entity.js';
export { MfaErrors } from './mfa.errors.js';
export {
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
  type RequestOrigin,
  type SecondFactorMethod,
} from './mfa.events.js';
