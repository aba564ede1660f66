import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { AuthModule } from '../auth/index.js';
import { SessionsModule } from '../sessions/index.js';
import { TokensModule } from '../tokens/index.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus metrics at GET /metrics (METRICS_TOKEN), fed by the domain events and one HTTP hook. */
@Module({
  imports: [AuditModule, AuthModule, SessionsModule, TokensModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
