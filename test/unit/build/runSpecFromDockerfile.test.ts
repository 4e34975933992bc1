import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSpecFromDockerfile } from '../../../src/core/build/runSpecFromDockerfile';

test('a CUDA final stage runs with every GPU and shared memory; EXPOSEd ports publish on loopback only', () => {
  const spec = runSpecFromDockerfile('FROM python:3.12 AS build\nEXPOSE 9999\nFROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nEXPOSE 8000 9000/udp\n', { image: 'm:1', bridge: true });
  assert.equal(spec.gpu, true);
  assert.deepEqual(spec.ports, ['8000/tcp', '9000/udp']);
  assert.deepEqual(spec.create.HostConfig?.PortBindings, { '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '8000' }], '9000/udp': [{ HostIp: '127.0.0.1', HostPort: '9000' }] });
  const requests = spec.create.HostConfig.DeviceRequests ?? [];
  assert.equal(requests[0]?.Count, -1);
});

test('a CPU base gets no GPU request, and without a bridge network the container runs on network none', () => {
  const spec = runSpecFromDockerfile('FROM python:3.12-slim\nEXPOSE 5000\nCMD ["python","app.py"]\n', { image: 'm:1', bridge: false });
  assert.equal(spec.gpu, false);
  assert.equal(spec.create.HostConfig?.DeviceRequests, undefined);
  assert.equal(spec.create.HostConfig?.NetworkMode, 'none');
  assert.match(spec.notes.join(' '), /not published/);
});

test('an EXPOSE with a variable or garbage is skipped rather than passed to the engine', () => {
  const spec = runSpecFromDockerfile('FROM scratch\nEXPOSE $PORT 80 abc\n', { image: 'm:1', bridge: true });
  assert.deepEqual(spec.ports, ['80/tcp']);
});
