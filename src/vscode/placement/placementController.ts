// Placement preview: picks the services (compose files) and the nodes (berth.nodes.yaml, else the connected Swarm,
// else the seed's sample), solves in a worker thread within the budget, and answers the webview's commands
// (objective, what-if, export, apply to Swarm). One panel; its sources survive a reload in workspace state.
import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import type { Objective, PlacementProblem, Plan } from '../../core/placement/placementProblem';
import { normalizeProjectName } from '../../core/engine/composeProjectName';
import { sampleProblem } from '../../core/placement/sampleProblem';
import type { WhatIfEdit } from '../../core/placement/whatIf';
import type { PlanPreviewCommandMessage, PlanPreviewState } from '../../protocol/planPreview';
import { planPreviewStateFrom, type PlanPreviewMeta } from '../../protocol/planPreviewStateFrom';
import type { EngineSession } from '../engine/engineSession';
import { COMPOSE_SELECTOR, NODES_SELECTOR } from '../lenses/berthCodeLensProvider';
import { loadBundle } from '../loadBundle';
import { PlanPreviewPanel, type PlanPreviewHandler } from '../panels/planPreviewPanel';

const SOURCES_KEY = 'berth.plan.sources';
const NOT_OVERRIDES = /gpu|override|placement/i;

interface Sources {
  /** Compose file URIs; empty for the sample. */
  readonly compose: readonly string[];
  /** A nodes file URI, or `swarm`; undefined for the sample. */
  readonly nodes: string | undefined;
}

interface Loaded {
  readonly problem: PlacementProblem;
  /** What Apply to Swarm runs for each service: image, command and environment from the compose file. */
  readonly templates: ReadonlyMap<string, { readonly image: string; readonly command?: readonly string[]; readonly env?: Readonly<Record<string, string>> }>;
  readonly notes: readonly string[];
}

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export class PlacementController implements vscode.Disposable {
  private sources: Sources = { compose: [], nodes: undefined };
  private objective: Objective;
  private edits: WhatIfEdit[] = [];
  private plan: Plan | undefined;
  private solved: PlacementProblem | undefined;
  private loaded: Loaded | undefined;
  private canApply = false;
  private abort: AbortController | undefined;
  private readonly handler: PlanPreviewHandler = {
    onCommand: (command, panel) => void this.onCommand(command, panel),
    onRestore: (panel, saved) => void this.restore(panel, saved),
    onDispose: () => this.abort?.abort(),
  };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly state: vscode.Memento,
    private readonly session: EngineSession,
    private readonly log: vscode.LogOutputChannel,
    private readonly version: string,
  ) {
    this.objective = vscode.workspace.getConfiguration('berth.placement').get<Objective>('objective', 'pack');
  }

  registerSerializer(): vscode.Disposable {
    return PlanPreviewPanel.registerSerializer({ extensionUri: this.extensionUri, log: this.log, handler: this.handler });
  }

  /** "Preview Placement" from the palette, a lens (compose or nodes file) or the Nodes & Plans view. */
  async preview(uri?: vscode.Uri): Promise<PlanPreviewState | undefined> {
    const sources = await this.chooseSources(uri instanceof vscode.Uri ? uri : undefined);
    if (!sources) return undefined;
    this.sources = sources;
    this.edits = [];
    this.plan = undefined;
    await this.state.update(SOURCES_KEY, sources);
    const panel = PlanPreviewPanel.show(this.stateNow('solving'), { extensionUri: this.extensionUri, log: this.log, handler: this.handler });
    return this.reload(panel);
  }

  /** The last state sent to the panel (tests read it through the command's result). */
  private lastState: PlanPreviewState | undefined;

  private stateNow(status?: 'solving' | 'error', message?: string): PlanPreviewState {
    const problem = this.solved ?? this.loaded?.problem ?? { services: [], nodes: [] };
    const meta: PlanPreviewMeta = {
      berthVersion: this.version,
      title: 'Placement preview',
      source: {
        ...(this.sources.compose[0] ? { compose: this.sources.compose.map((c) => vscode.workspace.asRelativePath(vscode.Uri.parse(c))).join(' + ') } : {}),
        ...(this.sources.nodes ? { nodes: this.sources.nodes === 'swarm' ? 'swarm' : vscode.workspace.asRelativePath(vscode.Uri.parse(this.sources.nodes)) } : {}),
      },
      objective: this.objective,
      canApply: this.canApply,
      whatIf: this.edits,
      ...(this.loaded ? { baseProblem: this.loaded.problem } : {}),
      ...(status ? { status } : {}),
      ...(message ? { message } : {}),
    };
    this.lastState = planPreviewStateFrom(problem, this.plan, meta);
    return this.lastState;
  }

  private async chooseSources(uri: vscode.Uri | undefined): Promise<Sources | undefined> {
    let target = uri;
    if (!target) {
      const active = vscode.window.activeTextEditor?.document;
      if (active && (vscode.languages.match(COMPOSE_SELECTOR, active) || vscode.languages.match(NODES_SELECTOR, active))) target = active.uri;
    }
    const isNodes = (u: vscode.Uri) => /(^|\.)berth\.nodes\.ya?ml$/.test(basename(u.fsPath));
    let compose: vscode.Uri | undefined;
    let nodes: vscode.Uri | undefined;
    if (target && isNodes(target)) nodes = target;
    else if (target) compose = target;
    if (!compose) {
      const near = nodes ? vscode.Uri.file(dirname(nodes.fsPath)) : undefined;
      const found = near
        ? await vscode.workspace.findFiles(new vscode.RelativePattern(near, '{compose,docker-compose}*.{yml,yaml}'), undefined, 20)
        : await vscode.workspace.findFiles('**/{compose,docker-compose}*.{yml,yaml}', '**/node_modules/**', 50);
      const candidates = found.filter((f) => !NOT_OVERRIDES.test(basename(f.fsPath))).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
      // Several compose files (a project's compose.yaml beside a stack file): ask, and offer the seed's sample too.
      if (candidates.length === 1) compose = candidates[0];
      else if (candidates.length > 1) {
        const picked = await vscode.window.showQuickPick(
          [...candidates.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { label: 'The built-in sample (C1, C2, C3 on N1, N2)', uri: undefined }],
          { title: 'Berth: Preview Placement', placeHolder: 'Which services?' },
        );
        if (!picked) return undefined;
        compose = picked.uri;
      }
    }
    if (!compose) return { compose: [], nodes: undefined };
    if (!nodes) {
      for (const candidate of [vscode.Uri.file(join(dirname(compose.fsPath), 'berth.nodes.yaml')), vscode.Uri.file(join(dirname(compose.fsPath), 'berth.nodes.yml'))]) {
        if (await exists(candidate)) nodes = candidate;
      }
    }
    const files = [compose.toString(), ...(await this.defaultOverride(compose))];
    // An inventory beside the compose file wins; then the Swarm Berth is connected to; then any inventory in the workspace.
    if (nodes) return { compose: files, nodes: nodes.toString() };
    if (await this.swarmAvailable()) return { compose: files, nodes: 'swarm' };
    const anywhere = (await vscode.workspace.findFiles('**/berth.nodes.{yaml,yml}', '**/node_modules/**', 1))[0];
    return { compose: files, nodes: anywhere?.toString() };
  }

  /** `docker compose` reads compose.override.yaml beside compose.yaml by default; so does the planner. */
  private async defaultOverride(compose: vscode.Uri): Promise<string[]> {
    const name = basename(compose.fsPath);
    const match = /^(docker-)?compose\.(ya?ml)$/.exec(name);
    if (!match) return [];
    for (const ext of ['yaml', 'yml']) {
      const candidate = vscode.Uri.file(join(dirname(compose.fsPath), `${match[1] ?? ''}compose.override.${ext}`));
      if (await exists(candidate)) return [candidate.toString()];
    }
    return [];
  }

  /** True when the engine Berth uses is a Swarm manager (nodes can be read and services created). */
  private async swarmAvailable(): Promise<boolean> {
    try {
      const { docker } = await this.session.connect();
      const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
      return info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
    } catch {
      return false;
    }
  }

  private async load(): Promise<Loaded> {
    if (this.sources.compose.length === 0) return { problem: sampleProblem, templates: new Map(), notes: [] };
    const bundle = loadBundle('editorBundle');
    const files = await Promise.all(this.sources.compose.map(async (c) => ({ path: vscode.Uri.parse(c).fsPath, text: await readText(vscode.Uri.parse(c)) })));
    const first = files[0];
    const dotEnvUri = first ? vscode.Uri.file(join(dirname(first.path), '.env')) : undefined;
    const dotEnv = dotEnvUri && (await exists(dotEnvUri)) ? { path: dotEnvUri.fsPath, text: await readText(dotEnvUri) } : undefined;
    const compose = bundle.readCompose({ files, env: process.env, ...(dotEnv ? { dotEnv } : {}) });
    const errors = compose.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      const e = errors[0];
      throw new Error(`${basename(e?.range.file ?? '')}:${(e?.range.startLine ?? 0) + 1}: ${e?.message ?? ''}${errors.length > 1 ? ` (and ${errors.length - 1} more: see Problems)` : ''}`);
    }
    const notes: string[] = [];
    let nodes;
    if (this.sources.nodes === 'swarm') {
      const { docker } = await this.session.connect();
      const { nodesFromSwarm } = loadBundle('dockerodeBundle');
      const fromSwarm = nodesFromSwarm(await docker.listNodes());
      nodes = fromSwarm.nodes;
      notes.push(...fromSwarm.warnings);
    } else if (this.sources.nodes) {
      const uri = vscode.Uri.parse(this.sources.nodes);
      const inventory = bundle.readNodeInventory(uri.fsPath, await readText(uri));
      const bad = inventory.diagnostics.find((d) => d.severity === 'error');
      if (bad) throw new Error(`${basename(uri.fsPath)}:${bad.range.startLine + 1}: ${bad.message}`);
      nodes = inventory.nodes;
    } else {
      throw new Error('No nodes to place on: add a berth.nodes.yaml next to the compose file (its schema completes the keys), or connect Berth to a Swarm manager.');
    }
    const templates = new Map(
      compose.workload.services
        .filter((s) => s.image)
        .map((s) => [s.name, { image: s.image ?? '', ...(s.command ? { command: s.command } : {}), ...(s.environment ? { env: s.environment } : {}) }]),
    );
    return { problem: { services: bundle.servicesToDemands(compose.workload), nodes }, templates, notes };
  }

  private async reload(panel: PlanPreviewPanel): Promise<PlanPreviewState | undefined> {
    try {
      this.loaded = await this.load();
      this.solved = undefined;
    } catch (error) {
      this.loaded = undefined;
      const state = this.stateNow('error', error instanceof Error ? error.message : String(error));
      panel.update(state);
      return state;
    }
    void this.swarmAvailable().then((available) => {
      if (available === this.canApply) return;
      this.canApply = available;
      if (this.lastState) panel.update(this.stateNow(this.lastState.status === 'solving' ? 'solving' : undefined));
    });
    return this.solve(panel);
  }

  private workerFile(): string {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', 'placementWorker.js').fsPath;
  }

  private async solve(panel: PlanPreviewPanel): Promise<PlanPreviewState | undefined> {
    if (!this.loaded) return undefined;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const bundle = loadBundle('editorBundle');
    const problem = bundle.applyWhatIf(this.loaded.problem, this.edits);
    this.solved = problem;
    panel.update(this.stateNow('solving'));
    const budgetMs = vscode.workspace.getConfiguration('berth.placement').get<number>('timeBudgetMs', 2000);
    try {
      this.plan = await bundle.solveInWorker(
        problem,
        {
          objective: this.objective,
          budgetMs,
          signal: abort.signal,
          onPlan: (p) => {
            if (abort.signal.aborted) return;
            this.plan = p;
            panel.update(this.stateNow('solving'));
          },
        },
        this.workerFile(),
      );
      if (abort.signal.aborted) return undefined;
      const state = this.stateNow(undefined, this.loaded.notes.length ? this.loaded.notes.join(' ') : undefined);
      panel.update(state);
      this.log.info(`Placement (${this.objective}): ${this.plan.status}, objective ${this.plan.objectiveValue}, bound ${this.plan.bound}, ${Math.round(this.plan.solveMillis)} ms, stages ${this.plan.stages.join(' → ')}`);
      return state;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      const state = this.stateNow('error', `The solver stopped: ${error instanceof Error ? error.message : String(error)}`);
      panel.update(state);
      return state;
    }
  }

  private async restore(panel: PlanPreviewPanel, saved: PlanPreviewState | undefined): Promise<void> {
    const sources = this.state.get<Sources>(SOURCES_KEY);
    if (sources && Array.isArray(sources.compose)) this.sources = sources;
    if (saved) {
      this.objective = saved.objective;
      this.edits = [...saved.whatIf];
    }
    await this.reload(panel);
  }

  private async onCommand(command: PlanPreviewCommandMessage, panel: PlanPreviewPanel): Promise<void> {
    switch (command.command) {
      case 'setObjective':
        this.objective = command.objective;
        await this.solve(panel);
        return;
      case 'whatIf':
        this.edits = command.edit.kind === 'reset' ? [] : [...this.edits, command.edit];
        await this.solve(panel);
        return;
      case 'export':
        await this.exportPlan(command.format);
        return;
      case 'apply':
        await this.applyToSwarm(panel);
        return;
      case 'openSource': {
        const first = this.sources.compose[0] ?? this.sources.nodes;
        if (first && first !== 'swarm') await vscode.window.showTextDocument(vscode.Uri.parse(first), { viewColumn: vscode.ViewColumn.One });
        return;
      }
    }
  }

  /** Writes the export beside the compose file (asking before replacing one), or into an untitled editor for the sample. */
  async exportPlan(format: 'compose' | 'kubernetes'): Promise<vscode.Uri | undefined> {
    const plan = this.plan;
    const problem = this.solved;
    if (!plan || !problem) {
      void vscode.window.showWarningMessage('No plan yet: open "Berth: Preview Placement" first.');
      return undefined;
    }
    const bundle = loadBundle('editorBundle');
    const images = Object.fromEntries([...(this.loaded?.templates ?? [])].map(([service, t]) => [service, t.image]));
    const text = format === 'compose' ? bundle.exportComposeOverride(plan, problem) : bundle.exportKubernetes(plan, problem, { images });
    const composeFile = this.sources.compose[0];
    if (!composeFile) {
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
      return doc.uri;
    }
    const folder = dirname(vscode.Uri.parse(composeFile).fsPath);
    const target = vscode.Uri.file(join(folder, format === 'compose' ? 'compose.placement.yaml' : 'berth-placement.k8s.yaml'));
    if (await exists(target)) {
      const answer = await vscode.window.showWarningMessage(`${basename(target.fsPath)} exists. Replace it with this plan?`, { modal: true }, 'Replace', 'Open as Untitled');
      if (answer === 'Open as Untitled') {
        const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside });
        return doc.uri;
      }
      if (answer !== 'Replace') return undefined;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(target, { overwrite: true, contents: new TextEncoder().encode(text) });
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Could not write ${target.fsPath}.`);
      return undefined;
    }
    await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return target;
  }

  /** Creates or updates one Swarm service per service and node of the plan, then shows where the tasks landed. */
  async applyToSwarm(panel?: PlanPreviewPanel, confirmed = false): Promise<string | undefined> {
    const plan = this.plan;
    const problem = this.solved;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Applying a plan changes a Swarm: trust this workspace first.');
      return undefined;
    }
    if (!plan || !problem) {
      void vscode.window.showWarningMessage('No plan yet: open "Berth: Preview Placement" first.');
      return undefined;
    }
    const templates = this.loaded?.templates ?? new Map<string, never>();
    const missing = problem.services.filter((s) => !templates.get(s.name)?.image).map((s) => s.name);
    if (missing.length) {
      void vscode.window.showErrorMessage(`Swarm needs an image for every service; ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} none (build and push it, then set image: in the compose file).`);
      return undefined;
    }
    const { docker, connection } = await this.session.connect();
    const groups = plan.assignments.filter((a) => a.replicas > 0).length;
    if (!confirmed) {
      const answer = await vscode.window.showWarningMessage(
        `Apply this plan to the Swarm at ${connection.address}? Berth creates or updates ${groups} service${groups === 1 ? '' : 's'} pinned to their planned nodes, and removes the Berth services of an earlier plan that are no longer in it.`,
        { modal: true },
        'Apply',
      );
      if (answer !== 'Apply') return undefined;
    }
    const { applyPlanToSwarm, observeSwarmPlacement, comparePlacement } = loadBundle('dockerodeBundle');
    const first = this.sources.compose[0];
    const project = (first ? normalizeProjectName(basename(dirname(vscode.Uri.parse(first).fsPath))) : '') || 'berth';
    // Every service has a template with an image here: the check above returned otherwise.
    const specs = new Map(problem.services.map((s) => [s.name, templates.get(s.name) ?? { image: '' }]));
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Berth: applying the plan to Swarm', cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const result = await applyPlanToSwarm(docker, plan, problem, specs, { prefix: `${project}_`, signal: abort.signal, onProgress: (message) => progress.report({ message }) });
      progress.report({ message: 'waiting for the tasks to start' });
      const observed = await observeSwarmPlacement(docker, result.serviceIds, 60_000);
      const comparison = comparePlacement(plan, observed);
      const summary = comparison.matches
        ? `Applied: every task runs where the plan says (${result.serviceIds.length} services).`
        : `Applied, but the Swarm placed tasks differently: ${comparison.differences.join('; ')}`;
      this.log.info(`Apply to Swarm: ${summary}`);
      if (panel) panel.update(this.stateNow(undefined, summary));
      void (comparison.matches ? vscode.window.showInformationMessage(summary) : vscode.window.showWarningMessage(summary));
      return summary;
    });
  }

  dispose(): void {
    this.abort?.abort();
  }
}
