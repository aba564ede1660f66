import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual, createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Public } from '../authorization/index.js';
import type { MetricsConfig } from '../config/index.js';
import { MetricsErrors } from './metrics.errors.js';
import { MetricsService } from './metrics.service.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  private readonly tokenDigest?: Buffer;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const token = config.getOrThrow<MetricsConfig>('metrics').token;
    this.tokenDigest = token === undefined ? undefined : digest(token);
  }

  // Public to the access-token guard: the scrape token is a separate credential, checked here.
  @Public()
  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Prometheus text format. Off (404) unless METRICS_TOKEN is set; then `Authorization: Bearer <METRICS_TOKEN>` is required.',
  })
  @ApiOkResponse({ description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiUnauthorizedResponse({ description: '`METRICS_TOKEN_INVALID`: no or wrong bearer token' })
  @ApiNotFoundResponse({ description: '`METRICS_OFF`: METRICS_TOKEN is not set' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.tokenDigest) throw MetricsErrors.off();
    const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (!presented || !timingSafeEqual(digest(presented), this.tokenDigest)) throw MetricsErrors.tokenInvalid();
    const { contentType, body } = await this.metrics.scrape();
    void reply.header('Content-Type', contentType);
    return body;
  }
}
