// Composition root: builds Berth's services and registers its contributions. No logic, no engine call, no scan.
import * as vscode from 'vscode';
import { sampleProblem } from './core/placement/sampleProblem';
import type { PlanPreviewState } from './protocol/planPreview';
import { registerCheckEngineCommand } from './vscode/commands/checkEngineCommand';
import { DockerClientProvider } from './vscode/engine/dockerClientProvider';
import { PlanPreviewPanel } from './vscode/panels/planPreviewPanel';
import { registerScaffoldCommand } from './vscode/scaffold/scaffoldCommand';
import { PlaceholderTreeProvider } from './vscode/tree/placeholderTreeProvider';

export interface BerthApi {
  /** How long activate() took, in milliseconds (module loading excluded: VS Code reports that apart). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): BerthApi {
  const started = performance.now();
  const version = (context.extension.packageJSON as { version: string }).version;
  const log = vscode.window.createOutputChannel('Berth', { log: true });
  const clients = new DockerClientProvider();

  const samplePlanState = (): PlanPreviewState => ({
    berthVersion: version,
    title: 'Placement preview',
    source: 'sample',
    services: sampleProblem.services,
    nodes: sampleProblem.nodes,
  });

  const placeholder = new PlaceholderTreeProvider();
  context.subscriptions.push(
    log,
    clients,
    registerCheckEngineCommand(clients, log),
    registerScaffoldCommand(log, version),
    vscode.commands.registerCommand('berth.output.show', () => log.show()),
    vscode.commands.registerCommand('berth.plan.preview', () => {
      PlanPreviewPanel.show(context.extensionUri, samplePlanState(), log);
    }),
    PlanPreviewPanel.registerSerializer(context.extensionUri, samplePlanState, log),
    ...['berth.containers', 'berth.images', 'berth.plans'].map((id) => vscode.window.registerTreeDataProvider(id, placeholder)),
  );

  const activationMs = performance.now() - started;
  log.info(`Berth ${version} activated in ${activationMs.toFixed(1)} ms (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
  return { activationMs };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
