import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ConfigError, type AppConfig } from '../config/configuration.js';
import { DomainError } from '../common/domain-error.js';
import type { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { AuthEventsService } from './events/auth-events.service.js';
import { PasswordHasherService } from './passwords/password-hasher.service.js';
import { Role } from './roles/role.enum.js';

/**
 * With ADMIN_EMAIL and ADMIN_PASSWORD set, creates that account with the admin role when it is missing, and does
 * nothing else. An existing account is never promoted, re-enabled or given a new password: whoever registered the
 * address first (or an admin who demoted or disabled it on purpose) would otherwise be overruled at every restart.
 * An existing account that is not an admin stops start-up with one line instead.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly admin: AppConfig['admin'];

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasherService,
    private readonly events: AuthEventsService,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.admin = config.get<AppConfig['admin']>('admin');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.admin) return;
    const existing = await this.users.findByEmail(this.admin.email);
    if (existing) return this.checkExisting(existing);
    const raceWinner = await this.createAdmin(this.admin);
    if (raceWinner) this.checkExisting(raceWinner);
  }

  /**
   * Creates the admin. When the address was taken in the meantime (another instance starting, or a registration),
   * returns that account, which is then judged like any existing one.
   */
  private async createAdmin(admin: NonNullable<AppConfig['admin']>): Promise<User | undefined> {
    const passwordHash = await this.hasher.hash(admin.password);
    try {
      const created = await this.users.create({ email: admin.email, passwordHash, roles: [Role.Admin] });
      this.events.bootstrapAdminCreated(created.id);
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'AUTH_EMAIL_TAKEN')) throw error;
      const winner = await this.users.findByEmail(admin.email);
      if (!winner) throw error;
      return winner;
    }
  }

  private checkExisting(user: User): void {
    if (!user.roles.includes(Role.Admin)) {
      this.events.bootstrapAdminRefused(user.id);
      throw new ConfigError(
        'ADMIN_EMAIL names an existing account that is not an admin; start-up does not promote it (someone else may have registered the address, or an admin demoted it on purpose): check who owns it, then promote it with the CLI (set-roles, run with ADMIN_EMAIL unset), or unset ADMIN_EMAIL and ADMIN_PASSWORD',
      );
    }
    if (user.disabled) this.events.bootstrapAdminDisabled(user.id);
  }
}
