import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Role } from '../authorization/index.js';
import { DomainError } from '../common/index.js';
import { type AppConfig, ConfigError } from '../config/index.js';
import { DataSource } from 'typeorm';
import { DomainEventBus, inTransaction, SYSTEM } from '../events/index.js';
import { type User, UsersService } from '../users/index.js';
import { AdminBootstrapChecked } from './auth.events.js';
import { PasswordHasherService } from './passwords/password-hasher.service.js';

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
    private readonly events: DomainEventBus,
    private readonly dataSource: DataSource,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.admin = config.get<AppConfig['admin']>('admin');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.admin) return;
    const existing = await this.users.findByEmail(this.admin.email);
    if (existing) return this.checkExisting(existing);
    const raceWinner = await this.createAdmin(this.admin);
    if (raceWinner) await this.checkExisting(raceWinner);
  }

  /**
   * Creates the admin. When the address was taken in the meantime (another instance starting, or a registration),
   * returns that account, which is then judged like any existing one.
   */
  private async createAdmin(admin: NonNullable<AppConfig['admin']>): Promise<User | undefined> {
    const passwordHash = await this.hasher.hash(admin.password);
    try {
      // The account and both its audit rows (created, and created by start-up) commit together.
      await inTransaction(this.dataSource, async () => {
        const created = await this.users.create({ email: admin.email, passwordHash, roles: [Role.Admin] }, SYSTEM);
        await this.events.publish(new AdminBootstrapChecked(created.id, 'created'));
      });
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'AUTH_EMAIL_TAKEN')) throw error;
      const winner = await this.users.findByEmail(admin.email);
      if (!winner) throw error;
      return winner;
    }
  }

  private async checkExisting(user: User): Promise<void> {
    if (!user.roles.includes(Role.Admin)) {
      await this.events.publish(new AdminBootstrapChecked(user.id, 'refused'));
      throw new ConfigError(
        'ADMIN_EMAIL names an existing account that is not an admin; start-up does not promote it (someone else may have registered the address, or an admin demoted it on purpose): check who owns it, then promote it with the CLI (set-roles, run with ADMIN_EMAIL unset), or unset ADMIN_EMAIL and ADMIN_PASSWORD',
      );
    }
    if (user.disabled) await this.events.publish(new AdminBootstrapChecked(user.id, 'left-disabled'));
  }
}
