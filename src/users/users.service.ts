import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { type EntityManager, Repository } from 'typeorm';
import { Role } from '../authorization/index.js';
import { ambientManager, DomainEventBus, inTransaction, repositoryFor, type Actor } from '../events/index.js';
import { isUniqueViolation, type Page } from '../common/index.js';
import { normalizeEmail } from './email-address.js';
import { User, type UserKind } from './entities/user.entity.js';
import {
  ServiceAccountCreated,
  UserCreated,
  UserDeleted,
  UserEmailChanged,
  UserEmailVerified,
  UserPasswordChanged,
  UserRolesChanged,
  UserStatusChanged,
} from './user.events.js';
import { UserErrors } from './user.errors.js';

export interface NewUser {
  email: string;
  passwordHash: string;
  displayName?: string | null;
  roles?: Role[];
}

// Emails are stored and compared in one normal form (NFKC, case folded); see email-address.ts.

// Keeps at least one enabled admin: the change applies only while another enabled admin exists.
// One statement, so there is no read-then-write gap on SQLite's single writer. PostgreSQL runs writers
// concurrently under READ COMMITTED, where two admins demoting each other would each still see the other:
// there the statement runs inside a transaction holding ADMIN_GUARD_LOCK, so such changes happen one at a time.
const ADMIN_GUARD_LOCK = 0x6761_7465_6164; // any fixed 64-bit key, shared by every instance
const ANOTHER_ADMIN_EXISTS = `(SELECT COUNT(*) FROM users other WHERE other.roles LIKE '%admin%' AND other.disabled = :off AND other.id <> :id) > 0`;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly events: DomainEventBus,
  ) {}

  /** `actor` is who creates the account; a registration creates its own. */
  async create(input: NewUser, actor: Actor | 'self' = 'self'): Promise<User> {
    // An operator or start-up vouches for the address; a registration must prove it with a link.
    const user = await this.insert({ ...input, emailVerified: actor !== 'self' }, (created) => new UserCreated(created.id, created.roles, actor));
    return this.getById(user.id);
  }

  /**
   * A machine client: no password (it cannot log in), a reserved address under `.invalid` (RFC 2606) that no
   * mailbox or registration can own, and the name as its display name. It authenticates with API keys only.
   */
  async createServiceAccount(name: string, roles: Role[], actor: Actor): Promise<User> {
    const id = randomUUID();
    const user = await this.insert(
      { id, email: `${id}@service-account.invalid`, passwordHash: null, displayName: name, roles, kind: 'service', emailVerified: false },
      (created) => new ServiceAccountCreated(created.id, name, created.roles, actor),
    );
    return this.getById(user.id);
  }

  /** Inserts the row and announces it in one transaction: the audit row commits with the account or not at all. */
  private async insert(
    input: Omit<NewUser, 'passwordHash'> & { passwordHash: string | null; id?: string; kind?: UserKind; emailVerified: boolean },
    announce: (user: User) => object,
  ): Promise<User> {
    const now = new Date();
    const user = this.users.create({
      id: input.id ?? randomUUID(),
      kind: input.kind ?? 'person',
      // Set here, with milliseconds: SQLite's datetime('now') default has whole seconds, which breaks ordering.
      createdAt: now,
      updatedAt: now,
      email: normalizeEmail(input.email),
      passwordHash: input.passwordHash,
      displayName: input.displayName ?? null,
      roles: input.roles ?? [Role.User],
      disabled: false,
      emailVerified: input.emailVerified,
    });
    try {
      await this.inTransaction(async () => {
        // The unique index decides between concurrent registrations of one email: one insert wins.
        await repositoryFor(this.users).insert(user);
        await this.events.publish(announce(user));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw UserErrors.emailTaken();
      throw error;
    }
    return user;
  }

  // Reads go through the caller's transaction when there is one: a flow that changed the user sees its own change.
  findByEmail(email: string): Promise<User | null> {
    return repositoryFor(this.users).findOne({ where: { email: normalizeEmail(email) } });
  }

  findById(id: string): Promise<User | null> {
    return repositoryFor(this.users).findOne({ where: { id } });
  }

  /**
   * The user as committed, after any change still in flight: a role change, disable or delete runs in a transaction
   * (with its audit row and its revocations), and on PostgreSQL a plain read would see the old row until it commits,
   * after that change had already looked for sessions to revoke. FOR SHARE waits for that commit. SQLite has one
   * connection for everything, where the change in flight is already visible.
   */
  findCommitted(id: string): Promise<User | null> {
    if (this.users.manager.connection.options.type === 'sqlite') return this.findById(id);
    return this.inTransaction(() => repositoryFor(this.users).findOne({ where: { id }, lock: { mode: 'pessimistic_read' } }));
  }

  async getById(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw UserErrors.userNotFound();
    return user;
  }

  async list(page: number, limit: number): Promise<Page<User>> {
    const [items, total] = await this.users.findAndCount({
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return { items, total, page, limit };
  }

  /** Replaces the password hash; every session but `keptSessionId` ends at once. */
  async setPasswordHash(id: string, passwordHash: string, actor: Actor, keptSessionId?: string): Promise<void> {
    await this.inTransaction(async () => {
      await repositoryFor(this.users).update({ id }, { passwordHash });
      await this.events.publish(new UserPasswordChanged(id, keptSessionId, actor));
    });
  }

  /**
   * Marks the address verified, provided it is still `email` (a link sent to an old address proves nothing about
   * the new one). False when the account or that address is gone.
   */
  async markEmailVerified(id: string, email: string, actor: Actor): Promise<boolean> {
    return this.inTransaction(async () => {
      const result = await repositoryFor(this.users).update({ id, email: normalizeEmail(email) }, { emailVerified: true });
      if (!result.affected) return false;
      await this.events.publish(new UserEmailVerified(id, actor));
      return true;
    });
  }

  /**
   * Replaces the address with one its owner proved; 409 when another account holds it (the unique index decides
   * between two accounts racing for one address). Every session but `keptSessionId` ends.
   */
  async changeEmail(id: string, newEmail: string, actor: Actor, keptSessionId?: string): Promise<User> {
    try {
      return await this.inTransaction(async () => {
        const result = await repositoryFor(this.users).update({ id }, { email: normalizeEmail(newEmail), emailVerified: true });
        if (!result.affected) throw UserErrors.userNotFound();
        await this.events.publish(new UserEmailChanged(id, keptSessionId, actor));
        return this.getById(id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw UserErrors.emailTaken();
      throw error;
    }
  }

  /** Records whether a second factor is on (the `mfa` module owns the factors and publishes their events). */
  async setMfaEnabled(id: string, mfaEnabled: boolean): Promise<void> {
    await repositoryFor(this.users).update({ id }, { mfaEnabled });
  }

  /** Replaces the roles; every token the user holds stops working at once. */
  async setRoles(id: string, roles: Role[], actor: Actor): Promise<User> {
    const user = await this.getById(id);
    const losesAdmin = isEnabledAdmin(user) && !roles.includes(Role.Admin);
    await this.inTransaction(async () => {
      await this.guardedUpdate(id, { roles }, losesAdmin);
      await this.events.publish(new UserRolesChanged(id, roles, actor));
    });
    return this.getById(id);
  }

  /** Enables or disables the account; disabling revokes every session at once. */
  async setDisabled(id: string, disabled: boolean, actor: Actor): Promise<User> {
    const user = await this.getById(id);
    await this.inTransaction(async () => {
      await this.guardedUpdate(id, { disabled }, disabled && isEnabledAdmin(user));
      await this.events.publish(new UserStatusChanged(id, disabled, actor));
    });
    return this.getById(id);
  }

  /** Deletes the account; its tokens stop working at once. */
  async remove(id: string, actor: Actor): Promise<void> {
    const user = await this.getById(id);
    // Disable first, under the last-admin guard: a refused delete must not log the admin out, and a disabled
    // account cannot open a new session between the revocation below and the delete.
    await this.inTransaction(async () => {
      await this.guardedUpdate(id, { disabled: true }, isEnabledAdmin(user));
      // Sessions go with the user (cascade), so they are revoked first, while they can still be found.
      await this.events.publish(new UserDeleted(id, actor));
      const result = await repositoryFor(this.users).delete({ id });
      if (result.affected === 0) throw UserErrors.userNotFound();
    });
  }

  private async guardedUpdate(id: string, values: Record<string, unknown>, keepAnAdmin: boolean): Promise<void> {
    const result = await this.withAdminGuard(keepAnAdmin, (manager) => {
      const query = manager
        .createQueryBuilder()
        .update(User)
        .set({ ...values, updatedAt: () => 'CURRENT_TIMESTAMP' })
        .where('id = :id', { id });
      if (keepAnAdmin) query.andWhere(ANOTHER_ADMIN_EXISTS, { id, off: false });
      return query.execute();
    });
    if (result.affected === 0) throw (await this.findById(id)) ? UserErrors.lastAdmin() : UserErrors.userNotFound();
  }

  /** On PostgreSQL, runs a change that could remove the last admin under the shared lock (see ADMIN_GUARD_LOCK). */
  private withAdminGuard<T>(keepAnAdmin: boolean, change: (manager: EntityManager) => Promise<T>): Promise<T> {
    const dataSource = this.users.manager.connection;
    // On SQLite the single statement suffices (one writer); the lock is held until the caller's transaction ends.
    if (!keepAnAdmin || dataSource.options.type !== 'postgres') return change(ambientManager(dataSource) ?? this.users.manager);
    return inTransaction(dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_GUARD_LOCK]);
      return change(manager);
    });
  }

  /** The change and its event (revocation, audit row) commit together or not at all. */
  private inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction(this.users.manager.connection, work);
  }
}

function isEnabledAdmin(user: User): boolean {
  return !user.disabled && user.roles.includes(Role.Admin);
}
