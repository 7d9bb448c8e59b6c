/** How many tasks a queue runs at once, and how many it lets wait their turn. */
export interface QueueLimits {
  /** Tasks that run at the same time. */
  concurrency: number;
  /** Tasks that may wait for a running one to finish; any more are refused at once. */
  maxWaiting: number;
}

/**
 * A FIFO queue that runs at most `concurrency` tasks at once and holds at most `maxWaiting`
 * more; `tryRun` refuses a task beyond that at once rather than letting it wait behind a long
 * line. It keeps a running mean of how long a task takes, to say when to come back.
 */
export class BoundedQueue {
  #limits: QueueLimits;
  #running = 0;
  readonly #waiting: Array<() => void> = [];
  #meanMs: number;

  constructor(limits: QueueLimits, initialEstimateMs = 500) {
    this.#limits = { ...limits };
    this.#meanMs = initialEstimateMs;
  }

  /** New limits; tasks already running or waiting keep their places. */
  setLimits(limits: QueueLimits): void {
    this.#limits = { ...limits };
    this.#startWaiting();
  }

  get limits(): QueueLimits {
    return { ...this.#limits };
  }

  /** Tasks running and waiting now. */
  get stats(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /** Whether a task offered now would be refused. */
  get full(): boolean {
    return this.#full();
  }

  /**
   * Runs the task when a slot is free, in the order tasks came; resolves or rejects with the
   * task. Returns null at once, without running it, when every slot and waiting place is taken.
   */
  tryRun<T>(task: () => Promise<T>): Promise<T> | null {
    if (this.#full()) return null;
    const canStart = this.#running < this.#limits.concurrency;
    return new Promise<T>((resolve, reject) => {
      // A waiter is started by #startWaiting, in the same turn as the slot frees, so none overtakes it.
      const start = () => {
        const started = performance.now();
        const finish = () => {
          this.#meanMs = 0.8 * this.#meanMs + 0.2 * (performance.now() - started);
          this.#running -= 1;
          this.#startWaiting();
        };
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(
          (value) => {
            finish();
            resolve(value);
          },
          (error: unknown) => {
            finish();
            reject(error);
          },
        );
      };
      if (canStart) {
        this.#running += 1;
        start();
      } else {
        this.#waiting.push(start);
      }
    });
  }

  /** How long until the tasks now queued have likely finished: the time to come back. */
  retryAfterMs(): number {
    const queued = this.#running + this.#waiting.length;
    return this.#meanMs * Math.max(1, Math.ceil(queued / this.#limits.concurrency));
  }

  #full(): boolean {
    const canStart = this.#running < this.#limits.concurrency && this.#waiting.length === 0;
    return !canStart && this.#waiting.length >= this.#limits.maxWaiting;
  }

  #startWaiting(): void {
    while (this.#running < this.#limits.concurrency) {
      const next = this.#waiting.shift();
      if (!next) return;
      this.#running += 1;
      next();
    }
  }
}
