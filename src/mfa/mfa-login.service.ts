import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type EntityTarget, type ObjectLiteral, Repository } from 'typeorm';
import { type LoginAttempt, LoginLockoutService } from '../abuse/index.js';
import { DomainEventBus, inTransaction, repositoryFor } from '../events/index.js';
import type { User } from '../users/index.js';
import type { CompleteMfaLoginDto } from './dto/complete-mfa-login.dto.js';
import { MfaLoginChallenge } from './entities/mfa-login-challenge.entity.js';
import { Passkey } from './entities/passkey.entity.js';
import { RecoveryCode } from './entities/recovery-code.entity.js';
import { TotpFactor } from './entities/totp-factor.entity.js';
import { MfaErrors } from './mfa.errors.js';
import { MfaChallengeFailed, MfaChallengePassed, PasskeyUsed, RecoveryCodeUsed, type RequestOrigin, type SecondFactorMethod } from './mfa.events.js';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { TotpService } from './totp.service.js';

const MFA_TOKEN_TTL_MS = 5 * 60_000;

/** The answer to a right password when a second factor is on: no tokens yet. */
export interface MfaChallengeResponse {
  mfaRequired: true;
  mfaToken: string;
  methods: SecondFactorMethod[];
}

/** A finished second step: whose login it is and how it was proven (RFC 8176 `amr`). */
export interface SecondStep {
  user: User;
  amr: string[];
}

/**
 * The two-step login. The password step hands out an `mfaToken` (256 random bits, stored as SHA-256, five minutes,
 * single use, the user's older ones dead). Every second step is a counted login attempt of the same account and
 * client as the password: a wrong code counts like a wrong password, and the lock refuses both, so knowing the
 * password buys no more guesses at the code than at the password.
 */
@Injectable()
export class MfaLoginService {
  constructor(
    @InjectRepository(MfaLoginChallenge) private readonly challenges: Repository<MfaLoginChallenge>,
    private readonly lockout: LoginLockoutService,
    private readonly totp: TotpService,
    private readonly recoveryCodes: RecoveryCodesService,
    private readonly passkeys: PasskeysService,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * After the right password of an account with a second factor. The password attempt is taken back rather than
   * reset: the failure counter of this account and client carries on into the second step.
   */
  async challenge(user: User, attempt: LoginAttempt): Promise<MfaChallengeResponse> {
    await this.lockout.abandoned(attempt);
    const mfaToken = randomBytes(32).toString('base64url');
    // No transaction: TypeORM's sqlite driver shares one connection, where concurrent transactions collide. Two
    // password steps racing may both leave a token; each is still single use and short-lived.
    await repositoryFor(this.challenges).delete({ userId: user.id });
    // No read-back of the row's createdAt (TypeORM reads generated columns back after an insert): nothing uses it here.
    await repositoryFor(this.challenges)
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), userId: user.id, tokenHash: hashToken(mfaToken), expiresAt: new Date(Date.now() + MFA_TOKEN_TTL_MS), usedAt: null })
      .updateEntity(false)
      .execute();
    return { mfaRequired: true, mfaToken, methods: await this.methods(user.id) };
  }

  /** The user a live, unused `mfaToken` names (for passkey options bound to that login); 401 otherwise. */
  async pendingUser(mfaToken: string): Promise<string> {
    const row = await this.live(mfaToken);
    if (!row) throw MfaErrors.mfaTokenInvalid();
    return row.userId;
  }

  /** Checks exactly one second factor for a live `mfaToken`; the token is spent only by a right one. */
  async complete(dto: CompleteMfaLoginDto, origin: RequestOrigin): Promise<SecondStep> {
    const factors = [dto.code, dto.recoveryCode, dto.passkey].filter((f) => f !== undefined).length;
    if (factors !== 1) throw MfaErrors.oneFactorNeeded();
    const row = await this.live(dto.mfaToken, { withUser: true });
    const user = row?.user;
    if (!row || !user) {
      await this.events.publish(new MfaChallengeFailed(row?.userId, 'mfa-token', 'token-invalid', origin));
      throw MfaErrors.mfaTokenInvalid();
    }
    const attempt = await this.lockout.begin(user.email, origin.ip);
    const method: SecondFactorMethod = dto.code !== undefined ? 'totp' : dto.recoveryCode !== undefined ? 'recovery_code' : 'webauthn';
    let amr: string[] | undefined;
    try {
      // The factor's use (a recovery code spent, a passkey's counter), the token's and their audit rows commit
      // together: a second request with the same token that loses the race gives its recovery code back.
      amr = await inTransaction(this.challenges.manager.connection, async () => {
        const factorAmr = await this.check(user.id, dto, method, origin);
        if (!factorAmr) return undefined;
        const spent = await repositoryFor(this.challenges)
          .createQueryBuilder()
          .update(MfaLoginChallenge)
          .set({ usedAt: new Date() })
          .where('id = :id AND "usedAt" IS NULL', { id: row.id })
          .execute();
        if (spent.affected !== 1) throw MfaErrors.mfaTokenInvalid();
        await this.events.publish(new MfaChallengePassed(user.id, method, origin));
        return factorAmr;
      });
    } catch (error) {
      await this.lockout.abandoned(attempt);
      throw error;
    }
    if (!amr) {
      await this.lockout.failed(attempt);
      // A passkey's failure was published by PasskeysService with its precise reason.
      if (method !== 'webauthn') await this.events.publish(new MfaChallengeFailed(user.id, method, 'wrong-code', origin));
      throw method === 'webauthn' ? MfaErrors.passkeyInvalid() : MfaErrors.codeInvalid(HttpStatus.UNAUTHORIZED);
    }
    await this.lockout.succeeded(attempt);
    return { user, amr: ['pwd', ...amr.filter((a) => a !== 'mfa'), 'mfa'] };
  }

  /** The second factor's own `amr` values when it is right, undefined when it is wrong. */
  private async check(userId: string, dto: CompleteMfaLoginDto, method: SecondFactorMethod, origin: RequestOrigin): Promise<string[] | undefined> {
    if (method === 'totp') return (await this.totp.verify(userId, dto.code!)) ? ['otp'] : undefined;
    if (method === 'recovery_code') {
      const remaining = await this.recoveryCodes.consume(userId, dto.recoveryCode!);
      if (remaining === undefined) return undefined;
      await this.events.publish(new RecoveryCodeUsed(userId, remaining, origin));
      return ['otp'];
    }
    const assertion = await this.passkeys
      .authenticate(dto.passkey!.challengeId, dto.passkey!.response as unknown as AuthenticationResponseJSON, userId, origin)
      .catch(() => undefined);
    if (!assertion) return undefined;
    await this.events.publish(new PasskeyUsed(userId, assertion.passkey.id, 'second-factor', origin));
    return assertion.amr;
  }

  /**
   * The factors the user can answer with, in one query rather than one per factor: each statement of a login costs
   * about half a millisecond of TypeORM and driver work, and a two-step login should cost little more than the
   * password's hash (issue 18). The same rules as TotpService.isOn, RecoveryCodesService.remaining and
   * PasskeysService.count.
   */
  private async methods(userId: string): Promise<SecondFactorMethod[]> {
    const { manager } = repositoryFor(this.challenges);
    const table = (entity: EntityTarget<ObjectLiteral>) => manager.connection.getMetadata(entity).tableName;
    const [query, parameters] = manager.connection.driver.escapeQueryWithParameters(
      `SELECT EXISTS (SELECT 1 FROM "${table(TotpFactor)}" WHERE "userId" = :userId AND "confirmedAt" IS NOT NULL) AS "totp",
              EXISTS (SELECT 1 FROM "${table(RecoveryCode)}" WHERE "userId" = :userId AND "usedAt" IS NULL) AS "recoveryCode",
              EXISTS (SELECT 1 FROM "${table(Passkey)}" WHERE "userId" = :userId) AS "webauthn"`,
      { userId },
      {},
    );
    const [row] = await manager.query<Record<'totp' | 'recoveryCode' | 'webauthn', unknown>[]>(query, parameters);
    // SQLite answers 0 or 1, PostgreSQL a boolean.
    const on = (value: unknown) => value === true || Number(value) === 1;
    const methods: SecondFactorMethod[] = [];
    if (on(row.totp)) methods.push('totp');
    if (on(row.recoveryCode)) methods.push('recovery_code');
    if (on(row.webauthn)) methods.push('webauthn');
    return methods;
  }

  private live(mfaToken: string, { withUser = false } = {}): Promise<MfaLoginChallenge | null> {
    // A query builder rather than findOne with `relations`, which reads the ids first and the rows in a second query.
    const query = repositoryFor(this.challenges)
      .createQueryBuilder('challenge')
      .where('challenge.tokenHash = :tokenHash AND challenge.usedAt IS NULL AND challenge.expiresAt > :now', {
        tokenHash: hashToken(mfaToken),
        now: new Date(),
      });
    return (withUser ? query.innerJoinAndSelect('challenge.user', 'user') : query).getOne();
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
