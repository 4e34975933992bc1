// Follows one container's log for "Berth: Follow Logs": reads the engine's log stream into lines for a sink, and keeps
// following across stops, restarts and lost connections (every line once, in order) until the container is removed
// or stop() is called. No vscode here: the adapter implements LogSink over an output channel.
import type Docker from 'dockerode';
import { StringDecoder } from 'node:string_decoder';
import { callWithTimeout } from '../callWithTimeout';
import { canonicalTimestamp } from './canonicalTimestamp';
import { LineBatcher } from './lineBatcher';
import type { LogLine } from './logLine';
import { LogPosition } from './logPosition';
import type { LogSink } from './logSink';
import { LogStreamDecoder } from './logStreamDecoder';

// The adapter imports the whole API from here.
export type { LogLine, LogSink };

export interface FollowLogsOptions {
  /** Lines of the existing log to show first (entries, as `docker logs --tail` counts them). */
  readonly tail: number | 'all';
  /** Put the engine's timestamp in front of each line's text. */
  readonly timestamps: boolean;
  /** Keep ANSI colour and escape codes; else they are stripped. */
  readonly keepAnsi: boolean;
  /** Delivery interval, 50–100 ms (clamped); default 75. */
  readonly batchMs?: number;
  /**
   * Bound on lines held for the sink whatever the volume; default 10,000. Near it, reading pauses until the sink has
   * them (a burst arrives late, complete); a sink still behind after 3 s gets the newest lines, the oldest dropped with
   * a notice. Lines reach the sink at most maxBufferedLines per batchMs.
   */
  readonly maxBufferedLines?: number;
}

/**
 * attaching: opening (or reopening) the log stream. following: reading a running container's output.
 * waiting: the container is not running; its log so far has been shown. removed: the container is gone (terminal).
 * stopped: not started yet, or stop() was called (terminal).
 */
export type LogFollowerState = 'attaching' | 'following' | 'waiting' | 'removed' | 'stopped';

type FollowedEngine = Pick<Docker, 'getContainer' | 'getEvents'>;
type Body = NodeJS.ReadableStream & { destroy?: (error?: Error) => unknown };

interface EngineEvent {
  readonly Type?: unknown;
  readonly Action?: unknown;
  readonly id?: unknown;
  readonly timeNano?: unknown;
  readonly Actor?: { readonly ID?: unknown; readonly Attributes?: Record<string, unknown> };
}

/** Deadline of each request (inspect, opening a log or events stream); the streams themselves stay open. */
const REQUEST_TIMEOUT_MS = 10_000;
const BACKOFF_INITIAL_MS = 250;
const BACKOFF_MAX_MS = 5000;
/** A running container's log stream ended with no `die` event yet: look again after this long. */
const SETTLE_MS = 1000;
/** A log stream silent this long after `die` is abandoned and read again (the reattach loses nothing). */
const DIE_GRACE_MS = 3000;
/** The StartedAt of a container that never ran. */
const NEVER_STARTED = '0001-01-01T00:00:00Z';

export class ContainerLogFollower {
  private current: LogFollowerState = 'stopped';
  private started = false;
  private closed = false;
  /** The id or name given, then the full id once inspected (a name could later belong to another container). */
  private id: string;
  private fullId: string | undefined;
  private readonly tail: number | 'all';
  private readonly batcher: LineBatcher;
  private readonly position = new LogPosition();
  private readonly decoder: LogStreamDecoder;
  /** Aborts every request in flight on stop(). */
  private readonly controller = new AbortController();

  private events: Body | undefined;
  /** Bumped whenever an events stream is abandoned: its late callbacks do nothing. */
  private eventsGeneration = 0;
  private eventsAttempt = 0;
  private eventsTimer: NodeJS.Timeout | undefined;
  private eventsLost = false;

  private body: Body | undefined;
  private bodyGeneration = 0;
  private bodyFollowsRunning = false;
  /** When the open log stream last brought bytes. */
  private bodyActiveAt = 0;
  private attaching = false;
  private attachAgain = false;
  private reattachAfterBody = false;
  private attachAttempt = 0;
  private attachTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private dieTimer: NodeJS.Timeout | undefined;
  private logsLost = false;
  /**
   * Notices about the container's life that wait for their place among the lines, which come on another connection
   * and may lag behind the events: each goes out before the first line stamped at or after `at` (engine time), or when
   * the log stream ends; `at` undefined waits for the end of the stream. In order: a notice waits for those before it.
   */
  private pending: { at: string | undefined; readonly message: string }[] = [];
  /** The restart notice of a start event, anchored more precisely once inspect tells when the life started. */
  private restartNotice: { at: string | undefined; readonly message: string } | undefined;
  /** Engine time of the last `die`: the lines of the next life come after it. */
  private lastDieAt: string | undefined;

  /** StartedAt of the container's life last attached to. */
  private life: string | undefined;
  /** The reader was told that `life` (or the life a start event announced) ended. */
  private exitTold = false;
  /** A start event announced a life that no attach has seen yet. */
  private startTold = false;

  constructor(
    private readonly docker: FollowedEngine,
    containerId: string,
    sink: LogSink,
    options: FollowLogsOptions,
  ) {
    this.id = containerId;
    this.tail = options.tail;
    const batchMs = Math.min(100, Math.max(50, options.batchMs ?? 75));
    this.batcher = new LineBatcher(sink, { batchMs, maxBufferedLines: options.maxBufferedLines ?? 10_000 }, () => this.body?.resume());
    this.decoder = new LogStreamDecoder(options, (line) => this.onLine(line), this.position);
  }

  get state(): LogFollowerState {
    return this.current;
  }

  /**
   * Resolves once the log stream is open: following a running container, or showing a stopped one's tail and waiting
   * for it to start. Rejects (and leaves nothing open) if the engine cannot be reached or the container does not
   * exist; after that, engine trouble becomes notices and retries, never an exception.
   */
  async start(): Promise<void> {
    if (this.started) throw new Error('A ContainerLogFollower starts once: create another one to follow again.');
    this.started = true;
    this.current = 'attaching';
    try {
      await this.openEvents();
      await this.attachNow(true);
    } catch (error) {
      if (this.closed) return; // stop() was called, or the container was removed, meanwhile
      this.shutdown('stopped');
      throw error;
    }
    this.afterAttach(undefined);
  }

  /** Closes the streams and every timer; the sink is not called again. */
  stop(): void {
    if (this.closed) return;
    this.shutdown('stopped');
  }

  // ---- the log stream ----

  /** Makes sure a log stream reads the container's current life, now or once the open one ends. Never throws. */
  private attach(): void {
    if (this.closed) return;
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    clearTimeout(this.attachTimer);
    this.attachTimer = undefined;
    if (this.attaching) {
      this.attachAgain = true;
      return;
    }
    if (this.body) {
      this.reattachAfterBody = true;
      return;
    }
    this.attachNow(false).then(
      () => this.afterAttach(undefined),
      (error: unknown) => this.afterAttach(toError(error)),
    );
  }

  private afterAttach(error: Error | undefined): void {
    if (this.closed) return;
    const again = this.attachAgain;
    this.attachAgain = false;
    if (!error) {
      this.attachAttempt = 0;
      if (again) this.attach();
      return;
    }
    if (isNoSuchContainer(error)) {
      this.removed();
      return;
    }
    if (!this.logsLost) {
      this.logsLost = true;
      this.batcher.notice(`cannot read the log (${error.message}); retrying`);
    }
    if (again) this.attach();
    else this.retryAttach();
  }

  private retryAttach(): void {
    if (this.closed) return;
    this.current = 'attaching';
    const delay = Math.min(BACKOFF_INITIAL_MS * 2 ** this.attachAttempt, BACKOFF_MAX_MS);
    this.attachAttempt = Math.min(this.attachAttempt + 1, 30);
    clearTimeout(this.attachTimer);
    this.attachTimer = setTimeout(() => {
      this.attachTimer = undefined;
      this.attach();
    }, delay);
  }

  private async attachNow(initial: boolean): Promise<void> {
    this.attaching = true;
    try {
      const container = this.docker.getContainer(this.id);
      const info = await this.request('inspect', (abortSignal) => container.inspect({ abortSignal }));
      if (this.closed) return;
      this.id = this.fullId = info.Id;
      const running = info.State.Running;
      const afterBody = this.observeLife(info, initial);

      let kind: 'tail' | 'since' = 'since';
      let tail: number | undefined;
      if (initial && this.tail !== 'all') {
        if (this.tail > 0) {
          kind = 'tail';
          tail = Math.floor(this.tail);
        } else {
          // Show nothing of the past, yet know where "now" is in the engine's clock, so that a reattach starts there.
          await this.probeLatestEntry(container);
          if (this.isClosed()) return;
        }
      }
      const since = kind === 'since' ? this.position.since : undefined;
      const body = (await this.request('logs', (abortSignal) =>
        container.logs({ follow: true, stdout: true, stderr: true, timestamps: true, ...(tail === undefined ? {} : { tail }), ...(since === undefined ? {} : { since }), abortSignal }),
      )) as Body;
      if (this.isClosed()) {
        body.destroy?.();
        return;
      }
      if (this.logsLost) {
        this.logsLost = false;
        this.batcher.notice('reattached');
      }
      this.read(body, kind, running, afterBody);
    } finally {
      this.attaching = false;
    }
  }

  /** Positions the reader at the newest entry of the log without showing it (tail 0). */
  private async probeLatestEntry(container: Docker.Container): Promise<void> {
    const latest = await this.request('logs', (abortSignal) => container.logs({ follow: false, stdout: true, stderr: true, timestamps: true, tail: 1, abortSignal }));
    if (!Buffer.isBuffer(latest) || latest.length === 0) return;
    const probe = new LogStreamDecoder({ timestamps: false, keepAnsi: true }, () => undefined, this.position);
    probe.begin('tail');
    probe.push(latest);
    probe.end(true);
  }

  /**
   * Compares what inspect says with what the reader was told, and tells what it missed (events lost while the
   * container restarted). Returns the notice that belongs after the log stream about to be read, if any.
   */
  private observeLife(info: Docker.ContainerInspectInfo, initial: boolean): string | undefined {
    const { StartedAt: startedAt, Running: running, ExitCode: exitCode } = info.State;
    if (initial) {
      this.life = startedAt;
      this.startTold = false;
      this.exitTold = !running;
      if (running) return undefined;
      return startedAt === NEVER_STARTED ? 'not started yet; waiting for it to start' : `exited with code ${exitCode}; waiting for it to start`;
    }
    if (startedAt !== this.life) {
      const at = canonicalTimestamp(startedAt);
      if (this.startTold) {
        // The start event's notice goes before the first line of the life it announced.
        const notice = this.restartNotice;
        if (notice && at !== undefined && (notice.at === undefined || at < notice.at)) notice.at = at;
      } else {
        if (!this.exitTold) this.tell('exited', at);
        this.tell(`restarted at ${shownTime(at)}`, at);
        this.exitTold = false;
      }
      this.restartNotice = undefined;
      this.life = startedAt;
      this.startTold = false;
    }
    if (running || this.exitTold) return undefined;
    this.exitTold = true;
    return `exited with code ${exitCode}`;
  }

  private read(body: Body, kind: 'tail' | 'since', running: boolean, afterBody: string | undefined): void {
    const generation = ++this.bodyGeneration;
    this.body = body;
    this.bodyFollowsRunning = running;
    if (afterBody !== undefined) this.pending.push({ at: undefined, message: afterBody });
    this.decoder.begin(kind);
    this.current = running ? 'following' : 'waiting';
    let ended = false;
    body.on('data', (chunk: Buffer) => {
      if (generation !== this.bodyGeneration) return;
      this.bodyActiveAt = performance.now();
      try {
        this.decoder.push(chunk);
      } catch (error) {
        this.bodyClosed(generation, 'lost', toError(error));
        return;
      }
      // Bounded memory without losing lines: the engine keeps the log while the sink catches up.
      if (this.batcher.shouldPause && generation === this.bodyGeneration) body.pause();
    });
    body.on('end', () => {
      ended = true;
      this.bodyClosed(generation, 'ended');
    });
    body.on('close', () => {
      if (!ended) this.bodyClosed(generation, 'lost', new Error('the connection closed'));
    });
    body.on('error', (error: Error) => this.bodyClosed(generation, 'lost', error));
  }

  /**
   * ended: the engine finished the stream (the container stopped, or a stopped container's log was read).
   * lost: the connection broke. abandoned: Berth gave up on a stream that outlived its container.
   */
  private bodyClosed(generation: number, how: 'ended' | 'lost' | 'abandoned', error?: Error): void {
    if (generation !== this.bodyGeneration || this.closed) return;
    this.bodyGeneration++;
    const body = this.body;
    this.body = undefined;
    if (how !== 'ended') body?.destroy?.();
    clearTimeout(this.dieTimer);
    this.dieTimer = undefined;
    this.decoder.end(how === 'ended');
    // The stream ended: every line up to now is in. A cut one leaves the notices for the lines still to come.
    if (how === 'ended') this.releaseNotices(undefined);
    if (how === 'lost') {
      if (!this.logsLost) {
        this.logsLost = true;
        this.batcher.notice(`lost the log stream (${error?.message ?? 'closed'}); reattaching`);
      }
      this.reattachAfterBody = false;
      this.retryAttach();
      return;
    }
    if (how === 'abandoned' || this.reattachAfterBody) {
      this.reattachAfterBody = false;
      this.attach();
      return;
    }
    if (this.bodyFollowsRunning && !this.exitTold) {
      // The stream of a running container ended and no `die` came (yet): its event is probably on the way; if not,
      // the engine closed the stream for its own reasons and the attach reads on from where it stopped.
      this.settleTimer = setTimeout(() => {
        this.settleTimer = undefined;
        this.attach();
      }, SETTLE_MS);
      return;
    }
    this.current = 'waiting';
  }

  private onLine(line: LogLine): void {
    if (this.pending.length > 0 && line.timestamp !== undefined) {
      const at = canonicalTimestamp(line.timestamp);
      if (at !== undefined) this.releaseNotices(at);
    }
    this.batcher.push(line);
  }

  // ---- the events stream ----

  private async openEvents(): Promise<void> {
    const generation = ++this.eventsGeneration;
    const filters = { type: ['container' as const], container: [this.id] };
    const stream = (await this.request('getEvents', (abortSignal) => this.docker.getEvents({ filters, abortSignal }))) as Body;
    if (generation !== this.eventsGeneration || this.closed) {
      stream.destroy?.();
      return;
    }
    this.events = stream;
    const decoder = new StringDecoder('utf8');
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      if (generation !== this.eventsGeneration) return;
      // One JSON object a line; a chunk may end mid-line or mid-character.
      const lines = (partial + decoder.write(chunk)).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (generation !== this.eventsGeneration || this.closed) return;
        this.onEventLine(line);
      }
    });
    stream.on('end', () => this.eventsClosed(generation, new Error('the engine closed it')));
    stream.on('close', () => this.eventsClosed(generation, new Error('the connection closed')));
    stream.on('error', (error: Error) => this.eventsClosed(generation, error));
  }

  private eventsClosed(generation: number, error: Error): void {
    if (generation !== this.eventsGeneration || this.closed) return;
    this.eventsGeneration++;
    const stream = this.events;
    this.events = undefined;
    stream?.destroy?.();
    if (!this.eventsLost) {
      this.eventsLost = true;
      this.batcher.notice(`lost the engine's events (${error.message}); retrying`);
    }
    this.retryEvents();
  }

  private retryEvents(): void {
    if (this.closed) return;
    const delay = Math.min(BACKOFF_INITIAL_MS * 2 ** this.eventsAttempt, BACKOFF_MAX_MS);
    this.eventsAttempt = Math.min(this.eventsAttempt + 1, 30);
    this.eventsTimer = setTimeout(() => {
      this.eventsTimer = undefined;
      if (this.closed) return;
      this.openEvents().then(
        () => {
          if (this.closed) return;
          this.eventsAttempt = 0;
          this.eventsLost = false;
          // Whatever happened while Berth was blind: an attach compares inspect with what the reader was told.
          if (!this.body && !this.attaching) this.attach();
        },
        () => this.retryEvents(),
      );
    }, delay);
  }

  private onEventLine(line: string): void {
    if (!line.trim()) return;
    let event: EngineEvent;
    try {
      event = JSON.parse(line) as EngineEvent;
    } catch {
      return;
    }
    if (event.Type !== 'container') return;
    const id = typeof event.id === 'string' ? event.id : event.Actor?.ID;
    if (this.fullId !== undefined && id !== this.fullId) return;
    switch (event.Action) {
      case 'die':
        this.onDie(event.Actor?.Attributes?.exitCode, eventTime(event));
        break;
      case 'start':
        this.onStart(eventTime(event));
        break;
      case 'destroy':
        this.removed();
        break;
      default:
        break;
    }
  }

  private onDie(exitCode: unknown, at: string | undefined): void {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.lastDieAt = at;
    if (!this.exitTold) {
      this.exitTold = true;
      this.tell(`exited with code ${typeof exitCode === 'string' || typeof exitCode === 'number' ? exitCode : '?'}`, at);
    }
    this.current = 'waiting';
    if (this.body && this.dieTimer === undefined) this.watchBodyAfterDie(this.bodyGeneration);
  }

  /** The engine ends a stopped container's stream by itself; one that stays open and silent is read again instead. */
  private watchBodyAfterDie(generation: number): void {
    this.dieTimer = setTimeout(() => {
      this.dieTimer = undefined;
      const body = this.body;
      if (!body || generation !== this.bodyGeneration) return;
      // Paused for the sink, or still bringing lines: a backlog draining, not a stuck stream.
      if (body.isPaused() || performance.now() - this.bodyActiveAt < DIE_GRACE_MS) this.watchBodyAfterDie(generation);
      else this.bodyClosed(generation, 'abandoned');
    }, DIE_GRACE_MS);
  }

  private onStart(at: string | undefined): void {
    const notice = { at: this.lastDieAt ?? at, message: `restarted at ${shownTime(at)}` };
    this.tell(notice.message, undefined, notice);
    this.restartNotice = notice;
    this.startTold = true;
    this.exitTold = false;
    this.current = 'attaching';
    this.attach();
  }

  // ---- the end ----

  private removed(): void {
    if (this.closed) return;
    // What was read is delivered, then the notice, then nothing more.
    const body = this.body;
    this.body = undefined;
    this.bodyGeneration++;
    body?.destroy?.();
    this.decoder.end(true);
    this.releaseNotices(undefined);
    this.batcher.notice('removed');
    // Already terminal when the sink hears it: the adapter can let go of the follower from the notice.
    this.current = 'removed';
    this.batcher.flush();
    this.shutdown('removed');
  }

  private shutdown(state: 'removed' | 'stopped'): void {
    this.closed = true;
    this.current = state;
    this.controller.abort(new Error('The log follower stopped.'));
    this.bodyGeneration++;
    this.eventsGeneration++;
    const body = this.body;
    this.body = undefined;
    body?.destroy?.();
    const events = this.events;
    this.events = undefined;
    events?.destroy?.();
    for (const timer of [this.attachTimer, this.settleTimer, this.dieTimer, this.eventsTimer]) clearTimeout(timer);
    this.attachTimer = this.settleTimer = this.dieTimer = this.eventsTimer = undefined;
    this.pending = [];
    this.restartNotice = undefined;
    this.batcher.dispose();
  }

  // ---- helpers ----

  /** A method, not the field: TypeScript would keep a check made before an await. */
  private isClosed(): boolean {
    return this.closed;
  }

  /**
   * A notice about the container's life, in its place among the lines: at once if no log stream is read or about to
   * be, else pending until a line stamped at or after `at` (see `pending`).
   */
  private tell(message: string, at: string | undefined, notice: { at: string | undefined; readonly message: string } = { at, message }): void {
    if (!this.body && !this.attaching && this.pending.length === 0) this.batcher.notice(message);
    else this.pending.push(notice);
  }

  /** Hands on the pending notices due before a line stamped `upTo`; all of them if undefined. */
  private releaseNotices(upTo: string | undefined): void {
    let released = 0;
    for (const notice of this.pending) {
      if (upTo !== undefined && (notice.at === undefined || notice.at > upTo)) break;
      this.batcher.notice(notice.message);
      released++;
    }
    if (released > 0) this.pending.splice(0, released);
  }

  private request<T>(name: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return callWithTimeout(name, REQUEST_TIMEOUT_MS, this.controller.signal, call);
  }
}

/** An event's engine time, canonical; its nanoseconds are approximate (a JSON number past 2^53). */
function eventTime(event: EngineEvent): string | undefined {
  if (typeof event.timeNano !== 'number') return undefined;
  const ms = Math.floor(event.timeNano / 1e6);
  const nanos = Math.round(event.timeNano - ms * 1e6) + (ms % 1000) * 1e6;
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(Math.max(0, Math.min(999_999_999, nanos))).padStart(9, '0')}Z`;
}

/** A canonical engine time as notices show it: ISO 8601 to the millisecond, like the rest of VS Code's logs. */
function shownTime(at: string | undefined): string {
  return at === undefined ? 'an unknown time' : `${at.slice(0, 23)}Z`;
}

function isNoSuchContainer(error: unknown): boolean {
  return (error as { statusCode?: unknown } | undefined)?.statusCode === 404;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
