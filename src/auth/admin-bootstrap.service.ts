import { SYSTEM } from '../events/index.js';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/index.js';
import { DomainError } from '../common/index.js';
import { UsersService } from '../users/index.js';
import { PasswordHasherService } from './passwords/password-hasher.service.js';
import { Role } from '../authorization/index.js';

/**
 * With ADMIN_EMAIL and ADMIN_PASSWORD set, makes sure that account exists, is enabled and holds the admin role.
 * Idempotent: an existing account keeps its password.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);
  private readonly admin: AppConfig['admin'];

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasherService,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.admin = config.get<AppConfig['admin']>('admin');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.admin) return;
    const existing = await this.users.findByEmail(this.admin.email);
    if (!existing) {
      const passwordHash = await this.hasher.hash(this.admin.password);
      try {
        await this.users.create({ email: this.admin.email, passwordHash, roles: [Role.Admin] }, SYSTEM);
        this.logger.log('bootstrap admin account created');
      } catch (error) {
        // Another instance created it first.
        if (!(error instanceof DomainError && error.code === 'AUTH_EMAIL_TAKEN')) throw error;
      }
      return;
    }
    if (!existing.roles.includes(Role.Admin)) await this.users.setRoles(existing.id, [...existing.roles, Role.Admin], SYSTEM);
    if (existing.disabled) await this.users.setDisabled(existing.id, false, SYSTEM);
  }
}
