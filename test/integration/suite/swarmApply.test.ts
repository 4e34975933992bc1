// "Apply to Swarm" through the extension, as a user runs it: Berth connected to the manager of a real three-node
// Swarm (scripts/swarm3.sh: three dockerd in network namespaces, GPUs as generic resources), Preview Placement on a
// compose file with no inventory beside it plans on the swarm's own nodes, and the apply command lands every task on
// the node the plan names (checked here against the swarm's task list, not only Berth's own comparison).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { PlanPreviewState } from '../../../src/protocol/planPreview';

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, '..', '..', '..', '..', 'scripts', 'swarm3.sh');
const MANAGER = '/tmp/sw/n1.sock';

const COMPOSE = `services:
  llm:
    image: berth/busybox:1
    command: ["sh", "-c", "sleep 600"]
    stop_grace_period: 1s
    deploy:
      replicas: 2
      placement:
        max_replicas_per_node: 1
      resources:
        reservations:
          cpus: "0.1"
          memory: 16m
          devices:
            - capabilities: [gpu]
              count: 4
  embed:
    image: berth/busybox:1
    command: sleep 600
    stop_grace_period: 1s
    deploy:
      resources:
        reservations:
          memory: 16m
          generic_resources:
            - discrete_resource_spec: { kind: gpu, value: 2 }
  gateway:
    image: berth/busybox:1
    command: ["sh", "-c", "sleep 600"]
    stop_grace_period: 1s
    deploy:
      replicas: 3
      resources:
        reservations:
          cpus: "0.05"
          memory: 8m
`;

async function setHost(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('berth.docker').update('host', value, vscode.ConfigurationTarget.Global);
}

describe('Apply to Swarm, from the extension', function () {
  this.timeout(180_000);
  let up = false;
  let dir: string | undefined;

  before(async function () {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) this.skip(); // swarm3 needs root and network namespaces
    await vscode.extensions.getExtension('berth.berth')?.activate();
    await run('bash', [SCRIPT, 'up'], { timeout: 120_000 });
    up = true;
    dir = mkdtempSync(join(tmpdir(), 'berth-it-swarm-'));
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    await setHost(`unix://${MANAGER}`);
  });

  after(async () => {
    await setHost(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (up) await run('bash', [SCRIPT, 'down'], { timeout: 120_000 });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('plans on the swarm\'s own nodes and every task runs where the plan says', async () => {
    const state = await vscode.commands.executeCommand<PlanPreviewState | undefined>('berth.plan.preview', vscode.Uri.file(join(dir ?? '', 'compose.yaml')));
    assert.ok(state);
    assert.equal(state.source.nodes, 'swarm', state.message);
    assert.ok(state.status === 'optimal' || state.status === 'feasible', `${state.status}: ${state.message ?? ''}`);
    assert.deepEqual(state.unplaced, []);
    assert.deepEqual(state.nodes.map((n) => n.name).sort(), ['berth-n1', 'berth-n2', 'berth-n3']);
    const llmNodes = state.assignments.filter((a) => a.service === 'llm').map((a) => a.node).sort();
    assert.deepEqual(llmNodes, ['berth-n1', 'berth-n2'], 'the only nodes with 4 GPUs, one replica each');

    const summary = await vscode.commands.executeCommand<string | undefined>('berth.plan.applySwarm', true);
    assert.match(summary ?? '', /every task runs where the plan says/);

    // The swarm's own account: running tasks per Berth service and node hostname, against the plan.
    const docker = new Docker({ socketPath: MANAGER });
    const hostnames = new Map((await docker.listNodes()).map((n: { ID: string; Description: { Hostname: string } }) => [n.ID, n.Description.Hostname]));
    const services = await docker.listServices({ filters: { label: ['berth.service'] } });
    const running = new Map<string, number>();
    for (const service of services) {
      const tasks = await docker.listTasks({ filters: { service: [service.ID], 'desired-state': ['running'] } });
      for (const task of tasks as { NodeID: string; Status: { State: string } }[]) {
        if (task.Status.State !== 'running') continue;
        const key = `${service.Spec?.Labels?.['berth.service'] ?? '?'}@${hostnames.get(task.NodeID) ?? '?'}`;
        running.set(key, (running.get(key) ?? 0) + 1);
      }
    }
    const planned = new Map(state.assignments.filter((a) => a.replicas > 0).map((a) => [`${a.service}@${a.node}`, a.replicas]));
    assert.deepEqual([...running].sort(), [...planned].sort());
  });
});
