// Code lenses above Dockerfiles, compose files and berth.nodes.yaml. Parsing is cached per document version, so
// typing never waits on more than one parse; each kind can be turned off with berth.codeLens.<kind>.
import * as vscode from 'vscode';
import { loadBundle } from '../loadBundle';
import { lastBuildTag } from '../build/buildMemory';

export type LensKind = 'dockerfile' | 'compose' | 'nodes';

export const DOCKERFILE_SELECTOR: vscode.DocumentFilter[] = [
  { language: 'dockerfile' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*}' },
];
export const COMPOSE_SELECTOR: vscode.DocumentFilter[] = [
  { language: 'dockercompose' },
  { language: 'yaml', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
];
export const NODES_SELECTOR: vscode.DocumentFilter[] = [{ pattern: '**/{berth.nodes,*.berth.nodes}.{yml,yaml}' }];

const GiB = 1024 ** 3;

export function lensKindOf(document: vscode.TextDocument): LensKind | undefined {
  if (vscode.languages.match(NODES_SELECTOR, document)) return 'nodes';
  if (vscode.languages.match(COMPOSE_SELECTOR, document)) return 'compose';
  if (vscode.languages.match(DOCKERFILE_SELECTOR, document)) return 'dockerfile';
  return undefined;
}

function lens(line: number, title: string, command: string, args: unknown[] = [], tooltip?: string): vscode.CodeLens {
  const range = new vscode.Range(line, 0, line, 0);
  return new vscode.CodeLens(range, { title, command, arguments: args, ...(tooltip ? { tooltip } : {}) });
}

export class BerthCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly cache = new Map<string, { version: number; lenses: vscode.CodeLens[] }>();
  private readonly disposables: { dispose(): unknown }[];

  constructor(private readonly state: vscode.Memento) {
    this.disposables = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('berth.codeLens')) this.refresh();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
    ];
  }

  /** After a build remembers a tag, the Dockerfile's lenses gain "Push". */
  refresh(): void {
    this.cache.clear();
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const kind = lensKindOf(document);
    if (!kind || !vscode.workspace.getConfiguration('berth.codeLens', document.uri).get<boolean>(kind, true)) return [];
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === document.version) return cached.lenses;
    let lenses: vscode.CodeLens[];
    try {
      lenses = kind === 'dockerfile' ? this.dockerfileLenses(document) : kind === 'compose' ? this.composeLenses(document) : this.nodesLenses(document);
    } catch {
      lenses = []; // a half-typed file: the diagnostics say what is wrong; lenses come back when it parses
    }
    this.cache.set(key, { version: document.version, lenses });
    return lenses;
  }

  private dockerfileLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    const fromLine = Math.max(0, text.split('\n').findIndex((l) => /^\s*FROM\s/i.test(l)));
    const lenses = [
      lens(fromLine, '$(tools) Build image', 'berth.image.build', [document.uri]),
      lens(fromLine, '$(run) Build and run', 'berth.image.buildAndRun', [document.uri], 'Build, run with the GPU flags and ports the Dockerfile implies, and follow the logs'),
    ];
    const tag = lastBuildTag(this.state, document.uri);
    if (tag) lenses.push(lens(fromLine, `$(cloud-upload) Push ${tag}`, 'berth.image.push', [tag]));
    return lenses;
  }

  private composeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { readCompose, readDotEnvBeside, describeServiceDemand } = loadBundle('editorBundle');
    // The demand shown must be what compose would run: variables from the environment and the .env beside the file.
    const dotEnv = readDotEnvBeside(document.uri.fsPath);
    const result = readCompose({ files: [{ path: document.uri.fsPath, text: document.getText() }], env: process.env, ...(dotEnv ? { dotEnv } : {}), profiles: ['*'] });
    const lenses = [
      lens(0, '$(debug-start) Up all', 'berth.compose.up', [document.uri]),
      lens(0, '$(debug-stop) Down', 'berth.compose.down', [document.uri]),
      lens(0, '$(server-process) Preview placement', 'berth.plan.preview', [document.uri]),
    ];
    for (const service of result.workload.services) {
      const line = service.range.startLine;
      lenses.push(
        lens(line, '$(debug-start) Up', 'berth.compose.up', [document.uri, [service.name]]),
        lens(line, '$(output) Logs', 'berth.logs.followService', [document.uri, service.name]),
        lens(line, describeServiceDemand(service), 'berth.plan.preview', [document.uri], 'What this service reserves per replica (reservations, else limits); click to preview the placement'),
      );
    }
    return lenses;
  }

  private nodesLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const { readNodeInventory } = loadBundle('editorBundle');
    const { nodes } = readNodeInventory(document.uri.fsPath, document.getText());
    const cpu = nodes.reduce((s, n) => s + n.cpuMillis, 0) / 1000;
    const memory = nodes.reduce((s, n) => s + n.memoryBytes, 0) / GiB;
    const gpus = nodes.reduce((s, n) => s + n.gpus, 0);
    const total = `${nodes.length} node${nodes.length === 1 ? '' : 's'} · ${cpu.toLocaleString('en-US', { maximumFractionDigits: 1 })} CPU · ${memory.toLocaleString('en-US', { maximumFractionDigits: 0 })} GiB${gpus ? ` · ${gpus} GPU` : ''}`;
    return [lens(0, '$(server-process) Preview placement', 'berth.plan.preview', [document.uri]), lens(0, total, 'berth.plan.preview', [document.uri], 'The capacity this inventory declares; click to preview the placement')];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
