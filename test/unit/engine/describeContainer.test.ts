import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeContainer, type ContainerInfoLike } from '../../../src/core/engine/describeContainer';
import { groupContainers } from '../../../src/core/engine/groupContainers';
import { parseContainerStatus } from '../../../src/core/engine/parseContainerStatus';

const NOW = Date.UTC(2026, 0, 1);

function info(over: Partial<ContainerInfoLike>): ContainerInfoLike {
  return {
    Id: 'abcdef0123456789abcdef0123456789',
    Names: ['/web-1'],
    Image: 'model:latest',
    ImageID: 'sha256:feed',
    Created: NOW / 1000 - 600,
    State: 'running',
    Status: 'Up 3 minutes',
    Ports: [],
    Labels: {},
    ...over,
  };
}

test('the Status text gives health, exit code and uptime', () => {
  assert.deepEqual(parseContainerStatus('Up 3 minutes (healthy)'), { health: 'healthy', exitCode: undefined, upForMs: 180_000, sinceMs: undefined });
  assert.equal(parseContainerStatus('Up 2 hours (unhealthy)').health, 'unhealthy');
  assert.equal(parseContainerStatus('Up 5 seconds (health: starting)').health, 'starting');
  assert.equal(parseContainerStatus('Up Less than a second').upForMs, 0);
  assert.equal(parseContainerStatus('Up About an hour (Paused)').upForMs, 3_600_000);
  assert.deepEqual(parseContainerStatus('Exited (137) 3 minutes ago'), { health: undefined, exitCode: 137, upForMs: undefined, sinceMs: 180_000 });
  assert.equal(parseContainerStatus('Restarting (3) 1 second ago').exitCode, 3);
  assert.deepEqual(parseContainerStatus('Created'), { health: undefined, exitCode: undefined, upForMs: undefined, sinceMs: undefined });
});

test('a running container: green, its ports in the description, started time from its uptime', () => {
  const view = describeContainer(
    info({ Ports: [{ IP: '127.0.0.1', PrivatePort: 5000, PublicPort: 5000, Type: 'tcp' }], Labels: { 'com.docker.compose.project': 'llm', 'com.docker.compose.service': 'api' } }),
    NOW,
  );
  assert.equal(view.name, 'web-1');
  assert.equal(view.label, 'web-1');
  assert.equal(view.shortId, 'abcdef012345');
  assert.equal(view.state, 'running');
  assert.equal(view.description, 'running · 127.0.0.1:5000→5000');
  assert.deepEqual(view.icon, { id: 'vm-running', color: 'charts.green' });
  assert.equal(view.startedAtMs, NOW - 180_000);
  assert.equal(view.createdMs, NOW - 600_000);
  assert.equal(view.composeProject, 'llm');
  assert.equal(view.composeService, 'api');
  assert.ok(view.tooltip.some((l) => l === 'Compose: llm / api'));
  assert.ok(view.tooltip.some((l) => l === 'Ports: 127\\.0\\.0\\.1:5000→5000'));
  assert.ok(view.tooltip.some((l) => l === 'Status: Up 3 minutes'));
});

test('no published ports: the description is the state alone', () => {
  assert.equal(describeContainer(info({}), NOW).description, 'running');
});

test('health decides a running container’s description and icon', () => {
  const unhealthy = describeContainer(info({ Status: 'Up 10 seconds (unhealthy)' }), NOW);
  assert.equal(unhealthy.health, 'unhealthy');
  assert.equal(unhealthy.description, 'unhealthy');
  assert.deepEqual(unhealthy.icon, { id: 'warning', color: 'charts.yellow' });
  assert.equal(describeContainer(info({ Status: 'Up 1 second (health: starting)' }), NOW).description, 'starting');
  assert.equal(describeContainer(info({ Status: 'Up 1 minute (healthy)' }), NOW).icon.id, 'vm-running');
});

test('exit codes: zero is quiet, anything else is red', () => {
  const failed = describeContainer(info({ State: 'exited', Status: 'Exited (137) 3 minutes ago' }), NOW);
  assert.equal(failed.exitCode, 137);
  assert.equal(failed.description, 'exited (137)');
  assert.deepEqual(failed.icon, { id: 'error', color: 'charts.red' });
  assert.equal(failed.startedAtMs, undefined);
  const done = describeContainer(info({ State: 'exited', Status: 'Exited (0) 2 days ago' }), NOW);
  assert.equal(done.description, 'exited (0)');
  assert.deepEqual(done.icon, { id: 'vm-outline' });
});

test('restarting, paused, created, dead, removing', () => {
  const restarting = describeContainer(info({ State: 'restarting', Status: 'Restarting (3) 1 second ago' }), NOW);
  assert.equal(restarting.description, 'restarting');
  assert.equal(restarting.exitCode, 3);
  assert.equal(restarting.icon.id, 'sync~spin');
  const paused = describeContainer(info({ State: 'paused', Status: 'Up 2 minutes (Paused)' }), NOW);
  assert.equal(paused.description, 'paused');
  assert.equal(paused.startedAtMs, NOW - 120_000);
  assert.equal(describeContainer(info({ State: 'created', Status: 'Created' }), NOW).description, 'created');
  assert.deepEqual(describeContainer(info({ State: 'dead', Status: 'Dead' }), NOW).icon, { id: 'error', color: 'charts.red' });
  assert.equal(describeContainer(info({ State: 'removing', Status: 'Removal In Progress' }), NOW).icon.id, 'trash');
});

test('an image reference that no longer exists shows as a short id; Markdown in names is escaped', () => {
  const view = describeContainer(info({ Image: 'sha256:0123456789abcdef0123', Names: ['/a_b*c'] }), NOW);
  assert.equal(view.image, '0123456789ab');
  assert.equal(view.tooltip[0], '**a\\_b\\*c** · running');
});

test('containers group by compose project, projects by name, the ungrouped last', () => {
  const c = (name: string, project?: string, state = 'running', status = 'Up 1 second') =>
    describeContainer(info({ Id: `${name}0000000000000`, Names: [`/${name}`], State: state, Status: status, Labels: project ? { 'com.docker.compose.project': project } : {} }), NOW);
  const groups = groupContainers([c('z'), c('b2', 'beta'), c('a1', 'alpha'), c('b1', 'beta', 'exited', 'Exited (1) 1 second ago'), c('y')]);
  assert.deepEqual(
    groups.map((g) => [g.project, g.label, g.description, g.containers.map((x) => x.name)]),
    [
      ['alpha', 'alpha', '1/1 running', ['a1']],
      ['beta', 'beta', '1/2 running', ['b1', 'b2']],
      [undefined, 'Standalone containers', '2/2 running', ['y', 'z']],
    ],
  );
  assert.deepEqual(groups[1]?.icon, { id: 'layers', color: 'charts.yellow' });
  assert.deepEqual(groups[0]?.icon, { id: 'layers' });
});
