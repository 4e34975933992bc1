// Lines and notices wait here and reach the sink together at most every `batchMs`: an output channel redrawn per line
// would freeze the window. Memory is bounded by `maxBufferedLines`. Near the bound, `shouldPause` tells the reader to
// stop reading from the engine until the next delivery: the engine keeps the log, so a burst arrives a little late
// rather than lost. A reader that stays behind for `maxLagMs` is not paused any more: the oldest lines are dropped
// (one notice says how many) so that the reader sees the container's present, until it catches up.
import type { LogLine } from './logLine';
import type { LogSink } from './logSink';

/** The most lines one socket read can bring (64 KiB of the smallest entries: frame header, timestamp, newline). */
const LINES_PER_READ = 2048;

export interface LineBatcherOptions {
  readonly batchMs: number;
  readonly maxBufferedLines: number;
  /** How long the reader may stay behind (paused at every delivery) before the oldest lines are dropped; default 3 s. */
  readonly maxLagMs?: number;
}

export class LineBatcher {
  private readonly batchMs: number;
  private readonly capacity: number;
  private readonly pauseAt: number;
  /** Ring buffer of the lines waiting, oldest at `head`. */
  private readonly ring: (LogLine | undefined)[];
  private head = 0;
  private size = 0;
  /** Lines ever pushed: a notice remembers how many came before it, to keep its place among the lines. */
  private pushed = 0;
  private dropped = 0;
  private notices: { readonly afterLines: number; readonly message: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastDeliveryMs = Number.NEGATIVE_INFINITY;
  private readonly maxLagMs: number;
  /** Since when every delivery found the reader paused; undefined while it keeps up. */
  private behindSinceMs: number | undefined;
  /** Behind for longer than maxLagMs: read on, drop the oldest. */
  private dropping = false;
  private disposed = false;

  /** `onDelivered` runs after each delivery: the reader resumes there. */
  constructor(
    private readonly sink: LogSink,
    options: LineBatcherOptions,
    private readonly onDelivered: () => void = () => undefined,
  ) {
    this.batchMs = options.batchMs;
    this.capacity = Math.max(1, Math.floor(options.maxBufferedLines));
    // Pause early enough that the read in progress still fits, but never below half the bound.
    this.pauseAt = Math.max(Math.ceil(this.capacity / 2), this.capacity - LINES_PER_READ);
    this.ring = new Array<LogLine | undefined>(this.capacity);
    this.maxLagMs = options.maxLagMs ?? 3000;
  }

  /** Lines waiting for the next delivery; never more than maxBufferedLines. */
  get bufferedLines(): number {
    return this.size;
  }

  /** Whether the reader should stop reading until the next delivery. */
  get shouldPause(): boolean {
    return !this.dropping && this.size >= this.pauseAt;
  }

  push(line: LogLine): void {
    if (this.disposed) return;
    if (this.size === this.capacity) {
      this.ring[this.head] = line;
      this.head = (this.head + 1) % this.capacity;
      this.dropped++;
    } else {
      this.ring[(this.head + this.size) % this.capacity] = line;
      this.size++;
    }
    this.pushed++;
    this.schedule();
  }

  notice(message: string): void {
    if (this.disposed) return;
    this.notices.push({ afterLines: this.pushed, message });
    this.schedule();
  }

  /** Delivers everything now, whatever the time since the last delivery (the follower's last words). */
  flush(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
    this.lastDeliveryMs = now;
    if (this.size >= this.pauseAt) {
      this.behindSinceMs ??= now;
      if (now - this.behindSinceMs >= this.maxLagMs) this.dropping = true;
    } else {
      this.behindSinceMs = undefined;
      this.dropping = false;
    }
    const first = this.pushed - this.size;
    const lines = new Array<LogLine>(this.size);
    for (let i = 0; i < this.size; i++) {
      const index = (this.head + i) % this.capacity;
      lines[i] = this.ring[index] as LogLine;
      this.ring[index] = undefined;
    }
    this.head = 0;
    this.size = 0;
    const dropped = this.dropped;
    this.dropped = 0;
    const notices = this.notices;
    this.notices = [];

    if (dropped > 0) this.call(() => this.sink.notice(`${dropped} ${dropped === 1 ? 'line' : 'lines'} dropped (reader too slow)`));
    let from = 0;
    for (const { afterLines, message } of notices) {
      const at = Math.max(0, afterLines - first);
      if (at > from) {
        const batch = lines.slice(from, at);
        this.call(() => this.sink.append(batch));
        from = at;
      }
      this.call(() => this.sink.notice(message));
    }
    if (from < lines.length) {
      const batch = from === 0 ? lines : lines.slice(from);
      this.call(() => this.sink.append(batch));
    }
    // The sink may have stopped the follower (and disposed this) while being called.
    if (!this.isDisposed()) this.onDelivered();
  }

  /** Drops whatever waits and the timer: the sink is not called again. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.ring.fill(undefined);
    this.size = 0;
    this.notices = [];
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    // At once after a quiet spell (no added latency), else when batchMs has passed since the last delivery.
    const wait = Math.max(0, this.lastDeliveryMs + this.batchMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** A method, not the field: TypeScript would keep the check made before the sink was called. */
  private isDisposed(): boolean {
    return this.disposed;
  }

  private call(deliver: () => void): void {
    if (this.disposed) return;
    try {
      deliver();
    } catch (error) {
      // A failing sink must not break the follower mid-delivery: report it outside.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
