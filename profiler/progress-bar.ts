/**
 * A one-line progress bar redrawn in place with `\r`. Only meant for a terminal: the caller
 * decides (stderr is a TTY and output is not JSON) and passes the stream in.
 */
export interface ProgressStream {
  write(text: string): unknown;
}

const BAR_WIDTH = 24;
/** Redraw at most this often (ms) unless the bar itself changes: terminals are slow. */
const MIN_REDRAW_MS = 100;

export class ProgressBar {
  private lastLine = '';
  private lastFilled = -1;
  private lastDrawMs = 0;

  /** `nowMs` is the clock for throttling redraws (default `performance.now`). */
  constructor(
    private readonly stream: ProgressStream,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Redraws the bar for `label` at done/total, when the bar moved or the count is stale. */
  update(label: string, done: number, total: number): void {
    const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
    const now = this.nowMs();
    const barMoved = filled !== this.lastFilled || !this.lastLine.startsWith(label);
    if (!barMoved && done !== total && now - this.lastDrawMs < MIN_REDRAW_MS) return;
    const line = `${label.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
    this.stream.write(`\r${line}\x1b[K`);
    this.lastLine = line;
    this.lastFilled = filled;
    this.lastDrawMs = now;
  }

  /** Erases the bar so the next output starts on a clean line. */
  clear(): void {
    if (this.lastLine === '') return;
    this.stream.write('\r\x1b[K');
    this.lastLine = '';
    this.lastFilled = -1;
  }
}
