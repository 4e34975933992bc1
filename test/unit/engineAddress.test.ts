import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EngineAddressError, normalizeDockerHost, toDockerOptions } from '../../src/core/engine/engineAddress';

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

describe('normalizeDockerHost (the docker CLI ParseHost)', () => {
  test('no scheme: tcp, or unix for a path', () => {
    assert.equal(normalizeDockerHost('build-box:2400', 'linux'), 'tcp://build-box:2400');
    assert.equal(normalizeDockerHost('/run/user/1000/docker.sock', 'linux'), 'unix:///run/user/1000/docker.sock');
  });
  test('tcp without a port gets 2375, like the CLI, TLS or not', () => {
    assert.equal(normalizeDockerHost('tcp://gpu-1.lab', 'linux'), 'tcp://gpu-1.lab:2375');
    assert.equal(normalizeDockerHost('tcp://', 'linux'), 'tcp://localhost:2375');
    assert.equal(normalizeDockerHost(' tcp://10.0.0.2:2376 ', 'linux'), 'tcp://10.0.0.2:2376');
  });
  test('empty unix:// and npipe:// mean the default socket and pipe; empty means the platform default', () => {
    assert.equal(normalizeDockerHost('unix://', 'linux'), 'unix:///var/run/docker.sock');
    assert.equal(normalizeDockerHost('npipe://', 'win32'), 'npipe:////./pipe/docker_engine');
    assert.equal(normalizeDockerHost('', 'win32'), 'npipe:////./pipe/docker_engine');
  });
  test('ssh and unknown schemes pass through; two schemes do not', () => {
    assert.equal(normalizeDockerHost('ssh://ml@gpu-1.lab:2222', 'linux'), 'ssh://ml@gpu-1.lab:2222');
    assert.equal(normalizeDockerHost('ftp://x', 'linux'), 'ftp://x');
    assert.throws(() => normalizeDockerHost('tcp://a://b', 'linux'), (e: unknown) => e instanceof EngineAddressError && e.reason === 'it has two schemes');
  });
});

describe('toDockerOptions with TLS and ssh keys', () => {
  test('TLS material turns tcp into https with the PEM contents', () => {
    assert.deepEqual(toDockerOptions('tcp://gpu-1.lab:2376', {}, { tls: { ca: 'CA', cert: 'CERT', key: 'KEY', verify: true } }), {
      protocol: 'https',
      host: 'gpu-1.lab',
      port: 2376,
      ca: 'CA',
      cert: 'CERT',
      key: 'KEY',
    });
  });
  test('TLS without verification uses an agent that accepts any certificate', () => {
    const options = toDockerOptions('tcp://gpu-1.lab', {}, { tls: { verify: false } });
    assert.equal(options.protocol, 'https');
    assert.equal(options.port, 2376);
    assert.equal(options.agent?.options.rejectUnauthorized, false);
  });
  test('ssh: the private key when there is no agent, the local user when the URL names none', () => {
    assert.deepEqual(toDockerOptions('ssh://gpu-1.lab', { USER: 'ada' }, { sshPrivateKey: 'PEM' }), {
      protocol: 'ssh',
      host: 'gpu-1.lab',
      port: 22,
      username: 'ada',
      sshOptions: { privateKey: 'PEM' },
    });
    assert.deepEqual(toDockerOptions('ssh://ml@gpu-1.lab', { SSH_AUTH_SOCK: '/a' }, { sshPrivateKey: 'PEM' }).sshOptions, { agent: '/a' });
  });
});
