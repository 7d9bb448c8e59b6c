/**
 * The pause of a worker loop between rounds: the polling interval, cut short by `wake()`. A wake
 * that comes while a round runs is remembered, so the next pause ends at once.
 */
export interface WakeablePause {
  /** There is work now (or the loop must stop): end the current pause, or skip the next one. */
  wake(): void;
  /** Call as a round starts: a wake from before it is served by this round. */
  beginRound(): void;
  /** Waits out the polling interval, unless woken before or during it. */
  pause(): Promise<void>;
}

export function createWakeablePause(pollingIntervalMs: number): WakeablePause {
  let woken = false;
  let interrupt: (() => void) | undefined;
  return {
    wake() {
      woken = true;
      interrupt?.();
    },
    beginRound() {
      woken = false;
    },
    pause() {
      if (woken) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          interrupt = undefined;
          resolve();
        };
        const timer = setTimeout(done, pollingIntervalMs);
        interrupt = done;
      });
    },
  };
}
