import { Injectable } from '@nestjs/common';
import { Errors } from '../common/domain-error.js';
import { ExpiringCache } from '../common/expiring-cache.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { User } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { AuthUser } from './auth-user.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { LoginDto } from './dto/login.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import type { TokenResponseDto } from './dto/token-response.dto.js';
import { AuthEventsService } from './events/auth-events.service.js';
import { LoginLockoutService } from './login-attempts/login-lockout.service.js';
import { PasswordHasherService } from './passwords/password-hasher.service.js';
import { SessionsService, type SessionMeta } from './sessions/sessions.service.js';
import { AccessTokenService } from './tokens/access-token.service.js';

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
    private readonly events: AuthEventsService,
  ) {}

  async register(dto: RegisterDto): Promise<User> {
    const passwordHash = await this.hasher.hash(dto.password);
    return this.users.create({ email: dto.email, passwordHash, displayName: dto.displayName });
  }

  /**
   * Unknown email and wrong password fail alike, in body, in time (one argon2 verification either way) and in
   * lockout; a disabled account is told only after the right password.
   */
  async login(dto: LoginDto, meta: SessionMeta): Promise<TokenResponseDto> {
    const attempt = await this.lockout.begin(dto.email, meta.ip);
    const user = await this.users.findByEmail(dto.email);
    const passwordOk = user
      ? await this.hasher.verify(user.passwordHash, dto.password)
      : await this.hasher.verifyDummy(dto.password);
    if (!user || !passwordOk) {
      this.events.loginFailed(user?.id, meta.ip);
      await this.lockout.failed(attempt, meta.ip);
      throw Errors.invalidCredentials();
    }
    await this.lockout.succeeded(attempt);
    if (user.disabled) throw Errors.accountDisabled();
    const { session, refreshToken } = await this.sessions.create(user.id, meta);
    // Read again now that the session row exists: a role change, disable or delete that answered while this login
    // was hashing is seen here, and one that comes later finds the session and revokes it.
    const current = await this.users.findById(user.id);
    if (!current || current.disabled) {
      await this.sessions.revokeSessions([session.id]);
      throw current ? Errors.accountDisabled() : Errors.invalidCredentials();
    }
    const tokens = await this.tokenResponse(current, session.id, refreshToken, Errors.invalidCredentials);
    this.events.loginSucceeded(user.id, meta.ip);
    return tokens;
  }

  async refresh(refreshToken: string): Promise<TokenResponseDto> {
    const { session, refreshToken: next } = await this.sessions.rotate(refreshToken);
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) {
      await this.sessions.revokeSessions([session.id]);
      throw Errors.refreshInvalid();
    }
    return this.tokenResponse(user, session.id, next, Errors.refreshInvalid);
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
    if (!user) throw Errors.tokenInvalid();
    return user;
  }

  /** Changes the password and revokes every other session of the user; the caller's own session stays. */
  async changePassword(caller: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const user = await this.me(caller);
    if (!(await this.hasher.verify(user.passwordHash, dto.currentPassword))) throw Errors.wrongPassword();
    await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.newPassword));
    await this.sessions.revokeAllForUser(user.id, caller.sid);
  }

  /**
   * The token's expiry is recorded on the session before it is signed, so any later revocation lasts until then;
   * a session revoked in the meantime (a role change, disable or delete racing this request) gets no token.
   */
  private async tokenResponse(user: User, sid: string, refreshToken: string, refused: () => Error): Promise<TokenResponseDto> {
    const times = this.accessTokens.nextTimes();
    if (!(await this.sessions.recordAccessExpiry(sid, new Date(times.exp * 1000)))) throw refused();
    const access = await this.accessTokens.issue(user.id, sid, user.roles, times);
    return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
  }
}
