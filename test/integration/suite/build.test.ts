// Build Image and Push Image in the real extension host against the real engine (DOCKER_HOST): both build paths
// (docker CLI in a task terminal, Engine API), a failing RUN as a diagnostic on its line, a hostile tag refused with
// nothing run, and a push to a real local registry whose manifest is read back.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { BuildOutcome } from '../../../src/vscode/build/buildTerminal';
import type { BerthApi } from '../../../src/extension';
import type { ContextScan } from '../../../src/core/build/scanContext';
import { runToCompletion } from '../../support/busyboxImage';
import { LocalRegistry } from '../../support/localRegistry';

type Built = (BuildOutcome & { tag: string }) | undefined;

function project(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth it build '));
  cpSync('/bin/busybox', join(dir, 'busybox'));
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

const OK = 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nCMD ["sh", "-c", "echo built by berth"]\n';

async function setMethod(method: 'auto' | 'cli' | 'engine' | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('berth.build').update('method', method, vscode.ConfigurationTarget.Global);
}

describe('Build and push', function () {
  this.timeout(180_000);
  const docker = new Docker();
  const dirs: string[] = [];
  const tags: string[] = [];

  before(async () => {
    await vscode.extensions.getExtension('berth.berth')?.activate();
  });

  after(async () => {
    await setMethod(undefined);
    for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const method of ['cli', 'engine'] as const) {
    it(`builds a FROM scratch busybox project through the ${method === 'cli' ? 'docker CLI in a task terminal' : 'Engine API in a pseudoterminal'}`, async () => {
      await setMethod(method);
      const dir = project(OK);
      dirs.push(dir);
      const tag = `berth-it/build-${method}:1`;
      tags.push(tag);
      const built = await vscode.commands.executeCommand<Built>('berth.image.build', vscode.Uri.file(join(dir, 'Dockerfile')), { tag });
      assert.equal(built?.exitCode, 0, built?.summary);
      assert.equal(built.method, method);
      const image = await docker.getImage(tag).inspect();
      assert.deepEqual(image.Config.Cmd, ['sh', '-c', 'echo built by berth']);
    });
  }

  it('a failing RUN becomes a diagnostic on its Dockerfile line, and the terminal ends with one line saying so', async () => {
    await setMethod('engine');
    const dir = project('FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sh", "-c", "echo about to fail; exit 7"]\n');
    dirs.push(dir);
    const dockerfile = vscode.Uri.file(join(dir, 'Dockerfile'));
    const built = await vscode.commands.executeCommand<Built>('berth.image.build', dockerfile, { tag: 'berth-it/fails:1' });
    assert.equal(built?.exitCode, 1);
    assert.equal(built.failureLine, 3);
    assert.match(built.summary, /Dockerfile:3.*exit code 7/);
    const diagnostics = vscode.languages.getDiagnostics(dockerfile).filter((d) => d.source === 'berth build');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.range.start.line, 2);
  });

  it('a hostile tag is refused before anything runs, through the CLI path', async () => {
    await setMethod('cli');
    const dir = project(OK);
    dirs.push(dir);
    const marker = join(dir, 'pwned');
    for (const tag of [`x; touch ${marker}`, `$(touch ${marker})`, `a\`touch ${marker}\``]) {
      const built = await vscode.commands.executeCommand<Built>('berth.image.build', vscode.Uri.file(join(dir, 'Dockerfile')), { tag });
      assert.equal(built?.exitCode, 1, tag);
      assert.equal(built.method, undefined, 'refused before choosing a way to build');
      assert.equal(existsSync(marker), false);
    }
  });

  it('model weights in the context: the one-click fix adds them to .dockerignore, and the build does not send them', async () => {
    await setMethod('engine');
    const api = (await vscode.extensions.getExtension('berth.berth')?.activate()) as BerthApi | undefined;
    const build = api?.testing?.build;
    assert.ok(build, 'the test seam is there under BERTH_INTEGRATION=1');
    let asked: ContextScan | undefined;
    build.contextDecision = (scan) => {
      asked = scan;
      return Promise.resolve('fix');
    };
    try {
      // Without a .dockerignore (the fix creates it), and with one that lacks its final newline (the fix appends).
      for (const existing of [undefined, '*.log']) {
        const dir = project('FROM scratch\nCOPY busybox /bin/busybox\nCOPY . /ctx/\n');
        dirs.push(dir);
        if (existing !== undefined) writeFileSync(join(dir, '.dockerignore'), existing);
        writeFileSync(join(dir, 'model.safetensors'), Buffer.alloc(2 * 1024 * 1024, 7));
        const tag = `berth-it/weights:${existing === undefined ? 'new' : 'append'}`;
        tags.push(tag);
        const built = await vscode.commands.executeCommand<Built>('berth.image.build', vscode.Uri.file(join(dir, 'Dockerfile')), { tag });
        assert.equal(built?.exitCode, 0, built?.summary);
        assert.deepEqual(asked?.weightFiles, ['model.safetensors']);
        const ignore = readFileSync(join(dir, '.dockerignore'), 'utf8');
        assert.match(ignore, /^model\.safetensors$/m);
        if (existing !== undefined) assert.match(ignore, /^\*\.log$/m, 'what was there stays');
        const listing = await runToCompletion(docker, tag, ['/bin/busybox', 'ls', '/ctx']);
        assert.doesNotMatch(listing.stdout, /model\.safetensors/);
        assert.match(listing.stdout, /Dockerfile/);
      }
    } finally {
      build.contextDecision = undefined;
    }
  });

  it('pushes a built image to a real registry on 127.0.0.1 and the manifest reads back with the same digest', async function () {
    const skip = LocalRegistry.skipReason();
    if (skip) this.skip();
    const registry = await LocalRegistry.start();
    try {
      await setMethod('engine');
      const dir = project(OK);
      dirs.push(dir);
      const tag = `${registry.address}/berth/it:1`;
      tags.push(tag);
      const built = await vscode.commands.executeCommand<Built>('berth.image.build', vscode.Uri.file(join(dir, 'Dockerfile')), { tag });
      assert.equal(built?.exitCode, 0, built?.summary);
      const digest = await vscode.commands.executeCommand<string | undefined>('berth.image.push', tag);
      assert.match(digest ?? '', /^sha256:[0-9a-f]{64}$/);
      assert.equal((await registry.manifest('berth/it', '1')).digest, digest);
    } finally {
      await registry.stop();
    }
  });
});
