import type { Actor } from '../../events/index.js';

/** A new signing key was added to JWT_KEYS_DIR (`signsFrom` unset: it signs from each instance's next start). */
export class SigningKeyRotated {
  constructor(
    readonly kid: string,
    readonly signsFrom: Date | undefined,
    readonly actor: Actor,
  ) {}
}
