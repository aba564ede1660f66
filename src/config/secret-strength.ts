/** Secrets whose estimate (below) falls under this are refused in production; see docs/security-notes/hygiene.md. */
export const MIN_SECRET_BITS = 64;

// A repeat of at least this many characters of what came before adds no surprise.
const MIN_REPEAT = 4;

/**
 * A rough, conservative estimate of the entropy a typed secret carries, in bits: the Shannon entropy of its character
 * distribution times the number of characters that add surprise. Characters add none when they repeat an earlier
 * stretch of the secret (`abcabc…`, `secretsecret…`) or continue a run with a constant step (`aaaa`, `abcd`, `2468`).
 * It cannot see dictionary words or a leaked value; it catches secrets that are long but obviously low in entropy
 * (e.g. 32 times the same character). Random secrets score below their true entropy (at most log2(length) bits a
 * character), but far above MIN_SECRET_BITS from 32 characters of hex on.
 */
export function estimateSecretBits(secret: string): number {
  const chars = [...secret].map((c) => c.codePointAt(0)!);
  let surprising = 0;
  for (let i = 0; i < chars.length;) {
    const repeat = longestEarlierRepeat(chars, i);
    if (repeat >= MIN_REPEAT) {
      i += repeat;
      continue;
    }
    const continuesRun = i >= 2 && chars[i] - chars[i - 1] === chars[i - 1] - chars[i - 2];
    if (!continuesRun) surprising++;
    i++;
  }
  return surprising * shannonBitsPerChar(chars);
}

/** Length of the longest stretch starting at `at` that also starts at an earlier position (overlapping allowed). */
function longestEarlierRepeat(chars: number[], at: number): number {
  let best = 0;
  for (let from = 0; from < at; from++) {
    let length = 0;
    while (at + length < chars.length && chars[from + length] === chars[at + length]) length++;
    best = Math.max(best, length);
  }
  return best;
}

function shannonBitsPerChar(chars: number[]): number {
  const counts = new Map<number, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
