import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeEngineError } from '../../src/core/engine/describeEngineError';

const where = { address: 'unix:///var/run/docker.sock', source: 'default' as const };

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
