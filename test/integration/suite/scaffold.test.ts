// "Berth: Add Model Container Files…" in the real extension host, on a copy of a model project.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { ScaffoldCommandResult } from '../../../src/vscode/scaffold/scaffoldCommand';
import { composeSchemaErrors } from '../../support/composeSchema';

const fixture = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'scaffold-project');

describe('Add Model Container Files', function () {
  this.timeout(60_000);
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'berth-scaffold-'));
    cpSync(fixture, folder, { recursive: true });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes Dockerfile, .dockerignore, compose.yaml and compose.gpu.yaml from the detected defaults', async () => {
    const result = await vscode.commands.executeCommand<ScaffoldCommandResult>('berth.scaffold.add', vscode.Uri.file(folder), {});
    assert.equal(result.cancelled, false);
    assert.deepEqual([...result.written].sort(), ['.dockerignore', 'Dockerfile', 'compose.gpu.yaml', 'compose.yaml']);
    const dockerfile = readFileSync(join(folder, 'Dockerfile'), 'utf8');
    // Detected: torch==2.4.1 and transformers pinned, FastAPI app object named `api` in app.py, weights in models/.
    assert.match(dockerfile, /^FROM nvidia\/cuda:12\.4\.1-cudnn-runtime-ubuntu22\.04 AS runtime$/m);
    assert.match(dockerfile, /uv pip install --index-url https:\/\/download\.pytorch\.org\/whl\/cu124 "torch==2\.4\.1"/);
    assert.match(dockerfile, /^CMD \["python","-m","uvicorn","app:api","--host","0\.0\.0\.0","--port","5000"\]$/m);
    assert.deepEqual(composeSchemaErrors(readFileSync(join(folder, 'compose.yaml'), 'utf8')), []);
    assert.deepEqual(composeSchemaErrors(readFileSync(join(folder, 'compose.gpu.yaml'), 'utf8')), []);
    // The user's own files are untouched, and no serving app was added next to theirs.
    assert.equal(readFileSync(join(folder, 'requirements.txt'), 'utf8'), readFileSync(join(fixture, 'requirements.txt'), 'utf8'));
    assert.equal(existsSync(join(folder, 'serve.py')), false);
    // The Dockerfile is opened for the user to read.
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(folder, 'Dockerfile'));
  });

  it('writes nothing the second time, when every file is already what it would write', async () => {
    await vscode.commands.executeCommand('berth.scaffold.add', vscode.Uri.file(folder), {});
    const second = await vscode.commands.executeCommand<ScaffoldCommandResult>('berth.scaffold.add', vscode.Uri.file(folder), {});
    assert.deepEqual(second.written, []);
    assert.deepEqual(second.kept, []);
  });

  it('takes a preset from code: CPU, another port, an arm64 target', async () => {
    const result = await vscode.commands.executeCommand<ScaffoldCommandResult>('berth.scaffold.add', vscode.Uri.file(folder), {
      accelerator: 'cpu',
      port: 8080,
      platform: 'linux/arm64',
    });
    assert.ok(!result.written.includes('compose.gpu.yaml'));
    const dockerfile = readFileSync(join(folder, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM python:3\.11-slim-bookworm AS runtime$/m);
    assert.match(dockerfile, /--index-url https:\/\/download\.pytorch\.org\/whl\/cpu/);
    assert.match(readFileSync(join(folder, 'compose.yaml'), 'utf8'), /127\.0\.0\.1:8080:8080[\s\S]*platform: linux\/arm64|platform: linux\/arm64[\s\S]*127\.0\.0\.1:8080:8080/);
  });

  it('writes a serving app and pinned requirements into an empty folder, never an exception', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'berth-scaffold-empty-'));
    try {
      const result = await vscode.commands.executeCommand<ScaffoldCommandResult>('berth.scaffold.add', vscode.Uri.file(empty), {});
      assert.ok(result.written.includes('serve.py'));
      assert.ok(result.written.includes('requirements.txt'));
      assert.match(readFileSync(join(empty, 'requirements.txt'), 'utf8'), /^fastapi==\d/m);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('says the folder is read-only and changes nothing, when it cannot write', async function () {
    // Root writes through mode bits; the immutable attribute stops even root from adding files to the folder.
    if (spawnSync('chattr', ['+i', folder]).status !== 0) this.skip();
    try {
      const result = await vscode.commands.executeCommand<ScaffoldCommandResult>('berth.scaffold.add', vscode.Uri.file(folder), {});
      assert.deepEqual(result.written, []);
      assert.equal(result.cancelled, false);
      assert.equal(existsSync(join(folder, 'Dockerfile')), false);
    } finally {
      spawnSync('chattr', ['-i', folder]);
    }
  });

  it('leaves a garbled requirements.txt alone and still writes a Dockerfile', async () => {
    writeFileSync(join(folder, 'requirements.txt'), Buffer.from([0xff, 0xfe, 0x00, 0x74, 0x6f, 0x72, 0x63, 0x68, 0x3d, 0x3d, 0x0a]));
    const result = await vscode.commands.executeCommand<ScaffoldCommandResult>('berth.scaffold.add', vscode.Uri.file(folder), {});
    assert.equal(result.cancelled, false);
    assert.ok(result.written.includes('Dockerfile'));
  });
});
