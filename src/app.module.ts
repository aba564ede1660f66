import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CredentialThrottlerGuard, ThrottlingModule } from './abuse/index.js';
import { ArticlesModule } from './articles/index.js';
import { AuditModule } from './audit/index.js';
import { AuthModule } from './auth/index.js';
import { Reflector } from '@nestjs/core';
import { RolesGuard, SecondFactorGuard } from './authorization/index.js';
import type { AppConfig } from './config/index.js';
import { buildDataSourceOptions } from './database/index.js';
import { DemoModule } from './demo/index.js';
import { EventsModule } from './events/index.js';
import { HealthModule } from './health/index.js';
import { LoggingModule, type LoggingOptions } from './logging/index.js';
import { RecoveryModule } from './recovery/index.js';
import { MetricsModule } from './metrics/index.js';
import { RedisModule } from './redis/index.js';
import { JwtAuthGuard, TokensModule } from './tokens/index.js';
import { UsersModule } from './users/index.js';

@Module({})
export class AppModule {
  /** The validated configuration comes in from main.ts (or a test); nothing below reads the environment. */
  static forRoot(config: AppConfig, logging: LoggingOptions = { level: config.logLevel }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...config })] }),
        LoggingModule.forRoot(logging),
        TypeOrmModule.forRoot(buildDataSourceOptions(config.database)),
        EventsModule,
        RedisModule,
        ThrottlingModule,
        TokensModule,
        AuthModule,
        RecoveryModule,
        UsersModule,
        ArticlesModule,
        AuditModule,
        MetricsModule,
        HealthModule,
        DemoModule,
      ],
      providers: [
        // Every route is protected unless it says @Public(). Order matters: throttle credential routes first (before
        // any password or token work), then authenticate, then check roles.
        { provide: APP_GUARD, useClass: CredentialThrottlerGuard },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        // Then @RequireMfa(), @RequireRecentAuth() and ADMIN_REQUIRE_MFA.
        {
          provide: APP_GUARD,
          inject: [Reflector],
          useFactory: (reflector: Reflector) => new SecondFactorGuard(reflector, config.mfa.adminRequireMfa),
        },
      ],
    };
  }
}
