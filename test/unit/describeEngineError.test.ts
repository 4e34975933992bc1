import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeEngineError } from '../../src/core/engine/describeEngineError';

const where = { address: 'unix:///var/run/docker.sock', source: 'default-socket' as const };

function errno(code: string): Error {
  return Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code });
}

test('a missing socket says where Berth looked and how to fix it', () => {
  const p = describeEngineError(errno('ENOENT'), where);
  assert.equal(p.summary, 'No Docker Engine socket at unix:///var/run/docker.sock (from the default socket).');
  assert.match(p.advice, /Start Docker/);
  assert.match(p.advice, /DOCKER_HOST/);
});

test('permission problems point at the docker group', () => {
  assert.match(describeEngineError(errno('EACCES'), where).advice, /"docker" group/);
});

test('the source of the address is named', () => {
  assert.match(describeEngineError(errno('ECONNREFUSED'), { address: 'tcp://h:2375', source: 'DOCKER_HOST' }).summary, /tcp:\/\/h:2375 \(from DOCKER_HOST\) refused/);
  assert.match(describeEngineError(errno('ENOENT'), { address: 'unix:///x', source: 'setting' }).summary, /berth\.docker\.host setting/);
});

test('HTTP errors from the engine keep their status and message', () => {
  const error = Object.assign(new Error('(HTTP code 500) server error - boom'), { statusCode: 500 });
  assert.match(describeEngineError(error, where).summary, /answered 500: \(HTTP code 500\) server error - boom/);
});

test('anything else keeps its message', () => {
  assert.match(describeEngineError('weird', where).summary, /failed: weird$/);
});

test('every connection source is named, and sourceDetail wins when given', () => {
  const refused = errno('ECONNREFUSED');
  assert.match(describeEngineError(refused, { address: 'tcp://gpu:2376', source: 'config-context' }).summary, /\(from the current docker context\) refused/);
  assert.match(describeEngineError(refused, { address: 'tcp://gpu:2376', source: 'DOCKER_CONTEXT' }).summary, /\(from the context in DOCKER_CONTEXT\)/);
  assert.match(describeEngineError(refused, { address: 'tcp://gpu:2376', source: 'setting-context' }).summary, /\(from the context in the berth\.docker\.context setting\)/);
  assert.match(describeEngineError(refused, { address: 'unix:///x', source: 'default-socket' }).summary, /\(from the default socket\)/);
  const detailed = describeEngineError(refused, {
    address: 'tcp://gpu:2376',
    source: 'config-context',
    sourceDetail: 'context "gpu-box" (currentContext in /h/.docker/config.json)',
  });
  assert.equal(detailed.summary, 'The Docker Engine at tcp://gpu:2376 (from context "gpu-box" (currentContext in /h/.docker/config.json)) refused the connection.');
  assert.match(detailed.advice, /docker context use default/);
});

test('the advice points at the source to change', () => {
  const missing = errno('ENOENT');
  assert.match(describeEngineError(missing, { address: 'unix:///x', source: 'setting' }).advice, /berth\.docker\.host setting/);
  assert.match(describeEngineError(missing, { address: 'unix:///x', source: 'setting-context' }).advice, /berth\.docker\.context/);
  assert.match(describeEngineError(missing, { address: 'unix:///x', source: 'DOCKER_CONTEXT' }).advice, /DOCKER_CONTEXT/);
  assert.match(describeEngineError(missing, { address: 'unix:///x', source: 'default-socket' }).advice, /Start Docker/);
});
