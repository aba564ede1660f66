import { Controller, Get, Header, Inject, NotFoundException, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../authorization/index.js';
import type { SecurityConfig } from '../config/index.js';

// Read once at start-up: two small files, never a path taken from the request.
const ASSETS = join(__dirname, 'assets');
const PAGE = readFileSync(join(ASSETS, 'index.html'), 'utf8');
const SCRIPT = readFileSync(join(ASSETS, 'demo.js'), 'utf8');
const MFA_SCRIPT = readFileSync(join(ASSETS, 'mfa-demo.js'), 'utf8');

/** A framework-free browser client of cookie mode; served only when AUTH_COOKIES=true (it needs the cookies). */
@ApiExcludeController()
@Public()
@Controller('demo')
export class DemoController {
  private readonly enabled: boolean;

  constructor(@Inject(ConfigService) config: ConfigService) {
    this.enabled = config.getOrThrow<SecurityConfig>('security').cookies;
  }

  @Get()
  @Header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    this.assertEnabled();
    void reply.type('text/html; charset=utf-8');
    return PAGE;
  }

  @Get('demo.js')
  script(@Res({ passthrough: true }) reply: FastifyReply): string {
    this.assertEnabled();
    void reply.type('text/javascript; charset=utf-8');
    return SCRIPT;
  }

  /** Second factors (issue 15): TOTP and passkeys on the same page. */
  @Get('mfa-demo.js')
  mfaScript(@Res({ passthrough: true }) reply: FastifyReply): string {
    this.assertEnabled();
    void reply.type('text/javascript; charset=utf-8');
    return MFA_SCRIPT;
  }

  private assertEnabled(): void {
    if (!this.enabled) throw new NotFoundException('The demo needs AUTH_COOKIES=true');
  }
}
