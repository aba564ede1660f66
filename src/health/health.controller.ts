import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/decorators/public.decorator.js';
import { DomainError } from '../common/domain-error.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOkResponse({ description: '{status: "ok", info, details}' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the message names it' })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
    } catch (error) {
      // Terminus's 503 body does not fit the one error shape; keep the shape and name the failing dependency.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as Partial<HealthCheckResult>;
      const down = Object.keys(result.error ?? {});
      throw new DomainError('HEALTH_DEGRADED', HttpStatus.SERVICE_UNAVAILABLE, `Unhealthy: ${down.join(', ') || 'unknown'} down`, {
        'Retry-After': '5',
      });
    }
  }
}
