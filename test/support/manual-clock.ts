import type { LongTimer, TaskClock } from '../../infra/local/stepfunctions/timers.ts';

interface Armed {
  readonly due: number;
  readonly callback: () => void;
}

/**
 * A workflow clock that stands still until a test moves it on: a callback Task's timeout fires only when
 * the test calls `advance`, after it has seen (in the table, the outbox or the history) that the step is
 * waiting. So no timeout races the machine's speed.
 */
export class ManualClock implements TaskClock {
  private now = 0;
  private readonly armed = new Set<Armed>();

  setTimeout(callback: () => void, delayMs: number): LongTimer {
    const timer: Armed = { due: this.now + Math.max(0, delayMs), callback };
    this.armed.add(timer);
    return { clear: () => this.armed.delete(timer) };
  }

  /** How many timeouts are armed now. */
  get pending(): number {
    return this.armed.size;
  }

  /** Moves the clock on by `ms` and fires, earliest first, every timeout that falls due. */
  advance(ms: number): number {
    this.now += ms;
    const due = [...this.armed].filter((t) => t.due <= this.now).sort((a, b) => a.due - b.due);
    for (const timer of due) {
      this.armed.delete(timer);
      timer.callback();
    }
    return due.length;
  }
}
