import { DomainEventBus, OPERATOR_CLI } from '../events/index.js';
import type { INestApplicationContext } from '@nestjs/common';
import { rotateSigningKey, SigningKeyRotated } from '../tokens/index.js';
import { AuditErrors, AuditVerifierService } from '../audit/index.js';
import { PasswordHasherService } from '../auth/index.js';
import { SessionsService } from '../sessions/index.js';
import { hasControlCharacters } from '../common/index.js';
import type { AppConfig } from '../config/index.js';
import { type User, UserResponseDto, UsersService } from '../users/index.js';
import { checkPassword, parseEmail, parseRoles, parseSignAfter, parseUserRef, UsageError } from './cli-args.js';
import { UserErrors } from '../users/index.js';
import { ApiKeysService } from '../api-keys/index.js';
import { isUUID } from 'class-validator';
import { EmailVerificationService, PasswordResetService } from '../recovery/index.js';
import { MailQueue } from '../mail/index.js';
import { MfaResetService, TotpSecretsService } from '../mfa/index.js';
import { AuthErrors } from '../auth/index.js';
import { DomainError } from '../common/index.js';

// The CLI exits when its command returns, and the mail queue lives in memory: wait this long for the mail to go out.
const CLI_MAIL_WAIT_MS = 30_000;

export interface CommandInput {
  options: Map<string, string>;
  config: AppConfig;
  /** Piped standard input (the password of create-user), or undefined on a terminal. */
  readStdin: () => Promise<string | undefined>;
}

export interface Command {
  usage: string;
  options: readonly string[];
  /** Validates the input before anything boots, so bad input fails fast and touches nothing. */
  prepare: (input: CommandInput) => Promise<(app: INestApplicationContext | undefined) => Promise<unknown>>;
  needsApp: boolean;
}

async function findUser(app: INestApplicationContext, ref: { email: string } | { id: string }): Promise<User> {
  const users = app.get(UsersService);
  const user = 'id' in ref ? await users.findById(ref.id) : await users.findByEmail(ref.email);
  if (!user) throw UserErrors.userNotFound();
  return user;
}

const show = (user: User) => UserResponseDto.from(user);

export const COMMANDS: Record<string, Command> = {
  'create-user': {
    usage: 'create-user --email EMAIL [--roles user,editor,admin] [--name "Display Name"] [--password PASSWORD | password on stdin]',
    options: ['email', 'roles', 'name', 'password'],
    needsApp: true,
    async prepare({ options, readStdin }) {
      const email = parseEmail(options.get('email'));
      const roles = options.has('roles') ? parseRoles(options.get('roles')) : undefined;
      const name = options.get('name');
      if (name !== undefined && (name.length < 1 || name.length > 100)) throw new UsageError('--name must be 1 to 100 characters');
      if (name !== undefined && hasControlCharacters(name)) throw new UsageError('--name must not contain control characters');
      // A password on stdin stays out of shell history and the process list.
      const password = options.get('password') ?? (await readStdin())?.replace(/\r?\n$/, '');
      if (password === undefined) throw new UsageError('give the password on stdin (preferred) or with --password');
      checkPassword(password);
      return async (app) => {
        const passwordHash = await app!.get(PasswordHasherService).hash(password);
        return show(await app!.get(UsersService).create({ email, passwordHash, displayName: name, roles }, OPERATOR_CLI));
      };
    },
  },
  'set-roles': {
    usage: 'set-roles (--email EMAIL | --id UUID) --roles user,editor,admin',
    options: ['email', 'id', 'roles'],
    needsApp: true,
    async prepare({ options }) {
      const ref = parseUserRef(options);
      const roles = parseRoles(options.get('roles'));
      return async (app) => show(await app!.get(UsersService).setRoles((await findUser(app!, ref)).id, roles, OPERATOR_CLI));
    },
  },
  disable: {
    usage: 'disable (--email EMAIL | --id UUID)',
    options: ['email', 'id'],
    needsApp: true,
    async prepare({ options }) {
      const ref = parseUserRef(options);
      return async (app) => show(await app!.get(UsersService).setDisabled((await findUser(app!, ref)).id, true, OPERATOR_CLI));
    },
  },
  enable: {
    usage: 'enable (--email EMAIL | --id UUID)',
    options: ['email', 'id'],
    needsApp: true,
    async prepare({ options }) {
      const ref = parseUserRef(options);
      return async (app) => show(await app!.get(UsersService).setDisabled((await findUser(app!, ref)).id, false, OPERATOR_CLI));
    },
  },
  'revoke-sessions': {
    usage: 'revoke-sessions (--email EMAIL | --id UUID)',
    options: ['email', 'id'],
    needsApp: true,
    async prepare({ options }) {
      const ref = parseUserRef(options);
      return async (app) => {
        const user = await findUser(app!, ref);
        return { userId: user.id, revokedSessions: await app!.get(SessionsService).revokeAllForUser(user.id) };
      };
    },
  },
  'rotate-keys': {
    usage: 'rotate-keys [--sign-after 15m]',
    options: ['sign-after'],
    // The app context only for its event bus: the rotation is an audit event like any other change.
    needsApp: true,
    async prepare({ options, config }) {
      const signAfterSeconds = parseSignAfter(options.get('sign-after'));
      return async (app) => {
        const { kid, signsFrom } = await rotateSigningKey(config, { signAfterSeconds });
        await app!.get(DomainEventBus).publish(new SigningKeyRotated(kid, signsFrom, OPERATOR_CLI));
        const when = signsFrom ? `from ${signsFrom.toISOString()}` : 'from the next start';
        return { kid, ...(signsFrom ? { signsFrom } : {}), note: `published at each instance's next start, signing ${when}` };
      };
    },
  },
  'create-service-account': {
    usage: 'create-service-account --name NAME --roles user,editor,admin',
    options: ['name', 'roles'],
    needsApp: true,
    async prepare({ options }) {
      const name = parseName(options.get('name'));
      const roles = parseRoles(options.get('roles'));
      return async (app) => show(await app!.get(UsersService).createServiceAccount(name, roles, OPERATOR_CLI));
    },
  },
  'create-api-key': {
    usage: 'create-api-key --id SERVICE_ACCOUNT_UUID --name NAME [--roles user,...] [--expires-in-days 1-365]',
    options: ['id', 'name', 'roles', 'expires-in-days'],
    needsApp: true,
    async prepare({ options }) {
      const id = parseUuid(options.get('id'), '--id');
      const name = parseName(options.get('name'));
      const roles = options.has('roles') ? parseRoles(options.get('roles')) : undefined;
      const days = options.get('expires-in-days');
      if (days !== undefined && !/^\d{1,3}$/.test(days)) throw new UsageError('--expires-in-days must be a whole number from 1 to 365');
      const expiresInDays = days === undefined ? undefined : Number(days);
      if (expiresInDays !== undefined && (expiresInDays < 1 || expiresInDays > 365)) throw new UsageError('--expires-in-days must be 1 to 365');
      return async (app) => {
        // The key is printed once, on stdout, like the HTTP answer: only its hash is stored.
        const { apiKey, key } = await app!.get(ApiKeysService).createForServiceAccount(id, { name, roles, expiresInDays }, OPERATOR_CLI);
        return {
          id: apiKey.id,
          userId: apiKey.userId,
          name: apiKey.name,
          prefix: apiKey.prefix,
          roles: apiKey.roles,
          expiresAt: apiKey.expiresAt,
          key,
        };
      };
    },
  },
  'revoke-api-key': {
    usage: 'revoke-api-key --key-id UUID',
    options: ['key-id'],
    needsApp: true,
    async prepare({ options }) {
      const keyId = parseUuid(options.get('key-id'), '--key-id');
      return async (app) => {
        await app!.get(ApiKeysService).revoke(keyId, undefined, OPERATOR_CLI);
        return { keyId, revoked: true };
      };
    },
  },
  'send-password-reset': {
    usage: 'send-password-reset --email EMAIL',
    options: ['email'],
    needsApp: true,
    async prepare({ options }) {
      const email = parseEmail(options.get('email'));
      return async (app) => {
        const mail = app!.get(MailQueue);
        const failuresBefore = mail.failures;
        const outcome = await app!.get(PasswordResetService).request(email, OPERATOR_CLI, {});
        if (outcome === 'unknown-account') throw UserErrors.userNotFound();
        if (outcome === 'disabled') throw AuthErrors.accountDisabled();
        if (outcome === 'rate-limited') throw new DomainError('AUTH_RATE_LIMITED', 429, 'This account had its reset mails for this hour');
        const timer = new Promise((resolve) => setTimeout(resolve, CLI_MAIL_WAIT_MS).unref());
        await Promise.race([mail.idle(), timer]);
        if (mail.waiting > 0) throw new DomainError('MAIL_NOT_SENT', 503, 'The SMTP server did not accept the mail in time; nothing was sent');
        if (mail.failures > failuresBefore) throw new DomainError('MAIL_NOT_SENT', 503, 'The mail could not be sent (see the log)');
        return { email, mail: 'sent' };
      };
    },
  },
  'verify-email': {
    usage: 'verify-email --email EMAIL',
    options: ['email'],
    needsApp: true,
    async prepare({ options }) {
      const email = parseEmail(options.get('email'));
      return async (app) => show(await app!.get(EmailVerificationService).verifyByOperator(email, OPERATOR_CLI));
    },
  },
  'reset-mfa': {
    usage: 'reset-mfa (--email EMAIL | --id UUID)',
    options: ['email', 'id'],
    needsApp: true,
    async prepare({ options }) {
      const ref = parseUserRef(options);
      return async (app) => show(await app!.get(MfaResetService).resetByOperator((await findUser(app!, ref)).id, OPERATOR_CLI));
    },
  },
  'reseal-secrets': {
    usage: 'reseal-secrets',
    options: [],
    needsApp: true,
    async prepare() {
      return async (app) => app!.get(TotpSecretsService).resealAll(OPERATOR_CLI);
    },
  },
  'audit-verify': {
    usage: 'audit-verify',
    options: [],
    needsApp: true,
    async prepare() {
      return async (app) => {
        const verdict = await app!.get(AuditVerifierService).verify();
        if (!verdict.ok) throw AuditErrors.chainBroken(verdict);
        return verdict;
      };
    },
  },
  'purge-sessions': {
    usage: 'purge-sessions',
    options: [],
    needsApp: true,
    async prepare() {
      return async (app) => {
        await app!.get(SessionsService).purgeExpired();
        return { purged: true };
      };
    },
  },
};

function parseName(name: string | undefined): string {
  if (name === undefined || name.length < 1 || name.length > 100) throw new UsageError('--name must be 1 to 100 characters');
  if (hasControlCharacters(name)) throw new UsageError('--name must not contain control characters');
  return name;
}

function parseUuid(raw: string | undefined, option: string): string {
  if (raw === undefined || !isUUID(raw)) throw new UsageError(`${option} must be a UUID`);
  return raw;
}
