// Compose Up / Down / Restart in the real extension host against the real engine: the task runs the Compose CLI
// (the V2 plugin, or Debian's standalone docker-compose that Berth falls back to) with an argument array, for a
// chosen service, and the containers come and go on the engine.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import { normalizeProjectName } from '../../../src/core/engine/composeProjectName';
import { buildBusyboxImage, removeTestObjects } from '../../support/busyboxImage';

const IMAGE = 'berth-test/busybox:compose';

function composeAvailable(): boolean {
  for (const [file, args] of [['docker', ['compose', 'version']], ['docker-compose', ['version', '--short']]] as const) {
    try {
      execFileSync(file, [...args], { stdio: 'ignore', timeout: 10_000 });
      return true;
    } catch {
      // next
    }
  }
  return false;
}

describe('Compose Up and Down', function () {
  this.timeout(180_000);
  const docker = new Docker();
  let dir: string;
  let project: string;

  before(async function () {
    if (!composeAvailable()) this.skip(); // scripts/engine.sh install puts Debian's docker-compose on CI machines
    await vscode.extensions.getExtension('berth.berth')?.activate();
    await buildBusyboxImage(docker, IMAGE);
    dir = mkdtempSync(join(tmpdir(), 'berth-it-compose-'));
    project = normalizeProjectName(basename(dir));
    writeFileSync(
      join(dir, 'compose.yaml'),
      [
        'services:',
        '  worker:',
        `    image: ${IMAGE}`,
        '    command: ["sh", "-c", "echo worker up; sleep 300"]',
        '    network_mode: none',
        '    stop_grace_period: 1s',
        '  other:',
        `    image: ${IMAGE}`,
        '    command: ["sh", "-c", "sleep 300"]',
        '    network_mode: none',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    if (!dir) return;
    const left = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
    for (const c of left) await docker.getContainer(c.Id).remove({ force: true });
    await removeTestObjects(docker, [IMAGE]);
    rmSync(dir, { recursive: true, force: true });
  });

  const containers = async () =>
    (await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } })).map(
      (c) => `${c.Labels['com.docker.compose.service'] ?? '?'}:${c.State}`,
    );

  it('Up for one chosen service starts only that service, in the file\'s compose project', async () => {
    const exitCode = await vscode.commands.executeCommand<number | false | undefined>('berth.compose.up', vscode.Uri.file(join(dir, 'compose.yaml')), ['worker']);
    assert.equal(exitCode, 0);
    assert.deepEqual(await containers(), ['worker:running']);
  });

  it('Restart keeps it running, and Down removes the project\'s containers', async () => {
    assert.equal(await vscode.commands.executeCommand('berth.compose.restart', vscode.Uri.file(join(dir, 'compose.yaml')), ['worker']), 0);
    assert.deepEqual(await containers(), ['worker:running']);
    assert.equal(await vscode.commands.executeCommand('berth.compose.down', vscode.Uri.file(join(dir, 'compose.yaml'))), 0);
    assert.deepEqual(await containers(), []);
  });
});
