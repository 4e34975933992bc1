// The one connection to the Docker Engine that Berth's views and commands share. It resolves the address the way
// the docker CLI does on first use (never at activation), follows the engine's event stream while a Berth view is
// visible, and stops every request when none is.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { loadEngineSnapshot, type EngineSnapshot } from '../../core/engine/engineSnapshot';
import { EngineWatcher } from '../../core/engine/engineWatcher';
import { ConnectionError, resolveConnection, type ResolvedConnection } from '../../core/engine/resolveConnection';
import { describeEngineError } from '../../core/engine/describeEngineError';
import { loadBundle } from '../loadBundle';

export interface EngineConnection {
  readonly docker: Docker;
  readonly connection: ResolvedConnection;
}

export type EngineSessionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'connected'; readonly connection: ResolvedConnection }
  | { readonly kind: 'disconnected'; readonly connection: ResolvedConnection | undefined; readonly problem: string; readonly fix: string };

export class EngineSession implements vscode.Disposable {
  private connecting: Promise<EngineConnection> | undefined;
  private watcher: EngineWatcher | undefined;
  private readonly visibleViews = new Set<string>();
  private current: EngineSnapshot | undefined;
  private loading: Promise<void> | undefined;
  private reloadAgain = false;
  private sessionState: EngineSessionState = { kind: 'idle' };
  private generation = 0;
  private readonly snapshotChanged = new vscode.EventEmitter<EngineSnapshot | undefined>();
  private readonly stateChanged = new vscode.EventEmitter<EngineSessionState>();
  private readonly disposables: { dispose(): unknown }[] = [];

  /** Fires after each new snapshot, and with undefined when the engine is lost. */
  readonly onDidChangeSnapshot = this.snapshotChanged.event;
  readonly onDidChangeState = this.stateChanged.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.snapshotChanged,
      this.stateChanged,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('berth.docker')) this.reset('the berth.docker settings changed');
      }),
    );
  }

  get state(): EngineSessionState {
    return this.sessionState;
  }

  get snapshot(): EngineSnapshot | undefined {
    return this.current;
  }

  /** The engine client; resolves the connection on first use. Throws ConnectionError with what to do. */
  connect(): Promise<EngineConnection> {
    if (!this.connecting) {
      const attempt = this.resolve();
      this.connecting = attempt;
      // A failed resolution is retried next time (the user may have fixed the file or the setting).
      attempt.catch(() => {
        if (this.connecting === attempt) this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async resolve(): Promise<EngineConnection> {
    const settings = vscode.workspace.getConfiguration('berth.docker');
    const connection = await resolveConnection({
      settings: { host: settings.get<string>('host'), context: settings.get<string>('context') },
      env: process.env,
      platform: process.platform,
      homeDir: homedir(),
    });
    for (const w of connection.warnings) this.log.warn(w);
    this.log.info(`Docker Engine: ${connection.address} (${connection.sourceDetail})`);
    const DockerCtor = loadBundle('dockerodeBundle').Docker;
    try {
      return { docker: new DockerCtor(connection.dockerOptions), connection };
    } catch (error) {
      // docker-modem still reads DOCKER_HOST / DOCKER_CERT_PATH itself and throws on values it cannot parse.
      throw new ConnectionError(connection.source, `${connection.sourceDetail}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Views report their visibility: the event stream is followed only while one of them is visible. */
  setViewVisible(viewId: string, visible: boolean): void {
    if (visible) this.visibleViews.add(viewId);
    else this.visibleViews.delete(viewId);
    if (this.visibleViews.size > 0) void this.watch();
    else this.unwatch();
  }

  /** Resolves once a snapshot is loaded or the engine is known to be unreachable. */
  async ensureLoaded(): Promise<void> {
    if (this.current || this.sessionState.kind === 'disconnected') return;
    await this.reload();
  }

  /** Loads a fresh snapshot; concurrent calls share one load and queue at most one more. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          await this.loadOnce();
        } while (this.reloadRequested());
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** A method, not a field read: the type checker must not assume the field kept the value set before the await. */
  private reloadRequested(): boolean {
    return this.reloadAgain;
  }

  private watching(): boolean {
    return this.watcher !== undefined;
  }

  /** connect(), with a failure shown as the disconnected state instead of thrown. */
  private async connectOrLose(): Promise<EngineConnection | undefined> {
    try {
      return await this.connect();
    } catch (error) {
      this.lost(undefined, error);
      return undefined;
    }
  }

  private async loadOnce(): Promise<void> {
    const generation = this.generation;
    const engine = await this.connectOrLose();
    if (!engine) return;
    try {
      const snapshot = await loadEngineSnapshot(engine.docker);
      if (generation !== this.generation) return;
      this.current = snapshot;
      this.setState({ kind: 'connected', connection: engine.connection });
      this.snapshotChanged.fire(snapshot);
    } catch (error) {
      if (generation === this.generation) this.lost(engine.connection, error);
    }
  }

  private async watch(): Promise<void> {
    if (this.watcher) return;
    const generation = this.generation;
    const engine = await this.connectOrLose();
    if (!engine) return;
    if (this.watching() || generation !== this.generation || this.visibleViews.size === 0) return;
    const watcher = new EngineWatcher(engine.docker);
    this.watcher = watcher;
    watcher.on('changed', () => void this.reload());
    watcher.on('disconnected', (error) => this.lost(engine.connection, error));
    watcher.on('connected', () => {
      this.log.info(`Docker Engine at ${engine.connection.address} is back`);
      void this.reload();
    });
    watcher.start();
    void this.reload();
  }

  private unwatch(): void {
    this.watcher?.stop();
    this.watcher = undefined;
  }

  private lost(connection: ResolvedConnection | undefined, error: unknown): void {
    let problem: string;
    let fix: string;
    if (error instanceof ConnectionError) {
      problem = error.message;
      fix = error.fix;
    } else {
      const where = connection ? { address: connection.address, source: connection.source } : { address: '(unresolved)', source: 'default-socket' as const };
      const described = describeEngineError(error, where);
      problem = described.summary;
      fix = described.advice;
    }
    const wasDisconnected = this.sessionState.kind === 'disconnected' && this.sessionState.problem === problem;
    this.current = undefined;
    this.setState({ kind: 'disconnected', connection, problem, fix });
    if (!wasDisconnected) this.log.warn(`${problem} ${fix}`);
    this.snapshotChanged.fire(undefined);
  }

  private setState(state: EngineSessionState): void {
    const before = this.sessionState;
    this.sessionState = state;
    if (before.kind !== state.kind || state.kind === 'disconnected') {
      void vscode.commands.executeCommand('setContext', 'berth.engine.state', state.kind === 'idle' ? 'unknown' : state.kind);
      this.stateChanged.fire(state);
    }
  }

  /** Forgets the connection (settings changed, another context chosen) and reconnects if a view is visible. */
  reset(reason: string): void {
    this.log.info(`Reconnecting: ${reason}`);
    this.generation += 1;
    this.unwatch();
    this.connecting = undefined;
    this.current = undefined;
    this.setState({ kind: 'idle' });
    this.snapshotChanged.fire(undefined);
    if (this.visibleViews.size > 0) void this.watch();
  }

  dispose(): void {
    this.unwatch();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
