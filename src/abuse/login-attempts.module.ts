import { Module } from '@nestjs/common';
import { LOGIN_ATTEMPT_STORE } from './login-attempt-store.js';
import { LoginLockoutService } from './login-lockout.service.js';
import { MemoryLoginAttemptStore } from './memory-login-attempt.store.js';
import { RedisLoginAttemptStore } from './redis-login-attempt.store.js';
import { RedisService } from '../redis/index.js';

/** Failed-login counters: in Redis (shared by every instance) with REDIS_URL, else in this process's memory. */
@Module({
  providers: [
    LoginLockoutService,
    {
      provide: LOGIN_ATTEMPT_STORE,
      inject: [RedisService],
      useFactory: (redis: RedisService) => (redis.client ? new RedisLoginAttemptStore(redis) : new MemoryLoginAttemptStore()),
    },
  ],
  exports: [LoginLockoutService, LOGIN_ATTEMPT_STORE],
})
export class LoginAttemptsModule {}
