import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArticlesModule } from './articles/articles.module.js';
import { AuthModule } from './auth/auth.module.js';
import type { AppConfig } from './config/configuration.js';
import { buildDataSourceOptions } from './database/data-source-options.js';
import { DemoModule } from './demo/demo.module.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule, type LoggingOptions } from './logging/logging.module.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';

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
        RedisModule,
        AuthModule,
        UsersModule,
        ArticlesModule,
        HealthModule,
        DemoModule,
      ],
    };
  }
}
