/** Refusal of a task that found the queue full or waited too long for a slot; the task never ran. */
export class QueueFullError extends Error {
  constructor(readonly reason: 'length' | 'wait') {
    super(reason === 'length' ? 'wait queue is full' : 'waited too long for a slot');
  }
}

export interface QueueBounds {
  /** Tasks that may wait for a slot; one more is refused at once. */
  maxQueue: number;
  /** How long a task may wait for a slot before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

const UNBOUNDED: QueueBounds = { maxQueue: Number.POSITIVE_INFINITY, maxWaitMs: 0 };

/**
 * Runs at most `limit` tasks at once; the rest wait in arrival order. With bounds, the wait is short and the queue
 * finite: a flood is answered at once with QueueFullError instead of making every later caller wait behind it.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly limit: number,
    private readonly bounds: QueueBounds = UNBOUNDED,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await this.slot();
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
      if (next) next.start();
      else this.running -= 1;
    }
  }

  /** Tasks waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  private slot(): Promise<void> {
    if (this.waiting.length >= this.bounds.maxQueue) return Promise.reject(new QueueFullError('length'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: undefined as unknown as NodeJS.Timeout,
      };
      if (this.bounds.maxWaitMs > 0) {
        waiter.timer = setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index === -1) return;
          this.waiting.splice(index, 1);
          reject(new QueueFullError('wait'));
        }, this.bounds.maxWaitMs);
        waiter.timer.unref();
      }
      this.waiting.push(waiter);
    });
  }
}
