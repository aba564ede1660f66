import { Module } from '@nestjs/common';
import { AuthEventsModule } from '../events/auth-events.module.js';
import { LOGIN_ATTEMPT_STORE } from './login-attempt-store.js';
import { LoginLockoutService } from './login-lockout.service.js';
import { MemoryLoginAttemptStore } from './memory-login-attempt.store.js';

/** Failed-login counters. The in-memory store serves one instance; a shared (Redis) store replaces the provider. */
@Module({
  imports: [AuthEventsModule],
  providers: [LoginLockoutService, { provide: LOGIN_ATTEMPT_STORE, useFactory: () => new MemoryLoginAttemptStore() }],
  exports: [LoginLockoutService, LOGIN_ATTEMPT_STORE],
})
export class LoginAttemptsModule {}
