/** A right password opened a session. */
export class LoginSucceeded {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly ip?: string,
  ) {}
}

/** A login failed on the password; `userId` is undefined when no account has that e-mail. */
export class LoginFailed {
  constructor(
    readonly userId: string | undefined,
    readonly ip?: string,
  ) {}
}

/**
 * What start-up did with ADMIN_EMAIL: created the account, refused to start because an account that is not an admin
 * holds the address, or found the admin disabled and left it so. Start-up never promotes or re-enables anyone.
 */
export class AdminBootstrapChecked {
  constructor(
    readonly userId: string,
    readonly outcome: 'created' | 'refused' | 'left-disabled',
  ) {}
}

/** The caller ended its session (`scope: 'session'`) or every session of its account (`'all'`, `sessions` ended). */
export class LoggedOut {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly scope: 'session' | 'all',
    readonly sessions: number,
  ) {}
}
