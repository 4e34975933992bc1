// The placement planner, code lenses and findings in the real extension host: Preview Placement on the sample
// stack (compose + berth.nodes.yaml) solved in the worker thread, exports written beside the compose file, lenses
// from VS Code's own code lens command, and Berth's diagnostics on a Dockerfile and on malformed compose YAML.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import * as vscode from 'vscode';
import type { PlanPreviewState } from '../../../src/protocol/planPreview';

const SAMPLE = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'sample-model-project');

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Placement, lenses and findings', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    await vscode.extensions.getExtension('berth.berth')?.activate();
    dir = mkdtempSync(join(tmpdir(), 'berth-it-plan-'));
    for (const f of ['compose.stack.yaml', 'berth.nodes.yaml']) cpSync(join(SAMPLE, f), join(dir, f));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('Preview Placement solves the sample stack on its inventory in the worker: everything placed, within the nodes', async () => {
    const state = await vscode.commands.executeCommand<PlanPreviewState | undefined>('berth.plan.preview', vscode.Uri.file(join(dir, 'compose.stack.yaml')));
    assert.ok(state, 'a state came back');
    assert.ok(state.status === 'optimal' || state.status === 'feasible', `${state.status}: ${state.message ?? ''}`);
    assert.deepEqual(state.unplaced, []);
    assert.equal(state.nodes.length, 5);
    for (const node of state.nodes) {
      for (const bar of node.bars) assert.ok(bar.used <= bar.capacity + 1e-9, `${node.name} ${bar.resource} ${bar.used}/${bar.capacity}`);
    }
    // llm: 2 replicas, at most one per node, each needing 2 GPUs with 40 GB: only the L40S nodes qualify.
    const llm = state.assignments.filter((a) => a.service === 'llm');
    assert.deepEqual(llm.map((a) => a.replicas), [1, 1]);
    assert.ok(llm.every((a) => a.node.startsWith('l40s-')));
    assert.equal(new Set(llm.map((a) => a.node)).size, 2);
  });

  it('exports the plan as a compose override and as Kubernetes manifests beside the compose file', async () => {
    const override = await vscode.commands.executeCommand<vscode.Uri | undefined>('berth.plan.exportCompose');
    assert.equal(override?.fsPath, join(dir, 'compose.placement.yaml'));
    const doc = parse(readFileSync(override.fsPath, 'utf8')) as { services: Record<string, { deploy?: { placement?: { constraints?: string[] } } }> };
    assert.ok(doc.services.llm?.deploy?.placement?.constraints?.length, 'llm is pinned');
    const k8s = await vscode.commands.executeCommand<vscode.Uri | undefined>('berth.plan.exportKubernetes');
    assert.ok(k8s);
    const deployments = parseAllDocuments(readFileSync(k8s.fsPath, 'utf8')).map((d) => d.toJS() as { kind?: string; spec?: { replicas?: number } });
    const total = deployments.filter((d) => d.kind === 'Deployment').reduce((s, d) => s + (d.spec?.replicas ?? 0), 0);
    const expected = (parse(readFileSync(join(dir, 'compose.stack.yaml'), 'utf8')) as { services: Record<string, { deploy?: { replicas?: number } }> }).services;
    assert.equal(total, Object.values(expected).reduce((s, v) => s + (v.deploy?.replicas ?? 1), 0));
  });

  it('reads compose.override.yaml beside compose.yaml, as docker compose does', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'berth-it-override-'));
    try {
      writeFileSync(join(sub, 'compose.yaml'), 'services:\n  api:\n    image: api:1\n    deploy:\n      resources:\n        reservations: { cpus: "1", memory: 1g }\n');
      writeFileSync(join(sub, 'compose.override.yaml'), 'services:\n  api:\n    deploy:\n      replicas: 3\n');
      writeFileSync(join(sub, 'berth.nodes.yaml'), 'nodes:\n  - type: small\n    count: 2\n    cpus: 2\n    memory: 4GiB\n');
      const state = await vscode.commands.executeCommand<PlanPreviewState | undefined>('berth.plan.preview', vscode.Uri.file(join(sub, 'compose.yaml')));
      assert.ok(state);
      assert.match(state.source.compose ?? '', /compose\.yaml \+ .*compose\.override\.yaml/);
      assert.equal(state.assignments.filter((a) => a.service === 'api').reduce((n, a) => n + a.replicas, 0), 3);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });

  it('code lenses: Up all / Down / Preview placement above the compose file, Up / Logs / demand above each service, capacity above the inventory', async () => {
    const compose = vscode.Uri.file(join(dir, 'compose.stack.yaml'));
    await vscode.window.showTextDocument(compose);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', compose);
    const titles = lenses.map((l) => l.command?.title ?? '');
    for (const t of ['Up all', 'Down', 'Preview placement']) assert.ok(titles.some((x) => x.includes(t)), `${t} in ${titles.join(' | ')}`);
    assert.ok(titles.some((x) => /^2 GPU · 8 CPU · 64 GiB/.test(x) || /2 GPU/.test(x)), titles.join(' | '));
    // The code lens command needs the document loaded in the renderer ("Illegal argument" otherwise).
    const inventory = await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir, 'berth.nodes.yaml')));
    await vscode.window.showTextDocument(inventory);
    const nodes = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', inventory.uri);
    assert.ok(nodes.some((l) => /^5 nodes · 160 CPU · 1,152 GiB · 8 GPU$/.test(l.command?.title ?? '')), nodes.map((l) => l.command?.title).join(' | '));
    await vscode.workspace.getConfiguration('berth.codeLens').update('compose', false, vscode.ConfigurationTarget.Global);
    try {
      const off = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', compose);
      assert.equal(off.length, 0, 'turned off by berth.codeLens.compose');
    } finally {
      await vscode.workspace.getConfiguration('berth.codeLens').update('compose', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('lenses and diagnostics read variables from the .env beside the compose file, as compose does', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'berth-it-env-'));
    try {
      writeFileSync(join(sub, 'compose.yaml'), 'services:\n  api:\n    image: api:1\n    deploy:\n      replicas: ${WORKERS}\n      resources:\n        reservations: { cpus: "0.5", memory: 512m }\n');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(sub, 'compose.yaml')));
      await vscode.window.showTextDocument(doc);
      const aboutWorkers = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'berth' && /WORKERS/.test(d.message));
      // Without a .env, compose would warn that WORKERS is not set, and so does Berth, on that line.
      const warned = await waitFor('the undefined-variable warning', () => (aboutWorkers().length ? aboutWorkers() : undefined));
      assert.equal(warned[0]?.range.start.line, 4);
      writeFileSync(join(sub, '.env'), 'WORKERS=4\n');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '# workers from .env\n');
      await vscode.workspace.applyEdit(edit);
      await waitFor('the warning gone once .env sets WORKERS', () => (aboutWorkers().length === 0 ? true : undefined));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      assert.ok(lenses.some((l) => /^×4 · 0\.5 CPU · 512 MiB/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(' | '));
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      rmSync(sub, { recursive: true, force: true });
    }
  });

  it('malformed compose YAML gets an error diagnostic at its line, not a crash', async () => {
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, 'services:\n  api:\n    image: x\n    deploy:\n      replicas: [oops\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    const diagnostics = await waitFor('a YAML diagnostic', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'berth');
      return d.length ? d : undefined;
    });
    assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line >= 4), diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n'));
  });

  it('Dockerfile findings appear as diagnostics with rule ids, and a quick fix is offered', async () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM python:latest\nENV HF_TOKEN=hf_abcdefghijklmnop\nCOPY model.safetensors /models/\nCMD ["python", "serve.py"]\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    const diagnostics = await waitFor('Berth findings', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'berth');
      return d.length >= 3 ? d : undefined;
    });
    const ids = diagnostics.map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
    assert.ok(ids.includes('berth/unpinned-base-image'), ids.join(', '));
    assert.ok(ids.includes('berth/secret-in-env'), ids.join(', '));
    assert.ok(ids.includes('berth/weights-in-image'), ids.join(', '));
    const first = diagnostics[0];
    assert.ok(first);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, first.range);
    assert.ok(actions.some((a) => /Turn off/.test(a.title)), actions.map((a) => a.title).join(' | '));
  });
});
