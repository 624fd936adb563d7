/**
 * A progress bar on stderr, drawn only on a terminal: in a pipe or a log file it prints nothing,
 * so scripts see only their data. Redraws at most every 100 ms.
 * @module
 */

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #enabled: boolean;
  #total = 0;
  #done = 0;
  #label = '';
  #note = '';
  #last = 0;
  #drawn = false;
  #startedAt = 0;
  #doneAtStart = 0;

  constructor(stream: ProgressStream, enabled = stream.isTTY === true) {
    this.#stream = stream;
    this.#enabled = enabled;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  start(total: number, done = 0): void {
    this.#total = total;
    this.#done = done;
    this.#doneAtStart = done;
    this.#startedAt = Date.now();
    this.#draw(true);
  }

  /** "~2m left", from the pace since `start` (wall time), once there is a pace to go by. */
  eta(now = Date.now()): string {
    const done = this.#done - this.#doneAtStart;
    const left = this.#total - this.#done;
    if (done < 2 || left <= 0) return '';
    const seconds = Math.round((((now - this.#startedAt) / done) * left) / 1000);
    return seconds < 60 ? `~${seconds}s left` : `~${Math.round(seconds / 60)}m left`;
  }

  /** Counts one more item done; `label` names the next one. */
  tick(label = ''): void {
    this.#done += 1;
    this.#label = label;
    this.#note = '';
    this.#draw(false);
  }

  /** A passing remark on the bar's line (e.g. a rate-limit wait). */
  notice(text: string): void {
    this.#note = text;
    this.#draw(true);
  }

  /** Clears the line, leaving the terminal as it was. */
  stop(): void {
    if (this.#enabled && this.#drawn) this.#stream.write('\r\u001b[2K');
    this.#drawn = false;
  }

  #draw(force: boolean): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (!force && now - this.#last < 100 && this.#done < this.#total) return;
    this.#last = now;
    const width = Math.max(20, (this.#stream.columns ?? 80) - 1);
    const ratio = this.#total === 0 ? 1 : Math.min(1, this.#done / this.#total);
    const counts = `${this.#done}/${this.#total}`;
    const barWidth = Math.max(10, Math.min(30, width - counts.length - 10));
    const filled = Math.round(barWidth * ratio);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
    const eta = this.eta(now);
    let line = `${bar} ${counts}${eta ? ` ${eta}` : ''} ${this.#note || this.#label}`;
    if (line.length > width) line = `${line.slice(0, width - 1)}…`;
    this.#stream.write(`\r\u001b[2K${line}`);
    this.#drawn = true;
  }
}
