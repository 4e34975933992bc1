// Berth's findings as diagnostics: Dockerfiles and compose files are linted when opened and, debounced, as they
// change; the compose reader's own problems (malformed YAML, `count: two`) go in the same collection. Quick fixes
// come from the findings' fixes, plus "turn off here" and "turn off everywhere".
import * as vscode from 'vscode';
import { dirname, join, relative, sep } from 'node:path';
import ignore from '@balena/dockerignore';
import type { Finding } from '../../core/lint/finding';
import type { NodeCapacity } from '../../core/placement/placementProblem';
import { loadBundle } from '../loadBundle';
import { lensKindOf } from '../lenses/berthCodeLensProvider';

const DEBOUNCE_MS = 250;
const WEIGHT_GLOB = '**/*.{safetensors,bin,gguf,onnx,pt,pth,ckpt,h5}';

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

function toRange(r: { startLine: number; startColumn: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class LintDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('berth');
  private readonly findings = new Map<string, { diagnostic: vscode.Diagnostic; finding: Finding }[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: { dispose(): unknown }[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.findings.delete(d.uri.toString());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('berth.lint')) for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
      }),
    ];
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    const kind = lensKindOf(document);
    if (kind !== 'dockerfile' && kind !== 'compose') return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lint(document, kind).catch((e: unknown) => this.log.error(`Lint of ${document.uri.fsPath} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
      }, delayMs),
    );
  }

  /** Lints now (tests call it through the `berth.lint.now` command to skip the debounce). */
  async lint(document: vscode.TextDocument, kind: 'dockerfile' | 'compose'): Promise<number> {
    const config = vscode.workspace.getConfiguration('berth.lint', document.uri);
    if (!config.get<boolean>('enabled', true)) {
      this.collection.delete(document.uri);
      this.findings.delete(document.uri.toString());
      return 0;
    }
    const disabledRules = new Set(config.get<string[]>('disabledRules', []));
    const version = document.version;
    const bundle = loadBundle('editorBundle');
    const folder = vscode.Uri.file(dirname(document.uri.fsPath));
    let findings: Finding[];
    if (kind === 'dockerfile') {
      const [requirements, pyproject, dockerignore, weights] = await Promise.all([
        readIfExists(vscode.Uri.joinPath(folder, 'requirements.txt')),
        readIfExists(vscode.Uri.joinPath(folder, 'pyproject.toml')),
        readIfExists(vscode.Uri.joinPath(folder, '.dockerignore')),
        vscode.workspace.findFiles(new vscode.RelativePattern(folder, WEIGHT_GLOB), '**/{node_modules,.git,.venv,venv}/**', 20),
      ]);
      findings = bundle.lintDockerfile(document.getText(), {
        ...(requirements !== undefined ? { requirements: { path: join(folder.fsPath, 'requirements.txt'), text: requirements } } : {}),
        ...(pyproject !== undefined ? { pyproject: { path: join(folder.fsPath, 'pyproject.toml'), text: pyproject } } : {}),
        hasDockerignore: dockerignore !== undefined,
        contextWeightFiles: keptByDockerignore(
          weights.map((w) => relative(folder.fsPath, w.fsPath).split(sep).join('/')),
          dockerignore,
        ),
        disabledRules,
      });
    } else {
      // Variables come from the environment and the .env beside the file, as docker compose reads them.
      const dotEnv = bundle.readDotEnvBeside(document.uri.fsPath);
      const result = bundle.readCompose({
        files: [{ path: document.uri.fsPath, text: document.getText() }],
        env: process.env,
        ...(dotEnv ? { dotEnv } : {}),
        profiles: ['*'],
      });
      const nodesText = await readIfExists(vscode.Uri.joinPath(folder, 'berth.nodes.yaml'));
      let nodes: NodeCapacity[] | undefined;
      if (nodesText !== undefined) nodes = bundle.readNodeInventory(join(folder.fsPath, 'berth.nodes.yaml'), nodesText).nodes;
      const gpuOverride = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '{compose,docker-compose}*gpu*.{yml,yaml}'), undefined, 1);
      findings = [
        ...result.diagnostics
          // The GPU request shapes have their own rules, with fixes: do not say it twice.
          .filter((d) => d.range.file === document.uri.fsPath && d.code !== 'gpu-count-and-device-ids' && d.code !== 'invalid-device-request')
          .map((d): Finding => ({ ruleId: `compose/${d.code}`, severity: d.severity, message: d.message, range: d.range, docsAnchor: '' })),
        ...bundle.lintCompose(result, { ...(nodes ? { nodes } : {}), hasGpuOverrideFile: gpuOverride.length > 0, disabledRules }),
      ];
    }
    if (document.version !== version || document.isClosed) return -1; // a newer edit will lint again
    const entries = findings.map((finding) => {
      const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, SEVERITY[finding.severity]);
      diagnostic.source = 'berth';
      diagnostic.code = finding.docsAnchor ? { value: finding.ruleId, target: vscode.Uri.joinPath(this.extensionUri, 'README.md').with({ fragment: finding.docsAnchor }) } : finding.ruleId;
      return { diagnostic, finding };
    });
    this.findings.set(document.uri.toString(), entries);
    this.collection.set(document.uri, entries.map((e) => e.diagnostic));
    return entries.length;
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const { diagnostic, finding } of this.findings.get(document.uri.toString()) ?? []) {
      if (!diagnostic.range.intersection(range)) continue;
      for (const fix of finding.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) {
          // An edit's file is relative to the linted file's folder (`.dockerignore`).
          const target = e.file ? vscode.Uri.joinPath(vscode.Uri.file(dirname(document.uri.fsPath)), e.file) : document.uri;
          if (e.file) edit.createFile(target, { ignoreIfExists: true });
          edit.replace(target, toRange(e.range), e.newText);
        }
        action.edit = edit;
        actions.push(action);
      }
      if (finding.ruleId.startsWith('berth/')) {
        const here = new vscode.CodeAction(`Turn off ${finding.ruleId} for this line`, vscode.CodeActionKind.QuickFix);
        here.diagnostics = [diagnostic];
        const edit = new vscode.WorkspaceEdit();
        const line = document.lineAt(finding.range.startLine);
        const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
        edit.insert(document.uri, new vscode.Position(finding.range.startLine, 0), `${indent}# berth-ignore ${finding.ruleId}\n`);
        here.edit = edit;
        const everywhere = new vscode.CodeAction(`Turn off ${finding.ruleId} everywhere`, vscode.CodeActionKind.QuickFix);
        everywhere.diagnostics = [diagnostic];
        everywhere.command = { title: everywhere.title, command: 'berth.lint.disableRule', arguments: [finding.ruleId] };
        actions.push(here, everywhere);
      }
    }
    return actions;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/** The weight files the build would really send: those the `.dockerignore` does not keep out. */
function keptByDockerignore(files: readonly string[], dockerignore: string | undefined): string[] {
  if (dockerignore === undefined) return [...files];
  const rules = ignore().add(dockerignore.split(/\r?\n/));
  return files.filter((f) => !rules.ignores(f));
}

export async function disableRule(ruleId: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('berth.lint');
  const current = config.get<string[]>('disabledRules', []);
  if (!current.includes(ruleId)) await config.update('disabledRules', [...current, ruleId], vscode.ConfigurationTarget.Global);
}
