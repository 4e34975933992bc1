import { describe, test, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { listDockerContexts } from '../../../src/core/engine/listDockerContexts';
import { ConnectionError } from '../../../src/core/engine/resolveConnection';
import { contextHash, DockerSandbox } from './dockerSandbox';

let sb: DockerSandbox;
beforeEach(() => {
  sb = new DockerSandbox();
});
afterEach(async () => {
  await sb.dispose();
});

const DEFAULT_DESCRIPTION = 'Current DOCKER_HOST based configuration';

describe('listDockerContexts', () => {
  test('no context store: only the implicit default, on the socket Berth would find', async () => {
    const socket = await sb.socket(path.join(sb.xdg, 'docker.sock'));
    assert.deepEqual(await listDockerContexts(sb.input()), [
      { name: 'default', description: DEFAULT_DESCRIPTION, host: `unix://${socket}`, current: true, problem: undefined },
    ]);
  });

  test('stored contexts sorted by name after default, currentContext marked', async () => {
    sb.writeContext('laptop', { host: 'unix:///run/laptop.sock' });
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2376', description: 'A100 box' });
    sb.writeConfig({ currentContext: 'gpu-box' });
    assert.deepEqual(await listDockerContexts(sb.input({ DOCKER_HOST: undefined })), [
      { name: 'default', description: DEFAULT_DESCRIPTION, host: `unix://${path.join(sb.rootDir, 'var/run/docker.sock')}`, current: false, problem: undefined },
      { name: 'gpu-box', description: 'A100 box', host: 'tcp://gpu-box:2376', current: true, problem: undefined },
      { name: 'laptop', description: '', host: 'unix:///run/laptop.sock', current: false, problem: undefined },
    ]);
  });

  test('the current one follows the same order as resolveConnection', async () => {
    sb.writeContext('laptop', { host: 'unix:///run/laptop.sock' });
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2376' });
    sb.writeConfig({ currentContext: 'gpu-box' });
    const current = async (input: Parameters<typeof listDockerContexts>[0]): Promise<string[]> =>
      (await listDockerContexts(input)).filter((c) => c.current).map((c) => c.name);
    assert.deepEqual(await current(sb.input({ DOCKER_CONTEXT: 'laptop' })), ['laptop']);
    assert.deepEqual(await current(sb.input({ DOCKER_CONTEXT: 'laptop' }, { context: 'gpu-box' })), ['gpu-box']);
    assert.deepEqual(await current(sb.input({ DOCKER_CONTEXT: 'laptop', DOCKER_HOST: 'tcp://h' })), ['default']);
    assert.deepEqual(await current(sb.input({}, { host: 'tcp://h:2375' })), [], 'berth.docker.host bypasses contexts');
    const withHost = await listDockerContexts(sb.input({ DOCKER_HOST: 'h:2400' }));
    assert.equal(withHost[0]?.host, 'tcp://h:2400');
  });

  test('unusable contexts are listed with their problem', async () => {
    sb.writeContext('broken', '{ nope');
    sb.writeContext('k8s-only', JSON.stringify({ Name: 'k8s-only', Endpoints: {} }));
    sb.writeConfig({ currentContext: 'vanished' });
    const list = await listDockerContexts(sb.input());
    const byName = new Map(list.map((c) => [c.name, c]));
    assert.match(byName.get(contextHash('broken'))?.problem ?? '', /meta\.json is not valid JSON \(/);
    assert.equal(byName.get('k8s-only')?.problem, `${sb.metaFile('k8s-only')} has no docker endpoint (Endpoints.docker)`);
    assert.deepEqual(byName.get('vanished'), {
      name: 'vanished',
      description: '',
      host: '',
      current: true,
      problem: `it does not exist (no ${sb.metaFile('vanished')}); it is named by currentContext in ${sb.configFile}`,
    });
    assert.equal(list.filter((c) => c.current).length, 1);
  });

  test('a corrupt config.json is a ConnectionError, as for resolveConnection', async () => {
    sb.writeConfig('{');
    await assert.rejects(listDockerContexts(sb.input()), (e: unknown) => e instanceof ConnectionError && e.source === 'config' && e.message.includes(sb.configFile));
  });
});
