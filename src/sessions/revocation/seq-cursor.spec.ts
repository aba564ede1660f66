import { SeqCursor } from './seq-cursor.js';

describe('SeqCursor', () => {
  it('resumes after the highest seq read when nothing is missing', () => {
    const cursor = new SeqCursor(10_000);
    cursor.saw([1, 2, 3]);
    expect(cursor.floor).toBe(3);
    cursor.saw([]);
    expect(cursor.floor).toBe(3);
  });

  it('keeps re-reading a skipped seq until its row commits', () => {
    const cursor = new SeqCursor(10_000);
    cursor.saw([1, 3]);
    expect(cursor.floor).toBe(1);
    cursor.saw([2, 3]);
    expect(cursor.floor).toBe(3);
  });

  it('gives up on a skipped seq after the wait (a rolled-back insert)', () => {
    let now = 0;
    const cursor = new SeqCursor(1_000, () => now);
    cursor.saw([1, 4]);
    expect(cursor.floor).toBe(1);
    now = 1_001;
    cursor.saw([4]);
    expect(cursor.floor).toBe(4);
  });

  it('on the first read treats only the numbers near the top as in flight', () => {
    const cursor = new SeqCursor(10_000);
    cursor.start([5, 5_000]);
    expect(cursor.floor).toBe(4_000);
    const empty = new SeqCursor(10_000);
    empty.start([]);
    expect(empty.floor).toBe(0);
  });
});

describe('SeqCursor.start on a large table', () => {
  it('takes a million seqs without overflowing the stack', () => {
    const cursor = new SeqCursor(1000, () => 0);
    const seqs = Array.from({ length: 1_000_000 }, (_, i) => i + 1);
    cursor.start(seqs);
    expect(cursor.floor).toBe(1_000_000);
  });
});
