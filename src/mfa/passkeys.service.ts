import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import type { MfaConfig } from '../config/index.js';
import { DomainEventBus, type Actor, repositoryFor } from '../events/index.js';
import { Passkey } from './entities/passkey.entity.js';
import { MfaErrors } from './mfa.errors.js';
import { MfaChallengeFailed, PasskeyAdded, PasskeyRemoved, type RequestOrigin } from './mfa.events.js';
import { CEREMONY_TIMEOUT_MS, WebAuthnChallengesService } from './webauthn-challenges.service.js';

// Loaded at the first ceremony, not at start: with its ASN.1 and X.509 dependencies it is about 2 MiB of an idle
// instance's RSS and 3 MiB of its heap (docs/performance.md), and most instances never see a passkey.
const webauthn = () => import('@simplewebauthn/server');

/** A passkey that signed a challenge, and what that proves (RFC 8176 `amr`). */
export interface PasskeyAssertion {
  passkey: Passkey;
  amr: string[];
}

/** Registration and sign-in ceremonies (@simplewebauthn/server), and the user's list of passkeys. */
@Injectable()
export class PasskeysService {
  private readonly rpId: string;
  private readonly origins: string[];

  constructor(
    @InjectRepository(Passkey) private readonly passkeys: Repository<Passkey>,
    private readonly challenges: WebAuthnChallengesService,
    private readonly events: DomainEventBus,
    @Inject(ConfigService) config: ConfigService,
  ) {
    const mfa = config.getOrThrow<MfaConfig>('mfa');
    this.rpId = mfa.webauthnRpId;
    this.origins = mfa.webauthnOrigins;
  }

  list(userId: string): Promise<Passkey[]> {
    return repositoryFor(this.passkeys).find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  count(userId: string): Promise<number> {
    return repositoryFor(this.passkeys).count({ where: { userId } });
  }

  async registrationOptions(userId: string, email: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const challenge = await this.challenges.issue('registration', userId);
    const existing = await this.list(userId);
    const { generateRegistrationOptions } = await webauthn();
    return generateRegistrationOptions({
      rpName: 'Gatehouse',
      rpID: this.rpId,
      userName: email,
      userID: Buffer.from(userId),
      // Bytes, so that the options' base64url challenge is the stored string itself.
      challenge: Buffer.from(challenge.challenge, 'base64url'),
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: 'none',
      // Discoverable, so that the passkey alone can sign in without an e-mail.
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports?.split(',') })),
    });
  }

  async register(
    userId: string,
    response: RegistrationResponseJSON,
    name: string | undefined,
    actor: Actor,
    origin: RequestOrigin,
  ): Promise<Passkey> {
    const signed = clientChallenge(response);
    const challenge = signed && (await this.challenges.takeRegistration(userId, signed));
    if (!challenge) throw MfaErrors.passkeyRegistrationInvalid();
    const { verifyRegistrationResponse } = await webauthn();
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: this.origins,
      expectedRPID: this.rpId,
      requireUserVerification: false,
    }).catch(() => undefined);
    if (!verification?.verified) throw MfaErrors.passkeyRegistrationInvalid();
    const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
    if (await repositoryFor(this.passkeys).exists({ where: { credentialId: credential.id } })) throw MfaErrors.passkeyRegistrationInvalid();
    const passkey = this.passkeys.create({
      id: randomUUID(),
      userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      transports: credential.transports?.join(',').slice(0, 255) || null,
      name: name?.trim() || `Passkey ${new Date().toISOString().slice(0, 10)}`,
      lastUsedAt: null,
    });
    await repositoryFor(this.passkeys).insert(passkey);
    await this.events.publish(new PasskeyAdded(actor, userId, passkey.id, passkey.name, origin));
    return (await repositoryFor(this.passkeys).findOneBy({ id: passkey.id }))!;
  }

  /** Removes every passkey of the user; how many there were. */
  async removeAll(userId: string): Promise<number> {
    return (await repositoryFor(this.passkeys).delete({ userId })).affected ?? 0;
  }

  /** 404 for another user's passkey, as for one that does not exist. */
  async remove(userId: string, id: string, actor: Actor, origin: RequestOrigin): Promise<void> {
    const result = await repositoryFor(this.passkeys).delete({ id, userId });
    if (result.affected !== 1) throw MfaErrors.passkeyNotFound();
    await this.events.publish(new PasskeyRemoved(actor, userId, id, origin));
  }

  /**
   * Options for `navigator.credentials.get`. Unbound (no user): any discoverable passkey may answer, and an e-mail
   * given for it only narrows which account may sign in; it never changes the answer, so it tells nothing about
   * which accounts exist. Bound to a user who already gave the password: that user's passkeys are listed.
   */
  async authenticationOptions(
    userId: string | null,
    listCredentials: boolean,
  ): Promise<PublicKeyCredentialRequestOptionsJSON & { challengeId: string }> {
    const challenge = await this.challenges.issue('authentication', userId);
    const allow = userId && listCredentials ? await this.list(userId) : [];
    const { generateAuthenticationOptions } = await webauthn();
    const options = await generateAuthenticationOptions({
      rpID: this.rpId,
      // Bytes, so that the options' base64url challenge is the stored string itself.
      challenge: Buffer.from(challenge.challenge, 'base64url'),
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'preferred',
      allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: p.transports?.split(',') })),
    });
    return { ...options, challengeId: challenge.id };
  }

  /**
   * Verifies a sign-in: the challenge (taken for good), the credential (of `boundUserId` when given), the signature,
   * and the sign counter, which must grow: a counter that does not is a cloned authenticator, refused.
   */
  async authenticate(
    challengeId: string,
    response: AuthenticationResponseJSON,
    boundUserId: string | undefined,
    origin: RequestOrigin,
  ): Promise<PasskeyAssertion> {
    const failed = async (userId: string | undefined, reason: string): Promise<never> => {
      await this.events.publish(new MfaChallengeFailed(userId, 'webauthn', reason, origin));
      throw MfaErrors.passkeyInvalid();
    };
    const challenge = await this.challenges.takeAuthentication(challengeId);
    if (!challenge || clientChallenge(response) !== challenge.challenge) return failed(boundUserId, 'challenge-invalid');
    const passkey = typeof response.id === 'string' ? await repositoryFor(this.passkeys).findOneBy({ credentialId: response.id }) : null;
    const owner = boundUserId ?? challenge.userId ?? undefined;
    if (!passkey || (owner && passkey.userId !== owner)) return failed(owner, 'passkey-unknown');
    const { verifyAuthenticationResponse } = await webauthn();
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: this.origins,
      expectedRPID: this.rpId,
      credential: { id: passkey.credentialId, publicKey: Buffer.from(passkey.publicKey, 'base64url'), counter: passkey.counter },
      requireUserVerification: false,
    }).catch((error: unknown) => ({ verified: false as const, error }));
    if (!verification.verified) {
      const cloned = 'error' in verification && /counter/i.test(String((verification.error as Error)?.message));
      return failed(passkey.userId, cloned ? 'passkey-cloned' : 'passkey-invalid');
    }
    const { newCounter, userVerified, credentialDeviceType } = verification.authenticationInfo;
    // The counter moves only forward, also between two instances racing with the same signature.
    const claimed = await repositoryFor(this.passkeys)
      .createQueryBuilder()
      .update(Passkey)
      .set({ counter: newCounter, lastUsedAt: new Date() })
      .where('id = :id AND (counter < :next OR (counter = 0 AND :next = 0))', { id: passkey.id, next: newCounter })
      .execute();
    if (claimed.affected !== 1) return failed(passkey.userId, 'passkey-cloned');
    const kind = credentialDeviceType === 'multiDevice' ? 'swk' : 'hwk';
    // A passkey with user verification is two factors in one (the device, and the PIN or biometric that unlocked it).
    return { passkey, amr: userVerified ? [kind, 'mfa'] : [kind] };
  }
}

/** The challenge the browser put in clientDataJSON, read before verification to find the stored one. */
function clientChallenge(response: { response?: { clientDataJSON?: unknown } }): string | undefined {
  try {
    const raw = response.response?.clientDataJSON;
    if (typeof raw !== 'string') return undefined;
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof parsed.challenge === 'string' ? parsed.challenge : undefined;
  } catch {
    return undefined;
  }
}
