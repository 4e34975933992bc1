import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliEnvironment } from '../../../src/core/engine/cliEnvironment';
import type { ResolvedConnection } from '../../../src/core/engine/resolveConnection';

function connection(over: Partial<ResolvedConnection>): ResolvedConnection {
  return { address: 'unix:///var/run/docker.sock', source: 'default-socket', contextName: undefined, sourceDetail: '', tls: undefined, dockerOptions: {}, warnings: [], ...over };
}

test('a setting or DOCKER_HOST address reaches the CLI as DOCKER_HOST, and a context in the environment is cleared', () => {
  assert.deepEqual(cliEnvironment(connection({ source: 'setting', address: 'tcp://10.0.0.5:2375' })), {
    DOCKER_HOST: 'tcp://10.0.0.5:2375',
    DOCKER_CONTEXT: undefined,
    DOCKER_TLS: undefined,
    DOCKER_TLS_VERIFY: undefined,
    DOCKER_CERT_PATH: undefined,
  });
});

test('TLS material is passed by its folder, as the CLI reads ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH', () => {
  const env = cliEnvironment(connection({ source: 'DOCKER_HOST', address: 'tcp://gpu:2376', tls: { ca: 'x', cert: 'y', key: 'z', verify: true, from: '/certs/gpu' } }));
  assert.equal(env.DOCKER_TLS_VERIFY, '1');
  assert.equal(env.DOCKER_TLS, undefined);
  assert.equal(env.DOCKER_CERT_PATH, '/certs/gpu');
});

test('TLS without verification becomes DOCKER_TLS, as the CLI spells "encrypt but trust any certificate"', () => {
  const env = cliEnvironment(connection({ source: 'DOCKER_HOST', address: 'tcp://gpu:2376', tls: { verify: false, from: '/certs/gpu' } }));
  assert.equal(env.DOCKER_TLS, '1');
  assert.equal(env.DOCKER_TLS_VERIFY, undefined);
});

test('a named context is passed by name so the CLI reads its endpoint and TLS itself; "default" falls back to the address', () => {
  assert.equal(cliEnvironment(connection({ source: 'config-context', contextName: 'gpu-box', address: 'ssh://me@gpu' })).DOCKER_CONTEXT, 'gpu-box');
  assert.equal(cliEnvironment(connection({ source: 'config-context', contextName: 'gpu-box' })).DOCKER_HOST, undefined);
  assert.equal(cliEnvironment(connection({ source: 'config-context', contextName: 'default' })).DOCKER_HOST, 'unix:///var/run/docker.sock');
});
