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

