import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RecoveryConfig } from '../config/index.js';
import { isForeignKeyViolation } from '../common/index.js';
import { User, UserResponseDto, UsersService } from '../users/index.js';
import type { AuthUser } from '../authorization/index.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { LoginDto } from './dto/login.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import type { TokenResponseDto } from './dto/token-response.dto.js';
import { DataSource } from 'typeorm';
import { DomainEventBus, inTransaction, userActor } from '../events/index.js';
import { LoggedOut, LoginFailed, LoginSucceeded } from './auth.events.js';
import { type LoginAttempt, LoginLockoutService } from '../abuse/index.js';
import { PasswordHasherService } from './passwords/password-hasher.service.js';
import { type Session, type SessionMeta, SessionsService } from '../sessions/index.js';
import { AccessTokenService } from '../tokens/index.js';
import { AuthErrors } from './auth.errors.js';
import { ProfileCache } from './profile-cache.js';
import { AuthorizationErrors } from '../authorization/index.js';
import { SessionErrors } from '../sessions/index.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import {
  type CompleteMfaLoginDto,
  type MfaChallengeResponse,
  MfaLoginService,
  PasskeysService,
  type PasswordConfirmation,
  PasskeyUsed,
  type PasskeyAssertionDto,
} from '../mfa/index.js';

/** A login's or refresh's tokens with the session they belong to (which never goes into a response body). */
export interface IssuedTokens extends TokenResponseDto {
  sessionId: string;
}

/** Credentials in, tokens out: registration, login (one or two steps), refresh and password change. */
@Injectable()
export class AuthService implements PasswordConfirmation {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasherService,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokenService,
    private readonly lockout: LoginLockoutService,
    private readonly events: DomainEventBus,
    private readonly mfaLogin: MfaLoginService,
    private readonly passkeys: PasskeysService,
    private readonly dataSource: DataSource,
    private readonly profiles: ProfileCache,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.requireVerifiedEmail = config.getOrThrow<RecoveryConfig>('recovery').requireVerifiedEmail;
  }

  private readonly requireVerifiedEmail: boolean;

  async register(dto: RegisterDto): Promise<User> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.users.create({ email: dto.email, passwordHash, displayName: dto.displayName });
  }

  /**
   * Unknown email and wrong password fail alike, in body, in time (one argon2 verification either way) and in
   * lockout; a disabled account is told only after the right password.
   */
  async login(dto: LoginDto, meta: SessionMeta): Promise<IssuedTokens | MfaChallengeResponse> {
    const attempt = await this.lockout.begin(dto.email, meta.ip);
    const { user, passwordOk } = await this.checkPassword(attempt, () => this.users.findByEmail(dto.email), dto.password);
    if (!user || !passwordOk) {
      await this.events.publish(new LoginFailed(user?.id, meta.ip));
      await this.lockout.failed(attempt);
      throw AuthErrors.invalidCredentials();
    }
    // A second factor on: no tokens yet, and the lockout counter carries on into the second step.
    if (user.mfaEnabled && !user.disabled) return this.mfaLogin.challenge(user, attempt);
    await this.lockout.succeeded(attempt);
    return this.openSession(user, meta, ['pwd']);
  }

  /** POST /auth/login/mfa: the second step, then the same session as a one-step login, with `amr` saying how. */
  async completeMfaLogin(dto: CompleteMfaLoginDto, meta: SessionMeta): Promise<IssuedTokens> {
    const { user, amr } = await this.mfaLogin.complete(dto, meta);
    return this.openSession(user, meta, amr);
  }

  /** POST /auth/passkeys/authentication: a passkey alone (a discoverable credential) opens a session. */
  async loginWithPasskey(dto: PasskeyAssertionDto, meta: SessionMeta): Promise<IssuedTokens> {
    const { passkey, amr } = await this.passkeys.authenticate(
      dto.challengeId,
      dto.response as unknown as AuthenticationResponseJSON,
      undefined,
      meta,
    );
    const user = await this.users.findById(passkey.userId);
    if (!user) throw AuthErrors.invalidCredentials();
    if (user.disabled) throw AuthErrors.accountDisabled();
    await this.events.publish(new PasskeyUsed(user.id, passkey.id, 'login', meta));
    return this.openSession(user, meta, amr);
  }

  private async openSession(user: User, meta: SessionMeta, amr: string[]): Promise<IssuedTokens> {
    if (user.disabled) throw AuthErrors.accountDisabled();
    // After the right credentials only, like a disabled account: a stranger learns nothing about the address.
    if (this.requireVerifiedEmail && !user.emailVerified) throw AuthErrors.emailNotVerified();
    const { session, refreshToken } = await this.sessions.create(user.id, meta, amr).catch((error: unknown) => {
      // The user was deleted while the login was hashing: the same answer as for an unknown account.
      throw isForeignKeyViolation(error) ? AuthErrors.invalidCredentials() : error;
    });
    // Read again now that the session row exists: a role change, disable or delete that answered while this login
    // was hashing, or is committing now, is seen here, and one that comes later finds the session and revokes it.
    const current = await this.users.findCommitted(user.id);
    if (!current || current.disabled) {
      await this.sessions.revokeSessions([session.id]);
      throw current ? AuthErrors.accountDisabled() : AuthErrors.invalidCredentials();
    }
    // The session row is committed on its own (a revocation racing this login must be able to find it); the access
    // expiry that lets it sign, and the login's audit row, commit together.
    return inTransaction(this.dataSource, async () => {
      const tokens = await this.tokenResponse(current, session, refreshToken, AuthErrors.invalidCredentials);
      await this.events.publish(new LoginSucceeded(user.id, session.id, meta.ip));
      return tokens;
    });
  }

  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const { session, refreshToken: next } = await this.sessions.rotate(refreshToken);
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) {
      await this.sessions.revokeSessions([session.id]);
      throw SessionErrors.refreshInvalid();
    }
    return this.tokenResponse(user, session, next, SessionErrors.refreshInvalid);
  }

  /**
   * Ends the caller's session (every access token of it stops working). The session's end and its audit row commit
   * together; the revocation store (Redis) is told after the commit, so that its failure cannot roll the logout back
   * and leave the refresh token usable (test/services/revocation-write-order).
   */
  async logout(caller: AuthUser): Promise<void> {
    await inTransaction(this.dataSource, async () => {
      await this.sessions.revokeSessions([caller.sid], { storeAfterCommit: true });
      await this.events.publish(new LoggedOut(caller.id, caller.sid, 'session', 1));
    });
  }

  /** Ends every session of the caller's account (committed with its audit row, then shared, as for logout). */
  async logoutAll(caller: AuthUser): Promise<void> {
    await inTransaction(this.dataSource, async () => {
      const ended = await this.sessions.revokeAllForUser(caller.id, undefined, { storeAfterCommit: true });
      await this.events.publish(new LoggedOut(caller.id, caller.sid, 'all', ended));
    });
  }

  async profile(caller: AuthUser): Promise<UserResponseDto> {
    const known = this.profiles.get(caller);
    if (known) return known;
    const profile = UserResponseDto.from(await this.me(caller));
    this.profiles.set(caller, profile);
    return profile;
  }

  async me(caller: AuthUser): Promise<User> {
    const user = await this.users.findById(caller.id);
    if (!user) throw AuthorizationErrors.tokenInvalid();
    return user;
  }

  /**
   * Changes the password and revokes every other session of the user; the caller's own session stays. A wrong
   * current password counts like a failed login (a stolen access token must not become an unlimited oracle), and
   * the session whose guesses reach the lock is revoked.
   */
  async changePassword(caller: AuthUser, ip: string | undefined, dto: ChangePasswordDto): Promise<void> {
    const user = await this.confirmPassword(caller, ip, dto.currentPassword);
    await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.newPassword), userActor(user.id), caller.sid);
  }

  /** The caller's current password, counted like a login (also for the second-factor settings, through PASSWORD_CONFIRMATION). */
  async confirmPassword(caller: AuthUser, ip: string | undefined, password: string): Promise<User> {
    const user = await this.me(caller);
    const revokeCaller = () => this.sessions.revokeSessions([caller.sid]);
    const attempt = await this.lockout.begin(user.email, ip, revokeCaller);
    const { passwordOk } = await this.checkPassword(attempt, async () => user, password);
    if (!passwordOk) {
      if (await this.lockout.failed(attempt)) await revokeCaller();
      throw AuthErrors.wrongPassword();
    }
    await this.lockout.succeeded(attempt);
    return user;
  }

  /**
   * One argon2 verification for a counted attempt (a dummy one when there is no such user). An attempt that
   * never reached the hash, because the server was too busy or failed, is taken back rather than counted.
   */
  private async checkPassword(
    attempt: LoginAttempt,
    findUser: () => Promise<User | null>,
    password: string,
  ): Promise<{ user: User | null; passwordOk: boolean }> {
    try {
      const user = await findUser();
      // A service account has no password: it pays the same dummy hash as an unknown e-mail and never matches.
      const passwordOk = user?.passwordHash ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyDummy(password);
      return { user, passwordOk };
    } catch (error) {
      await this.lockout.abandoned(attempt);
      throw error;
    }
  }

  /**
   * The token's expiry is recorded on the session before it is signed, so any later revocation lasts until then;
   * a session revoked in the meantime (a role change, disable or delete racing this request) gets no token.
   */
  private async tokenResponse(user: User, session: Session, refreshToken: string, refused: () => Error): Promise<IssuedTokens> {
    const sid = session.id;
    const times = this.accessTokens.nextTimes();
    if (!(await this.sessions.recordAccessExpiry(sid, new Date(times.exp * 1000)))) throw refused();
    const access = await this.accessTokens.issue(user.id, sid, user.roles, times, this.sessions.authenticationOf(session));
    return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn, sessionId: sid };
  }
}
