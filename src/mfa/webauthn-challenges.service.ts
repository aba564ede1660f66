import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { repositoryFor } from '../events/index.js';
import { WebAuthnChallenge } from './entities/webauthn-challenge.entity.js';

/** How long a browser has to finish a ceremony (the options' `timeout` says the same). */
export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

/**
 * WebAuthn challenges in the database, so that the instance which finishes a ceremony need not be the one that began
 * it. Consuming deletes the row, and only the request whose delete took it may go on: single use across instances.
 */
@Injectable()
export class WebAuthnChallengesService {
  constructor(@InjectRepository(WebAuthnChallenge) private readonly challenges: Repository<WebAuthnChallenge>) {}

  async issue(purpose: WebAuthnChallenge['purpose'], userId: string | null): Promise<WebAuthnChallenge> {
    const now = Date.now();
    // Expired ones go on the way: no timer, and the table stays as small as the ceremonies in flight.
    await repositoryFor(this.challenges).delete({ expiresAt: LessThan(new Date(now)) });
    const row: WebAuthnChallenge = {
      id: randomUUID(),
      challenge: randomBytes(32).toString('base64url'),
      purpose,
      userId,
      expiresAt: new Date(now + CEREMONY_TIMEOUT_MS),
    };
    await repositoryFor(this.challenges).insert(row);
    return row;
  }

  /** The registration challenge of this user that the browser signed, taken for good; undefined when none is live. */
  async takeRegistration(userId: string, challenge: string): Promise<WebAuthnChallenge | undefined> {
    const row = await repositoryFor(this.challenges).findOne({ where: { userId, challenge, purpose: 'registration' } });
    return row ? this.take(row) : undefined;
  }

  async takeAuthentication(id: string): Promise<WebAuthnChallenge | undefined> {
    const row = await repositoryFor(this.challenges).findOne({ where: { id, purpose: 'authentication' } });
    return row ? this.take(row) : undefined;
  }

  private async take(row: WebAuthnChallenge): Promise<WebAuthnChallenge | undefined> {
    const deleted = await repositoryFor(this.challenges).delete({ id: row.id });
    if (deleted.affected !== 1 || row.expiresAt.getTime() <= Date.now()) return undefined;
    return row;
  }
}
