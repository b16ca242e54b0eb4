/** The longest delay setTimeout honours (~24.8 days); longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

export interface LongTimer {
  clear(): void;
}

/**
 * Arms the timeouts of callback Tasks (`.waitForTaskToken`). The default is the real clock; tests pass a
 * clock of their own and move it on when the step they wait for is waiting, so that no timeout depends
 * on how fast the machine is.
 */
export interface TaskClock {
  setTimeout(callback: () => void, delayMs: number): LongTimer;
}

export const REAL_CLOCK: TaskClock = { setTimeout: (callback, delayMs) => setLongTimeout(callback, delayMs) };

/** setTimeout for any delay: chains timers of at most MAX_TIMER_MS. */
export function setLongTimeout(callback: () => void, delayMs: number): LongTimer {
  if (delayMs <= MAX_TIMER_MS) {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return { clear: () => clearTimeout(handle) };
  }
  const due = Date.now() + delayMs;
  let handle: NodeJS.Timeout;
  const arm = (): void => {
    const remaining = due - Date.now();
    handle = setTimeout(
      remaining > MAX_TIMER_MS ? arm : callback,
      Math.max(0, Math.min(remaining, MAX_TIMER_MS)),
    );
  };
  arm();
  return { clear: () => clearTimeout(handle) };
}

/** Resolves after pending microtasks and I/O callbacks have run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
