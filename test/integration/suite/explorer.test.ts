// The sidebar's engine side in the real extension host: no request while no Berth view is visible, and the tree's
// actions (start, stop, restart, remove, inspect, prune) carried out on the real engine.
import * as assert from 'node:assert/strict';
import { createServer, connect, type Server } from 'node:net';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { CheckEngineResult } from '../../../src/vscode/commands/checkEngineCommand';
import { buildBusyboxImage, removeTestObjects, TEST_LABEL } from '../../support/busyboxImage';

const IMAGE = 'berth-test/busybox:actions';

async function setHost(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('berth.docker').update('host', value, vscode.ConfigurationTarget.Global);
}

/** A container tree node as the views hand it to commands. */
function node(id: string, name: string, state: string) {
  return { kind: 'container', view: { id, name, state } };
}

describe('the engine behind the sidebar', function () {
  this.timeout(120_000);
  const docker = new Docker();

  before(async () => {
    await vscode.extensions.getExtension('berth.berth')?.activate();
    await buildBusyboxImage(docker, IMAGE);
  });

  after(async () => {
    await setHost(undefined);
    await removeTestObjects(docker, [IMAGE]);
  });

  it('sends no request while no Berth view is visible and no command runs', async () => {
    const socketPath = (docker.modem as unknown as { socketPath?: string }).socketPath;
    assert.ok(socketPath, 'this test needs the engine on a unix socket');
    // A counting proxy in front of the engine: every dockerode request opens one connection.
    const proxyPath = join(tmpdir(), `berth-proxy-${process.pid}.sock`);
    rmSync(proxyPath, { force: true });
    let connections = 0;
    const connectionsSoFar = (): number => connections;
    const proxy: Server = createServer((client) => {
      connections += 1;
      const engine = connect(socketPath);
      client.pipe(engine).pipe(client);
      client.on('error', () => engine.destroy());
      engine.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => proxy.listen(proxyPath, r));
    try {
      await setHost(`unix://${proxyPath}`);
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(connections, 0, 'requests were sent while every Berth view was hidden');
      const result = await vscode.commands.executeCommand<CheckEngineResult>('berth.engine.check');
      assert.equal(result.ok, true, result.problem);
      assert.ok(connectionsSoFar() >= 1, 'the command went through the proxy');
    } finally {
      await setHost(undefined);
      proxy.close();
      rmSync(proxyPath, { force: true });
    }
  });

  it('starts, stops, restarts and removes a container from its tree node', async () => {
    const c = await docker.createContainer({ name: `berth-actions-${process.pid}`, Image: IMAGE, Cmd: ['sleep', '600'], Labels: { [TEST_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' }, StopTimeout: 1 });
    const name = `berth-actions-${process.pid}`;
    await vscode.commands.executeCommand('berth.container.start', node(c.id, name, 'created'));
    assert.equal((await c.inspect()).State.Running, true);
    await vscode.commands.executeCommand('berth.container.stop', node(c.id, name, 'running'));
    assert.equal((await c.inspect()).State.Running, false);
    await vscode.commands.executeCommand('berth.container.restart', node(c.id, name, 'exited'));
    assert.equal((await c.inspect()).State.Running, true);
    const removed = await vscode.commands.executeCommand<boolean>('berth.container.remove', node(c.id, name, 'running'), true);
    assert.equal(removed, true);
    await assert.rejects(c.inspect(), /no such container/i);
  });

  it('opens an inspected container as a read-only JSON document', async () => {
    const c = await docker.createContainer({ Image: IMAGE, Cmd: ['true'], Labels: { [TEST_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
    try {
      await vscode.commands.executeCommand('berth.container.inspect', node(c.id, 'inspected', 'created'));
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.uri.scheme, 'berth-inspect');
      assert.equal(doc.languageId, 'json');
      assert.equal((JSON.parse(doc.getText()) as { Id: string }).Id, c.id);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await c.remove({ force: true });
    }
  });

  it('prunes stopped containers and reports what it freed', async () => {
    const stopped = await docker.createContainer({ Image: IMAGE, Cmd: ['true'], Labels: { [TEST_LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } });
    const result = await vscode.commands.executeCommand<{ containers: number; images: number; bytes: number }>('berth.engine.prune', true);
    assert.ok(result.containers >= 1);
    await assert.rejects(stopped.inspect(), /no such container/i);
  });
});
