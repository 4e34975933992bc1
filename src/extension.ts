// Composition root: builds Berth's services and registers its contributions. No logic, no engine call, no scan.
import * as vscode from 'vscode';
import { registerCheckEngineCommand } from './vscode/commands/checkEngineCommand';
import { registerEngineCommands } from './vscode/commands/engineCommands';
import { EngineSession } from './vscode/engine/engineSession';
import { createEngineStatusBar } from './vscode/engine/engineStatusBar';
import { registerLogCommands } from './vscode/logs/logCommands';
import { LogChannels } from './vscode/logs/logChannels';
import { BuildCommands } from './vscode/build/buildCommands';
import { registerComposeCommands } from './vscode/compose/composeCommands';
import { disableRule, LintDiagnostics } from './vscode/diagnostics/lintDiagnostics';
import { BerthCodeLensProvider, COMPOSE_SELECTOR, DOCKERFILE_SELECTOR, NODES_SELECTOR } from './vscode/lenses/berthCodeLensProvider';
import { PlacementController } from './vscode/placement/placementController';
import { ReadonlyContentProvider } from './vscode/readonlyContentProvider';
import { registerScaffoldCommand } from './vscode/scaffold/scaffoldCommand';
import { EngineTreeProvider, type EngineViewKind } from './vscode/tree/engineTreeProvider';

export interface BerthApi {
  /** How long activate() took, in milliseconds (module loading excluded: VS Code reports that apart). */
  readonly activationMs: number;
  /** Only in Berth's own integration tests (BERTH_INTEGRATION=1): answers to prompts a test cannot click. */
  readonly testing?: { readonly build: BuildCommands };
}

const ENGINE_VIEWS: readonly (readonly [string, EngineViewKind])[] = [
  ['berth.containers', 'containers'],
  ['berth.images', 'images'],
  ['berth.networks', 'networks'],
  ['berth.plans', 'nodes'],
];

export function activate(context: vscode.ExtensionContext): BerthApi {
  const started = performance.now();
  const version = (context.extension.packageJSON as { version: string }).version;
  const log = vscode.window.createOutputChannel('Berth', { log: true });
  const session = new EngineSession(log);
  const inspect = new ReadonlyContentProvider('berth-inspect');
  const logs = new LogChannels(session, log);

  const placement = new PlacementController(context.extensionUri, context.workspaceState, session, log, version);
  const lenses = new BerthCodeLensProvider(context.workspaceState);
  const lint = new LintDiagnostics(context.extensionUri, log);
  const build = new BuildCommands({ session, log, state: context.workspaceState, lenses, channels: logs });

  context.subscriptions.push(log, session, inspect, logs, createEngineStatusBar(session));
  for (const [id, kind] of ENGINE_VIEWS) {
    const provider = new EngineTreeProvider(kind, session);
    const view = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: kind !== 'nodes' });
    // The engine's event stream is followed only while one of these views is visible.
    context.subscriptions.push(provider, view, view.onDidChangeVisibility((e) => session.setViewVisible(id, e.visible)));
    if (view.visible) session.setViewVisible(id, true);
  }
  context.subscriptions.push(
    registerCheckEngineCommand(session, log),
    registerEngineCommands(session, inspect, log),
    registerLogCommands(session, logs),
    registerScaffoldCommand(log, version),
    vscode.commands.registerCommand('berth.output.show', () => log.show()),
    registerComposeCommands(session, log),
    build,
    placement,
    placement.registerSerializer(),
    vscode.commands.registerCommand('berth.plan.preview', (uri?: vscode.Uri) => placement.preview(uri)),
    vscode.commands.registerCommand('berth.plan.exportCompose', () => placement.exportPlan('compose')),
    vscode.commands.registerCommand('berth.plan.exportKubernetes', () => placement.exportPlan('kubernetes')),
    vscode.commands.registerCommand('berth.plan.applySwarm', (confirmed?: boolean) => placement.applyToSwarm(undefined, confirmed === true)),
    lenses,
    lint,
    vscode.languages.registerCodeLensProvider([...DOCKERFILE_SELECTOR, ...COMPOSE_SELECTOR, ...NODES_SELECTOR], lenses),
    vscode.languages.registerCodeActionsProvider([...DOCKERFILE_SELECTOR, ...COMPOSE_SELECTOR], lint, {
      providedCodeActionKinds: LintDiagnostics.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand('berth.lint.disableRule', (ruleId: string) => disableRule(ruleId)),
  );

  const activationMs = performance.now() - started;
  log.info(`Berth ${version} activated in ${activationMs.toFixed(1)} ms (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
  return { activationMs, ...(process.env.BERTH_INTEGRATION === '1' ? { testing: { build } } : {}) };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
