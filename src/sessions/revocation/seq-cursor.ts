/** The most missing numbers one batch may open; beyond it (a sequence that jumped) the rest count as never used. */
const MAX_NEW_GAPS = 1_000;

/**
 * Where to resume reading an append-only table by its increasing `seq`. PostgreSQL hands out sequence numbers at
 * insert time but rows become visible at commit, so a reader can see 12 before 11; a number skipped over stays
 * a gap, re-read on every poll, until its row shows up or `gapWaitMs` has passed (a rolled-back insert never will).
 */
export class SeqCursor {
  private highest = 0;
  /** seq -> when it was first found missing. */
  private readonly gaps = new Map<number, number>();

  constructor(
    private readonly gapWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Read rows with `seq > floor`. */
  get floor(): number {
    let floor = this.highest;
    for (const seq of this.gaps.keys()) if (seq - 1 < floor) floor = seq - 1;
    return floor;
  }

  /**
   * The first read of the whole table: numbers missing far below its top are rows long swept, not rows in flight,
   * so only the top MAX_NEW_GAPS numbers can be gaps.
   */
  start(seqs: number[]): void {
    // A loop, not Math.max(...seqs): spreading a few hundred thousand arguments overflows the stack.
    let top = 0;
    for (const seq of seqs) if (seq > top) top = seq;
    this.highest = Math.max(0, top - MAX_NEW_GAPS);
    this.saw(seqs);
  }

  /** Records the seqs one read returned (in any order). */
  saw(seqs: number[]): void {
    const now = this.now();
    for (const seq of [...seqs].sort((a, b) => a - b)) {
      this.gaps.delete(seq);
      if (seq <= this.highest) continue;
      for (let missing = Math.max(this.highest + 1, seq - MAX_NEW_GAPS); missing < seq; missing++) this.gaps.set(missing, now);
      this.highest = seq;
    }
    for (const [seq, since] of this.gaps) if (now - since > this.gapWaitMs) this.gaps.delete(seq);
  }
}
