import { Controller, Get, Inject, NotFoundException, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../authorization/index.js';
import type { SecurityConfig } from '../config/index.js';

const ACTIONS = { 'reset-password': 'reset-password', 'verify-email': 'verify-email', 'confirm-email': 'confirm-email' } as const;

/**
 * The pages that the links in Gatehouse's mails open (APP_URL/reset-password?token=…, …): here they lead to the
 * demo page, which finishes the step. A deployment with its own front end points APP_URL there instead.
 */
@ApiExcludeController()
@Public()
@Controller()
export class RecoveryPagesController {
  private readonly enabled: boolean;

  constructor(@Inject(ConfigService) config: ConfigService) {
    this.enabled = config.getOrThrow<SecurityConfig>('security').cookies;
  }

  @Get(Object.keys(ACTIONS))
  open(@Query('token') token: unknown, @Res() reply: FastifyReply): void {
    if (!this.enabled) throw new NotFoundException('The demo needs AUTH_COOKIES=true');
    const action = ACTIONS[reply.request.routeOptions.url!.slice(1) as keyof typeof ACTIONS];
    const query = new URLSearchParams({ action, token: typeof token === 'string' ? token.slice(0, 256) : '' });
    void reply.header('Cache-Control', 'no-store').redirect(`/demo?${query.toString()}`, 302);
  }
}
