import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Secret, TOTP } from 'otpauth';
import { IsNull, Not, Repository } from 'typeorm';
import { repositoryFor } from '../events/index.js';
import { SecretBox } from './data-encryption.js';
import { TotpFactor } from './entities/totp-factor.entity.js';
import { MfaErrors } from './mfa.errors.js';

export const SECRET_BOX = Symbol('SECRET_BOX');

const ISSUER = 'Gatehouse';
const PERIOD = 30;

/** What a user types into an authenticator app once: shown at setup, never again. */
export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

/**
 * RFC 6238: 6 digits, 30 s, one step either side. Each accepted code records its step, and a conditional update
 * claims it, so a code (or an older one) is accepted once even when two requests race with it.
 */
@Injectable()
export class TotpService {
  constructor(
    @InjectRepository(TotpFactor) private readonly factors: Repository<TotpFactor>,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async isOn(userId: string): Promise<boolean> {
    return repositoryFor(this.factors).exists({ where: { userId, confirmedAt: Not(IsNull()) } });
  }

  /** A new pending secret (replacing an unconfirmed one); 409 when TOTP is already on. */
  async beginSetup(userId: string, email: string): Promise<TotpSetup> {
    if (await this.isOn(userId)) throw MfaErrors.totpAlreadyOn();
    const secret = new Secret({ size: 20 });
    await repositoryFor(this.factors).upsert(
      { userId, secret: this.box.seal(secret.base32, userId), confirmedAt: null, lastUsedStep: null },
      { conflictPaths: ['userId'] },
    );
    return { secret: secret.base32, otpauthUrl: totpFor(secret, email).toString() };
  }

  /** The first right code turns the pending secret on; false for a wrong code or when nothing is pending. */
  async confirm(userId: string, code: string): Promise<boolean> {
    const pending = await repositoryFor(this.factors).findOne({ where: { userId, confirmedAt: IsNull() } });
    if (!pending) throw MfaErrors.totpNotPending();
    const step = this.matchingStep(pending, code);
    if (step === undefined) return false;
    const result = await repositoryFor(this.factors)
      .createQueryBuilder()
      .update(TotpFactor)
      .set({ confirmedAt: new Date(), lastUsedStep: step })
      .where('"userId" = :userId AND "confirmedAt" IS NULL', { userId })
      .execute();
    return result.affected === 1;
  }

  /** True once per code of a confirmed secret; a replayed code (or one older than the last accepted) is false. */
  async verify(userId: string, code: string): Promise<boolean> {
    const factor = await repositoryFor(this.factors).findOne({ where: { userId, confirmedAt: Not(IsNull()) } });
    if (!factor) return false;
    const step = this.matchingStep(factor, code);
    if (step === undefined) return false;
    const claimed = await repositoryFor(this.factors)
      .createQueryBuilder()
      .update(TotpFactor)
      .set({ lastUsedStep: step })
      .where('"userId" = :userId AND ("lastUsedStep" IS NULL OR "lastUsedStep" < :step)', { userId, step })
      .execute();
    return claimed.affected === 1;
  }

  async remove(userId: string): Promise<void> {
    await repositoryFor(this.factors).delete({ userId });
  }

  private matchingStep(factor: TotpFactor, code: string): number | undefined {
    if (!/^\d{6}$/.test(code)) return undefined;
    const now = Date.now();
    const totp = totpFor(Secret.fromBase32(this.box.open(factor.secret, factor.userId)));
    const delta = totp.validate({ token: code, timestamp: now, window: 1 });
    return delta === null ? undefined : Math.floor(now / 1000 / PERIOD) + delta;
  }
}

function totpFor(secret: Secret, label = 'account'): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret });
}
