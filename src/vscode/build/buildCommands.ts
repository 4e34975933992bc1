// Build Image (palette, Dockerfile lens, explorer), Build and Run, Push Image (image tree item, lens) and the
// `berth-build` task type that tasks.json can configure. Builds run as Tasks in a terminal the user can re-run.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { formatBytes } from '../../core/engine/formatBytes';
import type { EngineSession } from '../engine/engineSession';
import { DOCKERFILE_SELECTOR, type BerthCodeLensProvider } from '../lenses/berthCodeLensProvider';
import { loadBundle } from '../loadBundle';
import { pickWorkspaceFile, type WorkspaceFileKind } from '../pickWorkspaceFile';
import type { LogChannels } from '../logs/logChannels';
import type { EngineTreeNode } from '../tree/engineTreeNode';
import { rememberBuild, rememberedBuild, type RememberedBuild } from './buildMemory';
import { BuildTerminal, type BuildOutcome, type BuildTerminalDeps } from './buildTerminal';

export interface BuildTaskDefinition extends vscode.TaskDefinition {
  readonly type: 'berth-build';
  readonly dockerfile: string;
  readonly context?: string;
  readonly tag?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly platform?: string;
}

const DOCKERFILE: WorkspaceFileKind = {
  selector: DOCKERFILE_SELECTOR,
  glob: '**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}',
  title: 'Berth: Build Image',
  placeHolder: 'Which Dockerfile?',
  none: 'No Dockerfile in this workspace: "Berth: Add Model Container Files…" writes one.',
};

/** What a caller (a test, another extension) can pass instead of answering prompts. */
export interface BuildCommandOptions {
  /** Ask for the tag even when one is remembered. */
  readonly ask?: boolean;
  readonly tag?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
}

interface BuildDeps {
  readonly session: EngineSession;
  readonly log: vscode.LogOutputChannel;
  readonly state: vscode.Memento;
  readonly lenses: BerthCodeLensProvider;
  readonly channels: LogChannels;
}

function resolveIn(folder: vscode.WorkspaceFolder | undefined, p: string): string {
  return isAbsolute(p) || !folder ? p : join(folder.uri.fsPath, p);
}

/** A default tag from the folder name, lower-cased to what a repository name allows. */
function defaultTag(dockerfile: vscode.Uri): string {
  const name = basename(dirname(dockerfile.fsPath)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'model';
  return `${name}:dev`;
}

export class BuildCommands implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('berth-build');
  private readonly disposables: { dispose(): unknown }[] = [];
  /** Test hook: how the context warning is answered (undefined: ask the user). */
  contextDecision: BuildTerminalDeps['confirmContext'];

  constructor(private readonly deps: BuildDeps) {
    this.disposables.push(
      this.diagnostics,
      vscode.tasks.registerTaskProvider('berth-build', {
        provideTasks: () => [],
        resolveTask: (task) => {
          const d = task.definition as BuildTaskDefinition;
          if (typeof d.dockerfile !== 'string') return undefined;
          const folder = typeof task.scope === 'object' ? task.scope : undefined;
          return this.task(d, folder, undefined);
        },
      }),
      vscode.commands.registerCommand('berth.image.build', (uri?: vscode.Uri, options?: BuildCommandOptions) => this.build(uri, options)),
      vscode.commands.registerCommand('berth.image.buildAndRun', (uri?: vscode.Uri) => this.buildAndRun(uri)),
      vscode.commands.registerCommand('berth.image.push', (target?: EngineTreeNode | string) => this.push(target)),
    );
  }

  private task(d: BuildTaskDefinition, folder: vscode.WorkspaceFolder | undefined, onDone: ((o: BuildOutcome) => void) | undefined): vscode.Task {
    const dockerfile = resolveIn(folder, d.dockerfile);
    const context = d.context !== undefined ? resolveIn(folder, d.context) : dirname(dockerfile);
    const task = new vscode.Task(
      d,
      folder ?? vscode.TaskScope.Workspace,
      `build ${d.tag ?? basename(dockerfile)}`,
      'berth',
      new vscode.CustomExecution(() =>
        Promise.resolve(
          new BuildTerminal(
            {
              context,
              dockerfile,
              tags: d.tag ? [d.tag] : [],
              ...(d.buildArgs ? { buildArgs: d.buildArgs } : {}),
              ...(d.target ? { target: d.target } : {}),
              ...(d.platform ? { platform: d.platform } : {}),
            },
            {
              session: this.deps.session,
              log: this.deps.log,
              diagnostics: this.diagnostics,
              ...(this.contextDecision ? { confirmContext: this.contextDecision } : {}),
              onDone: (outcome) => {
                this.deps.log.info(`Build ${d.tag ?? dockerfile}: ${outcome.summary}`);
                onDone?.(outcome);
              },
            },
          ),
        ),
      ),
    );
    task.group = vscode.TaskGroup.Build;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: false };
    return task;
  }


  /** The remembered choices, or (first build, or "change") a tag asked for, checked before anything runs. */
  private async choices(dockerfile: vscode.Uri, ask: boolean): Promise<RememberedBuild | undefined> {
    const remembered = rememberedBuild(this.deps.state, dockerfile);
    if (remembered && !ask) return remembered;
    const { checkBuildTag } = loadBundle('dockerodeBundle');
    const tag = await vscode.window.showInputBox({
      title: 'Berth: Build Image',
      prompt: `Tag for the image built from ${vscode.workspace.asRelativePath(dockerfile)} (registry/name:tag)`,
      value: remembered?.tag ?? defaultTag(dockerfile),
      validateInput: (v) => checkBuildTag(v.trim()),
    });
    if (tag === undefined) return undefined;
    return { tag: tag.trim(), context: remembered?.context ?? vscode.Uri.file(dirname(dockerfile.fsPath)).toString(), buildArgs: remembered?.buildArgs ?? {}, target: remembered?.target, platform: remembered?.platform };
  }

  /** Runs the build task and resolves when it ends (tests and Build and Run wait on it). */
  async build(uri?: vscode.Uri, options: BuildCommandOptions = {}): Promise<(BuildOutcome & { tag: string; dockerfile: vscode.Uri }) | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Building runs the Dockerfile\'s commands: trust this workspace first.');
      return undefined;
    }
    const dockerfile = await pickWorkspaceFile(uri, DOCKERFILE);
    if (!dockerfile) return undefined;
    const chosen: RememberedBuild | undefined =
      options.tag !== undefined
        ? { tag: options.tag, context: vscode.Uri.file(dirname(dockerfile.fsPath)).toString(), buildArgs: options.buildArgs ?? {}, target: options.target }
        : await this.choices(dockerfile, options.ask ?? false);
    if (!chosen) return undefined;
    // A tag the build will refuse is not worth remembering; the terminal still says why it was refused.
    if (!loadBundle('dockerodeBundle').checkBuildTag(chosen.tag)) {
      await rememberBuild(this.deps.state, dockerfile, chosen);
      this.deps.lenses.refresh();
    }
    const folder = vscode.workspace.getWorkspaceFolder(dockerfile);
    const definition: BuildTaskDefinition = {
      type: 'berth-build',
      dockerfile: dockerfile.fsPath,
      context: vscode.Uri.parse(chosen.context).fsPath,
      tag: chosen.tag,
      ...(Object.keys(chosen.buildArgs).length ? { buildArgs: chosen.buildArgs } : {}),
      ...(chosen.target ? { target: chosen.target } : {}),
      ...(chosen.platform ? { platform: chosen.platform } : {}),
    };
    return new Promise((resolve) => {
      void vscode.tasks.executeTask(this.task(definition, folder, (outcome) => resolve({ ...outcome, tag: chosen.tag, dockerfile })));
    });
  }

  /** Builds, then runs the image with the GPU flags and port its Dockerfile implies, and follows its logs. */
  async buildAndRun(uri?: vscode.Uri): Promise<string | undefined> {
    const built = await this.build(uri);
    if (built?.exitCode !== 0) return undefined;
    // The Dockerfile the build used: asking again would pick twice from the palette.
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(built.dockerfile));
    const { docker } = await this.deps.session.connect();
    const { runSpecFromDockerfile } = loadBundle('dockerodeBundle');
    const networks = await docker.listNetworks({ filters: { name: ['bridge'] } });
    const spec = runSpecFromDockerfile(text, { image: built.tag, bridge: networks.some((n) => n.Name === 'bridge') });
    const name = `${built.tag.replace(/^.*\//, '').replace(/[^a-zA-Z0-9_.-]/g, '-')}-run`;
    const existing = await docker.listContainers({ all: true, filters: { name: [`^/${name}$`], label: ['berth.run=true'] } });
    for (const c of existing) await docker.getContainer(c.Id).remove({ force: true });
    const container = await docker.createContainer({ ...spec.create, name, Labels: { 'berth.run': 'true' } });
    await container.start();
    for (const note of spec.notes) this.deps.log.info(`Build and Run: ${note}`);
    return this.deps.channels.follow({ id: container.id, name, composeProject: undefined, composeService: undefined });
  }

  async push(target?: EngineTreeNode | string): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Pushing sends an image to a registry: trust this workspace first.');
      return undefined;
    }
    let image: string | undefined;
    if (typeof target === 'string') image = target;
    else if (target?.kind === 'image') {
      const tags = target.view.repoTags;
      image = tags.length <= 1 ? tags[0] : await vscode.window.showQuickPick([...tags], { title: 'Berth: Push Image', placeHolder: 'Which tag?' });
    } else {
      image = await vscode.window.showInputBox({ title: 'Berth: Push Image', prompt: 'Image to push (registry/name:tag)' });
    }
    if (!image) return undefined;
    const { resolveRegistryAuth, pushImage, PushError, redactSecrets } = loadBundle('dockerodeBundle');
    const { docker } = await this.deps.session.connect();
    const configDir = process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
    const auth = await resolveRegistryAuth(image, configDir, { env: process.env, onWarning: (w) => this.deps.log.warn(`Push: ${w}`) });
    const pushed = image;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${pushed}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        const result = await pushImage(docker, pushed, auth, {
          signal: abort.signal,
          onProgress: (p) => {
            const amount = p.currentBytes !== undefined && p.totalBytes ? ` ${formatBytes(p.currentBytes)} / ${formatBytes(p.totalBytes)}` : '';
            const message = `${p.layer ? `${p.layer}: ` : ''}${p.status}${amount}`;
            progress.report({ message });
            if (!p.currentBytes) this.deps.log.info(redactSecrets(`Push ${pushed}: ${message}`, auth));
          },
        });
        const done = `Pushed ${pushed}${result.digest ? ` (${result.digest})` : ''}.`;
        this.deps.log.info(done);
        void vscode.window.showInformationMessage(done);
        return result.digest ?? pushed;
      } catch (error) {
        const message = redactSecrets(error instanceof Error ? error.message : String(error), auth);
        this.deps.log.error(`Push ${pushed}: ${message}`);
        void vscode.window.showErrorMessage(error instanceof PushError ? message : `Push of ${pushed} failed: ${message}`);
        return undefined;
      }
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
