// One image build in a Pseudoterminal: the checks, the context size (with the weights warning and its fix), then the
// docker CLI (argument array, BuildKit when it has buildx) or the Engine API; a failure becomes a diagnostic on its
// Dockerfile line and one red line in the terminal. Closing the terminal stops the build.
import * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BuildOptions } from '../../core/build/buildOptions';
import type { ContextScan } from '../../core/build/scanContext';
import { cliEnvironment } from '../../core/engine/cliEnvironment';
import { formatBytes } from '../../core/engine/formatBytes';
import type { EngineSession } from '../engine/engineSession';
import { loadBundle } from '../loadBundle';

export type ContextDecision = 'fix' | 'continue' | 'cancel';

export interface BuildOutcome {
  readonly exitCode: number;
  readonly method: 'cli' | 'engine' | undefined;
  /** The one line the terminal ended with. */
  readonly summary: string;
  readonly failureLine?: number;
}

export interface BuildTerminalDeps {
  readonly session: EngineSession;
  readonly log: vscode.LogOutputChannel;
  readonly diagnostics: vscode.DiagnosticCollection;
  /** Asked when the context is large or holds weights; the default shows a notification with the fix. */
  readonly confirmContext?: (scan: ContextScan, contextDir: string) => Promise<ContextDecision>;
  readonly onDone?: (outcome: BuildOutcome) => void;
}

const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

async function defaultConfirmContext(scan: ContextScan, contextDir: string): Promise<ContextDecision> {
  const weights = scan.weightFiles.length ? `${scan.weightFiles.length} model weight file${scan.weightFiles.length === 1 ? '' : 's'} (${formatBytes(scan.weightBytes)}), ` : '';
  const answer = await vscode.window.showWarningMessage(
    `The build context ${basename(contextDir)} holds ${weights}${formatBytes(scan.bytes)} in all. Sending it makes the build slow and the image big; mount weights at run time instead.`,
    'Add to .dockerignore',
    'Build Anyway',
  );
  return answer === 'Add to .dockerignore' ? 'fix' : answer === 'Build Anyway' ? 'continue' : 'cancel';
}

export class BuildTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private readonly abort = new AbortController();
  private child: ChildProcess | undefined;

  constructor(
    private options: BuildOptions & { readonly tags: readonly string[] },
    private readonly deps: BuildTerminalDeps,
  ) {}

  open(): void {
    void this.run().then((outcome) => {
      this.deps.onDone?.(outcome);
      this.closer.fire(outcome.exitCode);
    });
  }

  close(): void {
    this.abort.abort();
    this.child?.kill('SIGTERM');
  }

  private write(text: string): void {
    this.writer.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  private line(text: string, colour = ''): void {
    this.write(`${colour}${text}${colour ? RESET : ''}\n`);
  }

  private async run(): Promise<BuildOutcome> {
    const { checkBuild, scanContext, dockerignoreAdditions, detectDockerCli } = loadBundle('dockerodeBundle');
    let checked;
    try {
      checked = await checkBuild(this.options);
    } catch (error) {
      const summary = error instanceof Error ? error.message : String(error);
      this.line(summary, RED);
      return { exitCode: 1, method: undefined, summary };
    }
    const dockerfileUri = vscode.Uri.file(checked.dockerfilePath);
    this.deps.diagnostics.delete(dockerfileUri);
    const ignorePath = join(checked.contextDir, '.dockerignore');
    const ignoreText = await readFile(ignorePath, 'utf8').catch(() => '');
    const scan = await scanContext(checked.contextDir, ignoreText, { ...(checked.dockerfileInContext ? { dockerfile: checked.dockerfileInContext } : {}) });
    this.line(`Context ${checked.contextDir}: ${formatBytes(scan.bytes)} in ${scan.files} files${ignoreText ? ' (.dockerignore applied)' : ' (no .dockerignore)'}${scan.truncated ? ', at least' : ''}`, DIM);
    const warnBytes = vscode.workspace.getConfiguration('berth.build').get<number>('contextWarningMB', 500) * 1_000_000;
    if (scan.weightFiles.length > 0 || scan.bytes > warnBytes) {
      const decision = await (this.deps.confirmContext ?? defaultConfirmContext)(scan, checked.contextDir);
      if (decision === 'cancel') {
        this.line('Build cancelled: the context was not sent.', RED);
        return { exitCode: 1, method: undefined, summary: 'cancelled' };
      }
      if (decision === 'fix') {
        const edit = new vscode.WorkspaceEdit();
        const uri = vscode.Uri.file(ignorePath);
        const addition = dockerignoreAdditions(scan.weightFiles.length ? scan.weightFiles : scan.largest.map((l) => l.path), ignoreText);
        // One file operation with the whole new text: undoable like any WorkspaceEdit, and on disk before the context is read.
        edit.createFile(uri, { overwrite: true, contents: new TextEncoder().encode(ignoreText + addition) });
        if (!(await vscode.workspace.applyEdit(edit))) this.line(`Could not update ${ignorePath}; the build goes on without the fix.`, RED);
        this.line(`Added ${scan.weightFiles.length || scan.largest.length} entries to .dockerignore.`, GREEN);
      }
    }
    await this.chooseNetwork();
    const method = vscode.workspace.getConfiguration('berth.build').get<'auto' | 'cli' | 'engine'>('method', 'auto');
    const cli = method === 'engine' ? undefined : await detectDockerCli(process.env);
    const useCli = method === 'cli' || (method === 'auto' && cli?.docker !== undefined);
    try {
      return useCli && cli ? await this.runCli(cli, checked.dockerfileText, dockerfileUri) : await this.runEngine(dockerfileUri);
    } catch (error) {
      const summary = error instanceof Error ? error.message : String(error);
      this.line(summary, RED);
      return { exitCode: 1, method: useCli ? 'cli' : 'engine', summary };
    }
  }

  /** An engine without the default bridge network (rootless setups, isolated test engines) cannot run RUN steps on it. */
  private async chooseNetwork(): Promise<void> {
    if (this.options.network !== undefined) return;
    try {
      const { docker } = await this.deps.session.connect();
      const bridges = await docker.listNetworks({ filters: { name: ['bridge'] } });
      if (!bridges.some((n) => n.Name === 'bridge')) {
        this.options = { ...this.options, network: 'none' };
        this.line('This engine has no bridge network: RUN steps run with --network=none.', DIM);
      }
    } catch {
      // No engine answer here: the build itself will say what is wrong.
    }
  }

  private fail(dockerfileUri: vscode.Uri, failure: { line: number | undefined; endLine: number | undefined; message: string; summary: string }, method: 'cli' | 'engine'): BuildOutcome {
    if (failure.line !== undefined) {
      const range = new vscode.Range(failure.line - 1, 0, (failure.endLine ?? failure.line) - 1, Number.MAX_SAFE_INTEGER);
      const diagnostic = new vscode.Diagnostic(range, failure.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'berth build';
      this.deps.diagnostics.set(dockerfileUri, [diagnostic]);
    }
    this.line(failure.summary, RED);
    return { exitCode: 1, method, summary: failure.summary, ...(failure.line !== undefined ? { failureLine: failure.line } : {}) };
  }

  private async runCli(cli: { docker: string | undefined; buildx: boolean; buildEnv: Readonly<Record<string, string>> }, dockerfileText: string, dockerfileUri: vscode.Uri): Promise<BuildOutcome> {
    const { dockerBuildArgs, parseBuildFailure } = loadBundle('dockerodeBundle');
    const docker = cli.docker ?? 'docker';
    const args = dockerBuildArgs(this.options, { buildx: cli.buildx });
    const { connection } = await this.deps.session.connect().catch(() => ({ connection: undefined }));
    // The engine's variables replace the inherited ones; one it leaves unset (undefined) is dropped (a stale DOCKER_CONTEXT).
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries({ ...process.env, ...cli.buildEnv, ...(connection ? cliEnvironment(connection) : {}) }).filter(([, v]) => v !== undefined),
    );
    this.line(`${docker} ${args.map((a) => (/^[\w./=:@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')}`, DIM);
    const output: string[] = [];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(docker, args, { env, cwd: this.options.context, shell: false });
      this.child = child;
      let pending = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        this.write(text);
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        output.push(...lines);
        if (output.length > 5000) output.splice(0, output.length - 5000); // keep the tail: the failure is at the end
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', (e) => {
        this.line(`Cannot run ${docker}: ${e.message}`, RED);
        resolve(127);
      });
      child.on('close', (c) => {
        if (pending) output.push(pending);
        resolve(c ?? 1);
      });
    });
    if (code === 0) {
      const summary = `Built ${this.options.tags.join(', ') || 'the image'} with the docker CLI${cli.buildx ? ' (BuildKit)' : ''}.`;
      this.line(summary, GREEN);
      return { exitCode: 0, method: 'cli', summary };
    }
    if (this.abort.signal.aborted) return { exitCode: 130, method: 'cli', summary: 'stopped' };
    return this.fail(dockerfileUri, parseBuildFailure(output, dockerfileText, basename(dockerfileUri.fsPath)), 'cli');
  }

  private async runEngine(dockerfileUri: vscode.Uri): Promise<BuildOutcome> {
    const { buildWithEngine, BuildFailedError } = loadBundle('dockerodeBundle');
    const { docker } = await this.deps.session.connect();
    try {
      const result = await buildWithEngine(docker, this.options, {
        signal: this.abort.signal,
        onProgress: (event) => {
          if (event.kind === 'step') this.line(`${event.line !== undefined ? `[line ${event.line}] ` : ''}${event.label}${event.cached ? ' (cached)' : ''}`, '\x1b[1m');
          else if (event.kind === 'note') this.line(event.text, DIM);
          else this.write(event.kind === 'status' ? `${event.text}\n` : event.text);
        },
      });
      const summary = `Built ${this.options.tags.join(', ') || result.imageId.slice(7, 19)} through the Engine API (${result.builder} builder).`;
      this.line(summary, GREEN);
      return { exitCode: 0, method: 'engine', summary };
    } catch (error) {
      if (error instanceof BuildFailedError) return this.fail(dockerfileUri, error.failure, 'engine');
      throw error;
    }
  }
}
