/** A refresh token was presented a second time: its whole session was revoked. */
export class RefreshTokenReused {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
  ) {}
}
