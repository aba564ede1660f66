import { Injectable } from '@nestjs/common';
import { ExpiringCache, isForeignKeyViolation } from '../common/index.js';
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
import { type SessionMeta, SessionsService } from '../sessions/index.js';
import { AccessTokenService } from '../tokens/index.js';
import { AuthErrors } from './auth.errors.js';
import { AuthorizationErrors } from '../authorization/index.js';
import { SessionErrors } from '../sessions/index.js';

/** A login's or refresh's tokens with the session they belong to (which never goes into a response body). */
export interface IssuedTokens extends TokenResponseDto {
  sessionId: string;
}

/** Credentials in, tokens out: registration, login, refresh and password change. */
@Injectable()
export class AuthService {
  /**
   * GET /auth/me per session. A live session's profile cannot change: a role change, disabling or deleting the
   * user revokes every session, so a cached entry is only ever reached with a token of an unchanged user.
   */
  private readonly profiles = new ExpiringCache<UserResponseDto>(10_000);

  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasherService,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokenService,
    private readonly lockout: LoginLockoutService,
    private readonly events: DomainEventBus,
    private readonly dataSource: DataSource,
  ) {}

  async register(dto: RegisterDto): Promise<User> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.users.create({ email: dto.email, passwordHash, displayName: dto.displayName });
  }

  /**
   * Unknown email and wrong password fail alike, in body, in time (one argon2 verification either way) and in
   * lockout; a disabled account is told only after the right password.
   */
  async login(dto: LoginDto, meta: SessionMeta): Promise<IssuedTokens> {
    const attempt = await this.lockout.begin(dto.email, meta.ip);
    const { user, passwordOk } = await this.checkPassword(attempt, () => this.users.findByEmail(dto.email), dto.password);
    if (!user || !passwordOk) {
      await this.events.publish(new LoginFailed(user?.id, meta.ip));
      await this.lockout.failed(attempt);
      throw AuthErrors.invalidCredentials();
    }
    await this.lockout.succeeded(attempt);
    if (user.disabled) throw AuthErrors.accountDisabled();
    const { session, refreshToken } = await this.sessions.create(user.id, meta).catch((error: unknown) => {
      // The user was deleted while the login was hashing: the same answer as for an unknown account.
      throw isForeignKeyViolation(error) ? AuthErrors.invalidCredentials() : error;
    });
    // Read again now that the session row exists: a role change, disable or delete that answered while this login
    // was hashing is seen here, and one that comes later finds the session and revokes it.
    const current = await this.users.findById(user.id);
    if (!current || current.disabled) {
      await this.sessions.revokeSessions([session.id]);
      throw current ? AuthErrors.accountDisabled() : AuthErrors.invalidCredentials();
    }
    // The session row is committed on its own (a revocation racing this login must be able to find it); the access
    // expiry that lets it sign, and the login's audit row, commit together.
    return inTransaction(this.dataSource, async () => {
      const tokens = await this.tokenResponse(current, session.id, refreshToken, AuthErrors.invalidCredentials);
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
    return this.tokenResponse(user, session.id, next, SessionErrors.refreshInvalid);
  }

  /** Ends the caller's session (every access token of it stops working). */
  logout(caller: AuthUser): Promise<void> {
    return inTransaction(this.dataSource, async () => {
      await this.sessions.revokeSessions([caller.sid]);
      await this.events.publish(new LoggedOut(caller.id, caller.sid, 'session', 1));
    });
  }

  /** Ends every session of the caller's account. */
  logoutAll(caller: AuthUser): Promise<void> {
    return inTransaction(this.dataSource, async () => {
      const ended = await this.sessions.revokeAllForUser(caller.id);
      await this.events.publish(new LoggedOut(caller.id, caller.sid, 'all', ended));
    });
  }

  async profile(caller: AuthUser): Promise<UserResponseDto> {
    const known = this.profiles.get(caller.sid);
    if (known) return known;
    const profile = UserResponseDto.from(await this.me(caller));
    this.profiles.set(caller.sid, profile, caller.exp * 1000);
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
    const user = await this.me(caller);
    const revokeCaller = () => this.sessions.revokeSessions([caller.sid]);
    const attempt = await this.lockout.begin(user.email, ip, revokeCaller);
    const { passwordOk } = await this.checkPassword(attempt, async () => user, dto.currentPassword);
    if (!passwordOk) {
      if (await this.lockout.failed(attempt)) await revokeCaller();
      throw AuthErrors.wrongPassword();
    }
    await this.lockout.succeeded(attempt);
    await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.newPassword), userActor(user.id), caller.sid);
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
      const passwordOk = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyDummy(password);
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
  private async tokenResponse(user: User, sid: string, refreshToken: string, refused: () => Error): Promise<IssuedTokens> {
    const times = this.accessTokens.nextTimes();
    if (!(await this.sessions.recordAccessExpiry(sid, new Date(times.exp * 1000)))) throw refused();
    const access = await this.accessTokens.issue(user.id, sid, user.roles, times);
    return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn, sessionId: sid };
  }
}
