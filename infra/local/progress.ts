/**
 * Progress of a long command on stderr: on a terminal one line redrawn in place (a bar when the share
 * done is known), otherwise a plain line every few seconds, so a log shows the run is alive.
 */

export interface ProgressState {
  /** What is being done, e.g. `pass 1/2 checking` or `scanning claims`. */
  readonly label: string;
  /** Share done, 0..1, or null when the total is unknown (no bar, no percent). */
  readonly fraction: number | null;
  /** Things done so far in this stage, and what they are (`rows`, `items`, `claims`). */
  readonly count: number;
  readonly unit: string;
}

export interface ProgressOptions {
  readonly stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Redraw interval: 200 ms on a terminal, 5 s otherwise. */
  readonly everyMs?: number;
  readonly now?: () => number;
}

const BAR_WIDTH = 24;

export class Progress {
  private readonly stream: { write(text: string): unknown; isTTY?: boolean };
  private readonly tty: boolean;
  private readonly everyMs: number;
  private readonly now: () => number;
  private stageStarted: number;
  private lastDrawn = 0;
  private state: ProgressState | null = null;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.everyMs = options.everyMs ?? (this.tty ? 200 : 5000);
    this.now = options.now ?? Date.now;
    this.stageStarted = this.now();
  }

  /** Records the state; redraws when the interval has passed. */
  update(state: ProgressState): void {
    this.state = state;
    const now = this.now();
    if (now - this.lastDrawn < this.everyMs) return;
    this.lastDrawn = now;
    this.write(false);
  }

  /** Draws the current stage as complete and starts the next (its rate counts from now). */
  nextStage(): void {
    this.end();
    this.stageStarted = this.now();
  }

  /** Draws the last state as complete (100% when a share was shown) and ends the line. */
  end(): void {
    if (this.state === null) return;
    this.state = { ...this.state, fraction: this.state.fraction === null ? null : 1 };
    this.write(true);
    this.state = null;
  }

  /** Ends a line redrawn in place, before other output (an error). */
  interrupt(): void {
    if (this.tty && this.state !== null) this.stream.write('\n');
    this.state = null;
  }

  /** The line for a state, as drawn: exported for tests. */
  line(state: ProgressState): string {
    const seconds = Math.max(0.001, (this.now() - this.stageStarted) / 1000);
    const rate = Math.round(state.count / seconds);
    const n = (x: number) => x.toLocaleString('en');
    let share = '';
    if (state.fraction !== null) {
      const percent = Math.min(100, Math.max(0, Math.floor(state.fraction * 100)));
      const filled = Math.round((percent / 100) * BAR_WIDTH);
      const bar = this.tty ? ` [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]` : '';
      share = `${bar} ${String(percent).padStart(3)}%`;
    }
    return `${state.label}${share}  ${n(state.count)} ${state.unit}  ${n(rate)} ${state.unit}/s`;
  }

  private write(final: boolean): void {
    if (this.state === null) return;
    const line = this.line(this.state);
    this.stream.write(this.tty ? `\r${line}\u001b[K${final ? '\n' : ''}` : `${line}\n`);
  }
}
