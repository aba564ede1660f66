import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Like, MoreThan, Repository } from 'typeorm';
import { ConfigError } from '../config/index.js';
import { type Actor, DomainEventBus } from '../events/index.js';
import { SecretBox } from './data-encryption.js';
import { TotpFactor } from './entities/totp-factor.entity.js';
import { DataKeyResealed } from './mfa.events.js';
import { SECRET_BOX } from './totp.service.js';

const BATCH = 500;

export interface ResealReport {
  keyId: string;
  resealed: number;
  /** Rows another request changed meanwhile (set up again, removed): left as they are, already under the current key. */
  skipped: number;
}

/**
 * The TOTP secrets and the keys that seal them. At start, every key id found in the table must be configured (a
 * rotation that dropped the old key too early would otherwise fail every TOTP login of those users, one by one). The
 * operator's `reseal-secrets` moves every secret under the current key, after which the previous keys can go.
 */
@Injectable()
export class TotpSecretsService implements OnApplicationBootstrap {
  constructor(
    @InjectRepository(TotpFactor) private readonly factors: Repository<TotpFactor>,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly events: DomainEventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const known = new Set(this.box.keyIds());
    const rows: { kid: string }[] = await this.factors.query(
      `SELECT DISTINCT CASE WHEN secret LIKE 'v2.%' THEN substr(secret, 4, 8) ELSE 'v1' END AS kid FROM totp_factors`,
    );
    const missing = rows.map((r) => r.kid).filter((kid) => kid !== 'v1' && !known.has(kid));
    if (missing.length > 0) {
      throw new ConfigError(
        `TOTP secrets are sealed with data key ${missing.join(', ')}, which is neither DATA_ENCRYPTION_KEY (${this.box.keyIds()[0]}) nor in DATA_ENCRYPTION_KEYS_PREVIOUS: add the old key there, start, and run reseal-secrets`,
      );
    }
    const legacy = await this.factors.findOne({ where: { secret: Like('v1.%') } });
    if (legacy) {
      try {
        this.box.open(legacy.secret, legacy.userId);
      } catch {
        throw new ConfigError(
          'TOTP secrets sealed before key ids were recorded do not open with DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEYS_PREVIOUS: add the key they were sealed with',
        );
      }
    }
  }

  /** Reseals every secret not under the current key; each row only if it did not change meanwhile. */
  async resealAll(actor: Actor): Promise<ResealReport> {
    const keyId = this.box.keyIds()[0];
    const report: ResealReport = { keyId, resealed: 0, skipped: 0 };
    // Every row once, by primary key (keyset pages): a LIKE on the key id would treat its `_` as a wildcard.
    let after = '';
    for (;;) {
      const page = await this.factors.find({ where: { userId: MoreThan(after) }, take: BATCH, order: { userId: 'ASC' } });
      if (page.length === 0) break;
      after = page[page.length - 1].userId;
      for (const row of page.filter((r) => this.box.isStale(r.secret))) {
        const fresh = this.box.seal(this.box.open(row.secret, row.userId), row.userId);
        const result = await this.factors.update({ userId: row.userId, secret: row.secret }, { secret: fresh });
        if (result.affected === 1) report.resealed += 1;
        else report.skipped += 1;
      }
    }
    await this.events.publish(new DataKeyResealed(actor, keyId, report.resealed));
    return report;
  }
}
