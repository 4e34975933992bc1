import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EngineAddressError, resolveEngineAddress, toDockerOptions } from '../../src/core/engine/engineAddress';

describe('resolveEngineAddress', () => {
  test('the berth.docker.host setting wins over DOCKER_HOST', () => {
    assert.deepEqual(resolveEngineAddress({ setting: ' tcp://10.0.0.2:2375 ', env: { DOCKER_HOST: 'unix:///x.sock' }, platform: 'linux' }), {
      address: 'tcp://10.0.0.2:2375',
      source: 'setting',
    });
  });
  test('DOCKER_HOST is used when the setting is empty', () => {
    assert.deepEqual(resolveEngineAddress({ setting: '', env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, platform: 'linux' }), {
      address: 'unix:///run/user/1000/docker.sock',
      source: 'DOCKER_HOST',
    });
  });
  test('falls back to the platform default socket', () => {
    assert.deepEqual(resolveEngineAddress({ env: {}, platform: 'linux' }), { address: 'unix:///var/run/docker.sock', source: 'default' });
    assert.deepEqual(resolveEngineAddress({ env: { DOCKER_HOST: '  ' }, platform: 'win32' }), { address: 'npipe:////./pipe/docker_engine', source: 'default' });
  });
});

describe('toDockerOptions', () => {
  test('unix sockets', () => {
    assert.deepEqual(toDockerOptions('unix:///var/run/docker.sock'), { socketPath: '/var/run/docker.sock' });
    assert.deepEqual(toDockerOptions('unix:///tmp/with%20space/docker.sock'), { socketPath: '/tmp/with space/docker.sock' });
  });
  test('Windows named pipes', () => {
    assert.deepEqual(toDockerOptions('npipe:////./pipe/docker_engine'), { socketPath: '\\\\.\\pipe\\docker_engine' });
  });
  test('tcp without TLS defaults to 2375, https to 2376', () => {
    assert.deepEqual(toDockerOptions('tcp://build-box'), { protocol: 'http', host: 'build-box', port: 2375 });
    assert.deepEqual(toDockerOptions('tcp://10.1.2.3:2400'), { protocol: 'http', host: '10.1.2.3', port: 2400 });
    assert.deepEqual(toDockerOptions('https://gpu-1.lab'), { protocol: 'https', host: 'gpu-1.lab', port: 2376 });
  });
  test('ssh with user and port', () => {
    assert.deepEqual(toDockerOptions('ssh://ml@gpu-1.lab:2222'), { protocol: 'ssh', host: 'gpu-1.lab', port: 2222, username: 'ml' });
    assert.deepEqual(toDockerOptions('ssh://gpu-1.lab'), { protocol: 'ssh', host: 'gpu-1.lab', port: 22 });
  });
  test('ssh uses the agent from SSH_AUTH_SOCK when there is one', () => {
    assert.deepEqual(toDockerOptions('ssh://ml@gpu-1.lab', { SSH_AUTH_SOCK: '/tmp/agent.sock' }), {
      protocol: 'ssh',
      host: 'gpu-1.lab',
      port: 22,
      username: 'ml',
      sshOptions: { agent: '/tmp/agent.sock' },
    });
  });
  test('unusable addresses name themselves and say why', () => {
    assert.throws(() => toDockerOptions('/var/run/docker.sock'), (e: unknown) => e instanceof EngineAddressError && /not a URL/.test(e.message) && e.address === '/var/run/docker.sock');
    assert.throws(() => toDockerOptions('ftp://host'), /scheme "ftp:" is not one of/);
    assert.throws(() => toDockerOptions('unix://'), /names no socket path/);
  });
});
