/** An account's login counter reached the limit; `account` is the counter key (a hash of the e-mail, never the address). */
export class LoginLocked {
  constructor(
    readonly account: string,
    readonly lockSeconds: number,
    readonly ip?: string,
  ) {}
}
