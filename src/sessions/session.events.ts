/** A refresh token was presented a second time: its whole session was revoked. */
export class RefreshTokenReused {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
  ) {}
}

/** A refresh token was exchanged for a new pair (rotation); counted by the metrics, not audited (it is routine). */
export class RefreshTokenRotated {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
  ) {}
}
