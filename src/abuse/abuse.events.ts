/**
 * A login counter reached its limit. `account` is a hash of the e-mail (never the address); `scope` says who is locked
 * out: the client at `ip`, or every client new to the account.
 */
export class LoginLocked {
  constructor(
    readonly account: string,
    readonly lockSeconds: number,
    readonly ip: string | undefined,
    readonly scope: 'client' | 'account',
  ) {}
}
