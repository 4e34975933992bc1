// Turns the engine's event stream into what the sidebar needs: a debounced `changed`, and `disconnected` / `connected`
// as the engine goes away and comes back (retried with exponential backoff). No vscode here: the tree adapter listens.
import type Docker from 'dockerode';
import { StringDecoder } from 'node:string_decoder';
import { callWithTimeout } from './callWithTimeout';

export type EngineObjectType = 'container' | 'image' | 'network' | 'node' | 'service';
export type EngineConnectionState = 'stopped' | 'connecting' | 'connected' | 'disconnected';

export interface EngineChange {
  /** What kinds of objects changed: the tree refreshes only the views that show them. */
  readonly types: ReadonlySet<EngineObjectType>;
  /** How many engine events this change coalesces (0 after a reconnect). */
  readonly events: number;
  /** After a reconnect anything may have changed while Berth could not see it: every type is set. */
  readonly reconnected: boolean;
}

export interface EngineWatcherOptions {
  /** Quiet time that ends a burst of events; default 75 ms. */
  readonly debounceMs?: number;
  /** A burst that never goes quiet (a restart loop) still refreshes this often; default 500 ms. */
  readonly maxDelayMs?: number;
  /** Reconnect attempts wait initialMs, doubling up to maxMs; default 200 ms to 5 s. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Deadline of each ping and of opening the events stream; default 3 s. */
  readonly requestTimeoutMs?: number;
  /** While connected, a ping this often finds a connection that died without closing (TCP, ssh); 0 turns it off. Default 30 s. */
  readonly heartbeatMs?: number;
}

interface WatcherEvents {
  changed: EngineChange;
  connected: undefined;
  disconnected: Error;
}

type WatchedEngine = Pick<Docker, 'getEvents' | 'ping'>;
type EventStream = NodeJS.ReadableStream & { destroy?: (error?: Error) => unknown };

const TYPES: readonly EngineObjectType[] = ['container', 'image', 'network', 'node', 'service'];
const WATCHED: ReadonlySet<string> = new Set(TYPES);
// Container actions that change nothing the tree shows. A health check alone emits three exec_* events per probe.
const QUIET_CONTAINER_ACTIONS = new Set(['exec_create', 'exec_start', 'exec_die', 'exec_detach', 'attach', 'detach', 'resize', 'top', 'archive-path', 'extract-to-dir', 'export', 'copy', 'commit']);

export class EngineWatcher {
  private readonly debounceMs: number;
  private readonly maxDelayMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly requestTimeoutMs: number;
  private readonly heartbeatMs: number;
  private readonly listeners: { [K in keyof WatcherEvents]: Set<(value: WatcherEvents[K]) => void> } = {
    changed: new Set(),
    connected: new Set(),
    disconnected: new Set(),
  };

  private current: EngineConnectionState = 'stopped';
  /** What listeners were last told, so that a failed reconnect does not announce `disconnected` twice. */
  private announced: 'connected' | 'disconnected' | undefined;
  /** Bumped whenever a stream or request is abandoned: late callbacks of an older generation do nothing. */
  private generation = 0;
  private attempt = 0;
  private controller: AbortController | undefined;
  private stream: EventStream | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private burstStartedMs: number | undefined;
  private pendingTypes = new Set<EngineObjectType>();
  private pendingEvents = 0;
  private lastError: Error | undefined;

  constructor(
    private readonly docker: WatchedEngine,
    options: EngineWatcherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 75;
    this.maxDelayMs = Math.max(options.maxDelayMs ?? 500, this.debounceMs);
    this.backoffInitialMs = options.backoff?.initialMs ?? 200;
    this.backoffMaxMs = Math.max(options.backoff?.maxMs ?? 5000, this.backoffInitialMs);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 3000;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
  }

  get state(): EngineConnectionState {
    return this.current;
  }

  /** Why the engine was last lost; undefined while connected. */
  get error(): Error | undefined {
    return this.current === 'connected' ? undefined : this.lastError;
  }

  /** Returns the function that removes the listener. */
  on<K extends keyof WatcherEvents>(event: K, listener: (value: WatcherEvents[K]) => void): () => void {
    const set = this.listeners[event] as Set<(value: WatcherEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Opens the events stream; `connected` follows once the engine answers. Does nothing if already started. */
  start(): void {
    if (this.current !== 'stopped') return;
    this.current = 'connecting';
    this.openStream();
  }

  /** Closes the stream and every timer: no request is made until start() is called again. */
  stop(): void {
    if (this.current === 'stopped') return;
    this.current = 'stopped';
    this.abandon();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.announced = undefined;
    this.attempt = 0;
  }

  private openStream(): void {
    const generation = ++this.generation;
    const controller = (this.controller = new AbortController());
    const filters = { type: [...TYPES] };
    callWithTimeout('getEvents', this.requestTimeoutMs, controller.signal, (abortSignal) => this.docker.getEvents({ filters, abortSignal }) as Promise<EventStream>).then(
      (stream) => {
        if (generation !== this.generation) {
          stream.destroy?.();
          return;
        }
        this.attach(stream, generation);
        this.current = 'connected';
        this.attempt = 0;
        this.lastError = undefined;
        this.scheduleHeartbeat(generation);
        const reconnected = this.announced === 'disconnected';
        if (this.announced !== 'connected') {
          this.announced = 'connected';
          this.emit('connected', undefined);
        }
        // A `connected` listener may have stopped the watcher.
        if (reconnected && generation === this.generation) this.emit('changed', { types: new Set(TYPES), events: 0, reconnected: true });
      },
      (error: unknown) => {
        if (generation === this.generation) this.lost(toError(error));
      },
    );
  }

  private attach(stream: EventStream, generation: number): void {
    this.stream = stream;
    const decoder = new StringDecoder('utf8');
    let partial = '';
    stream.on('data', (chunk: Buffer | string) => {
      if (generation !== this.generation) return;
      // One JSON object a line; a chunk may end mid-line or mid-character.
      const lines = (partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.onEventLine(line);
    });
    const closed = (error?: Error) => {
      if (generation !== this.generation) return;
      // Keep the cause's code (ECONNRESET…): describeEngineError reads it to say what the user can do.
      const code = (error as { code?: unknown } | undefined)?.code;
      this.lost(
        error
          ? Object.assign(new Error(`The Docker Engine events stream broke: ${error.message}`, { cause: error }), code === undefined ? {} : { code })
          : new Error('The Docker Engine closed the events stream.'),
      );
    };
    stream.on('end', () => closed());
    stream.on('close', () => closed());
    stream.on('error', (error: Error) => closed(error));
  }

  private onEventLine(line: string): void {
    if (!line.trim()) return;
    let event: { Type?: unknown; Action?: unknown };
    try {
      event = JSON.parse(line) as { Type?: unknown; Action?: unknown };
    } catch {
      return; // not an event: nothing to refresh for it
    }
    const type = typeof event.Type === 'string' ? event.Type : '';
    if (!WATCHED.has(type)) return;
    // "health_status: healthy", "exec_start: sh -c true": the action is the part before the colon.
    const action = typeof event.Action === 'string' ? (event.Action.split(':')[0] ?? '') : '';
    if (type === 'container' && QUIET_CONTAINER_ACTIONS.has(action)) return;
    this.pendingTypes.add(type as EngineObjectType);
    this.pendingEvents++;
    const now = Date.now();
    this.burstStartedMs ??= now;
    clearTimeout(this.debounceTimer);
    const wait = Math.max(0, Math.min(this.debounceMs, this.burstStartedMs + this.maxDelayMs - now));
    this.debounceTimer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    const change: EngineChange = { types: this.pendingTypes, events: this.pendingEvents, reconnected: false };
    this.clearPending();
    this.emit('changed', change);
  }

  private clearPending(): void {
    clearTimeout(this.debounceTimer);
    this.debounceTimer = undefined;
    this.burstStartedMs = undefined;
    this.pendingTypes = new Set();
    this.pendingEvents = 0;
  }

  /** The engine is gone: say so at once, then try again with backoff. */
  private lost(error: Error): void {
    if (this.current === 'stopped') return;
    this.abandon();
    this.current = 'disconnected';
    this.lastError = error;
    if (this.announced !== 'disconnected') {
      this.announced = 'disconnected';
      this.emit('disconnected', error);
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.current === 'stopped') return;
    const delay = Math.min(this.backoffInitialMs * 2 ** this.attempt, this.backoffMaxMs);
    this.attempt = Math.min(this.attempt + 1, 30);
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (generation !== this.generation || this.current === 'stopped') return;
      this.ping(generation).then(
        () => {
          if (generation !== this.generation || this.current === 'stopped') return;
          this.current = 'connecting';
          this.openStream();
        },
        (error: unknown) => {
          if (generation !== this.generation || this.current === 'stopped') return;
          this.lastError = toError(error);
          this.scheduleRetry();
        },
      );
    }, delay);
  }

  private scheduleHeartbeat(generation: number): void {
    if (this.heartbeatMs <= 0) return;
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = undefined;
      this.ping(generation).then(
        () => {
          if (generation === this.generation) this.scheduleHeartbeat(generation);
        },
        (error: unknown) => {
          if (generation === this.generation) this.lost(toError(error));
        },
      );
    }, this.heartbeatMs);
  }

  private async ping(generation: number): Promise<void> {
    // @types/dockerode leaves out ping()'s options argument; dockerode 5 reads abortSignal from it.
    const ping = this.docker.ping.bind(this.docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
    this.controller ??= new AbortController();
    const signal = this.controller.signal;
    await callWithTimeout('ping', this.requestTimeoutMs, signal, (abortSignal) => ping({ abortSignal }));
    if (generation !== this.generation) throw new Error('abandoned');
  }

  /** Drops the stream, any request in flight and the pending change; later callbacks of this generation do nothing. */
  private abandon(): void {
    this.generation++;
    this.controller?.abort(new Error('The engine watcher stopped.'));
    this.controller = undefined;
    const stream = this.stream;
    this.stream = undefined;
    stream?.destroy?.();
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    this.clearPending();
  }

  private emit<K extends keyof WatcherEvents>(event: K, value: WatcherEvents[K]): void {
    for (const listener of [...this.listeners[event]]) {
      try {
        listener(value);
      } catch (error) {
        // A failing listener must not leave the watcher half-way through a transition: report it outside.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
