import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, type HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../authorization/index.js';
import { RedisHealthIndicator } from './redis.health.js';
import { HealthErrors } from './health.errors.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Readiness',
    description:
      'Pings the database, and Redis when REDIS_URL is set. 200 when all answer; 503 (code HEALTH_DEGRADED) naming the dependency that does not.',
  })
  @HealthCheck()
  @ApiOkResponse({ description: '{status: "ok", info, details}' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the message names it' })
  async check(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database', { timeout: 2000 })];
    if (this.redis.configured) checks.push(() => this.redis.check());
    try {
      return await this.health.check(checks);
    } catch (error) {
      // The one error shape everywhere, with the failing dependencies named for operators and load balancers.
      if (error instanceof ServiceUnavailableException) {
        const result = error.getResponse() as HealthCheckResult;
        throw HealthErrors.dependenciesDown(Object.keys(result.error ?? {}));
      }
      throw error;
    }
  }
}
