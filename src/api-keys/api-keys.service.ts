import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { type Role, satisfiesRoles } from '../authorization/index.js';
import { type Actor, DomainEventBus, inTransaction, repositoryFor } from '../events/index.js';
import { type User, UserErrors, UsersService } from '../users/index.js';
import { generateApiKeySecret } from './api-key-secret.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyErrors } from './api-key.errors.js';
import { ApiKeyCreated, ApiKeyRevoked, type RequestOrigin } from './api-key.events.js';

const DAY_MS = 86_400_000;

export interface NewApiKey {
  name: string;
  /** Defaults to the owner's roles at creation. */
  roles?: Role[];
  expiresInDays?: number;
}

/** A key as issued: the row and the key itself, which exists only in this answer. */
export interface IssuedApiKey {
  apiKey: ApiKey;
  key: string;
}

/** Issuing, listing and revoking API keys; using one is ApiKeyAuthenticator's job. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly users: UsersService,
    private readonly events: DomainEventBus,
  ) {}

  /** A key for `ownerId`, with roles no wider than the owner's (400 otherwise). */
  async create(ownerId: string, input: NewApiKey, actor: Actor, origin: RequestOrigin = {}): Promise<IssuedApiKey> {
    const owner = await this.users.getById(ownerId);
    return this.issue(owner, input, actor, origin);
  }

  /** An admin's or the operator's key for a service account (409 for a person: people make their own keys). */
  async createForServiceAccount(ownerId: string, input: NewApiKey, actor: Actor, origin: RequestOrigin = {}): Promise<IssuedApiKey> {
    const owner = await this.users.getById(ownerId);
    if (owner.kind !== 'service') throw ApiKeyErrors.notServiceAccount();
    return this.issue(owner, input, actor, origin);
  }

  /** The owner's keys that can still be used or are only expired (revoked ones are gone), newest first. */
  list(ownerId: string): Promise<ApiKey[]> {
    return repositoryFor(this.keys).find({ where: { userId: ownerId, revokedAt: IsNull() }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Revokes one of `ownerId`'s keys (404 for anyone else's); `ownerId` undefined: any key (the operator CLI). */
  async revoke(keyId: string, ownerId: string | undefined, actor: Actor, origin: RequestOrigin = {}): Promise<void> {
    const key = await repositoryFor(this.keys).findOne({ where: { id: keyId, revokedAt: IsNull() } });
    if (!key || (ownerId !== undefined && key.userId !== ownerId)) throw ApiKeyErrors.notFound();
    // The row first, then the event whose listener tells every instance (a key id marked revoked stays refused even
    // where a reload still finds the row as it was), and the audit row, all committed together.
    await inTransaction(this.keys.manager.connection, async () => {
      const result = await repositoryFor(this.keys).update({ id: keyId, revokedAt: IsNull() }, { revokedAt: new Date() });
      if (result.affected === 0) throw ApiKeyErrors.notFound();
      await this.events.publish(new ApiKeyRevoked(key.id, key.userId, key.prefix, actor, origin));
    });
  }

  private async issue(owner: User, input: NewApiKey, actor: Actor, origin: RequestOrigin): Promise<IssuedApiKey> {
    if (owner.disabled) throw UserErrors.userNotFound();
    const roles = input.roles && input.roles.length > 0 ? [...new Set(input.roles)] : [...owner.roles];
    for (const role of roles) if (!satisfiesRoles(owner.roles, [role])) throw ApiKeyErrors.roleNotHeld(role);
    const secret = generateApiKeySecret();
    const now = new Date();
    const apiKey = this.keys.create({
      id: randomUUID(),
      userId: owner.id,
      name: input.name,
      prefix: secret.prefix,
      keyHash: secret.hash,
      roles,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
      // Set here, with milliseconds: SQLite's datetime('now') default has whole seconds, which breaks ordering.
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
    });
    // A key exists only with its audit row.
    await inTransaction(this.keys.manager.connection, async () => {
      await repositoryFor(this.keys).insert(apiKey);
      await this.events.publish(new ApiKeyCreated(apiKey.id, owner.id, apiKey.name, apiKey.prefix, roles, apiKey.expiresAt, actor, origin));
    });
    return { apiKey, key: secret.key };
  }
}
