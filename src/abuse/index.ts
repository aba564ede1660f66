export { CREDENTIAL_ENDPOINT_KEY, CredentialEndpoint } from './credential-endpoint.decorator.js';
export { CredentialThrottlerGuard } from './credential-throttler.guard.js';
export { LoginAttemptsModule } from './login-attempts.module.js';
export { type LoginAttempt, LoginLockoutService } from './login-lockout.service.js';
export { ThrottlingModule } from './throttling.module.js';
export { LoginLocked } from './abuse.events.js';
export { AbuseErrors } from './abuse.errors.js';
