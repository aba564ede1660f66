export { RecoveryModule } from './recovery.module.js';
export { RecoveryToken } from './recovery-token.entity.js';
export { PasswordResetService } from './password-reset.service.js';
export { EmailVerificationService } from './email-verification.service.js';
export {
  EmailChangeConfirmed,
  EmailChangeRequested,
  EmailVerificationSent,
  EmailVerified,
  PasswordResetCompleted,
  PasswordResetRequested,
  RecoveryTokenRejected,
  type RequestContext,
} from './recovery.events.js';
export { RecoveryErrors } from './recovery.errors.js';
export { LINK_PATHS } from './recovery-links.js';
