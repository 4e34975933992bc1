import { describe, test, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConnectionError, resolveConnection, type ResolveConnectionInput } from '../../../src/core/engine/resolveConnection';
import { CA, DockerSandbox } from './dockerSandbox';

let sb: DockerSandbox;
beforeEach(() => {
  sb = new DockerSandbox();
});
afterEach(async () => {
  await sb.dispose();
});

const CONFIG_CONTEXT_FIX = 'Run "docker context use default" or pick another context with "Berth: Switch Docker Context".';

/** Resolves, expecting a ConnectionError (never a raw error or a hang), and returns it. */
async function failure(input: ResolveConnectionInput): Promise<ConnectionError> {
  try {
    const r = await resolveConnection(input);
    assert.fail(`expected a ConnectionError, got ${r.address}`);
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    return error;
  }
}

function startsWith(actual: string, prefix: string): void {
  assert.ok(actual.startsWith(prefix), `expected\n  ${actual}\nto start with\n  ${prefix}`);
}

describe('config.json', () => {
  test('invalid JSON names the file and the parser error', async () => {
    sb.writeConfig('{"currentContext": "gpu-box",');
    const e = await failure(sb.input());
    assert.equal(e.source, 'config');
    startsWith(e.message, `The docker CLI configuration cannot be used: ${sb.configFile} is not valid JSON (`);
    assert.match(e.fix, /^Repair that file/);
    assert.equal(e.file, sb.configFile);
  });

  test('a currentContext that is not a string, or JSON that is not an object', async () => {
    sb.writeConfig({ currentContext: 42 });
    assert.equal((await failure(sb.input())).message, `The docker CLI configuration cannot be used: ${sb.configFile} has a currentContext that is not a string.`);
    sb.writeConfig('null');
    assert.equal((await failure(sb.input())).message, `The docker CLI configuration cannot be used: ${sb.configFile} does not hold a JSON object.`);
  });

  test('is not read when DOCKER_HOST or a setting decides', async () => {
    sb.writeConfig('not json');
    assert.equal((await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://h:2375' }))).source, 'DOCKER_HOST');
    assert.equal((await resolveConnection(sb.input({}, { host: 'tcp://h:2375' }))).source, 'setting');
  });
});

describe('contexts', () => {
  test('a corrupt meta.json, named by currentContext', async () => {
    sb.writeConfig({ currentContext: 'gpu-box' });
    sb.writeContext('gpu-box', '{"Name": "gpu-box", "Endpoints": ');
    const e = await failure(sb.input());
    assert.equal(e.source, 'config-context');
    startsWith(e.message, `Docker context "gpu-box" (currentContext in ${sb.configFile}) cannot be used: ${sb.metaFile('gpu-box')} is not valid JSON (`);
    assert.equal(e.fix, CONFIG_CONTEXT_FIX);
    assert.equal(e.file, sb.metaFile('gpu-box'));
  });

  test('a context name with no meta folder', async () => {
    const e = await failure(sb.input({ DOCKER_CONTEXT: 'nowhere' }));
    assert.equal(e.source, 'DOCKER_CONTEXT');
    assert.equal(e.message, `Docker context "nowhere" (the DOCKER_CONTEXT environment variable) cannot be used: it does not exist (no ${sb.metaFile('nowhere')}).`);
    assert.match(e.fix, /Unset DOCKER_CONTEXT/);
    assert.match(e.fix, /Berth: Switch Docker Context/);
  });

  test('a context without a docker endpoint', async () => {
    sb.writeContext('k8s-only', JSON.stringify({ Name: 'k8s-only', Metadata: {}, Endpoints: { kubernetes: { Host: 'https://k8s' } } }));
    const e = await failure(sb.input({}, { context: 'k8s-only' }));
    assert.equal(e.source, 'setting-context');
    assert.equal(e.message, `Docker context "k8s-only" (the berth.docker.context setting) cannot be used: ${sb.metaFile('k8s-only')} has no docker endpoint (Endpoints.docker).`);
    assert.match(e.fix, /berth\.docker\.context/);
  });

  test('a context whose host has an unknown scheme', async () => {
    sb.writeContext('odd', { host: 'fd://3' });
    const e = await failure(sb.input({ DOCKER_CONTEXT: 'odd' }));
    assert.equal(e.message, 'Docker context "odd" (the DOCKER_CONTEXT environment variable) cannot be used: the scheme "fd:" is not one of unix, npipe, tcp, http, https, ssh.');
  });

  test('an unreadable meta.json (a symlink loop)', async () => {
    fs.mkdirSync(sb.metaDir('loop'), { recursive: true });
    fs.symlinkSync(sb.metaFile('loop'), sb.metaFile('loop'));
    const e = await failure(sb.input({ DOCKER_CONTEXT: 'loop' }));
    assert.equal(e.message, `Docker context "loop" (the DOCKER_CONTEXT environment variable) cannot be used: ${sb.metaFile('loop')} cannot be read (ELOOP: too many symbolic links encountered).`);
  });

  test('an unreadable meta.json (no permission)', { skip: process.getuid?.() === 0 ? 'root reads everything' : false }, async () => {
    sb.writeContext('locked', { host: 'tcp://x:2375' });
    fs.chmodSync(sb.metaFile('locked'), 0o000);
    const e = await failure(sb.input({ DOCKER_CONTEXT: 'locked' }));
    assert.match(e.message, /meta\.json cannot be read \(EACCES: permission denied\)\.$/);
  });

  test('a FIFO instead of meta.json is refused at once instead of waiting for a writer', { skip: spawnSync('mkfifo', ['--help']).error ? 'no mkfifo' : false }, async () => {
    fs.mkdirSync(sb.metaDir('fifo'), { recursive: true });
    spawnSync('mkfifo', [sb.metaFile('fifo')]);
    const e = await failure(sb.input({ DOCKER_CONTEXT: 'fifo' }));
    assert.equal(e.message, `Docker context "fifo" (the DOCKER_CONTEXT environment variable) cannot be used: ${sb.metaFile('fifo')} is not a regular file.`);
  });

  test('a context TLS file that exists but cannot be read', async () => {
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2376' }, { 'ca.pem': CA });
    fs.mkdirSync(path.join(sb.tlsDir('gpu-box'), 'key.pem'));
    const e = await failure(sb.input({}, { context: 'gpu-box' }));
    assert.equal(e.source, 'setting-context');
    assert.equal(e.message, `Docker context "gpu-box" (the berth.docker.context setting) cannot be used: ${path.join(sb.tlsDir('gpu-box'), 'key.pem')} is not a regular file.`);
    assert.equal(e.file, path.join(sb.tlsDir('gpu-box'), 'key.pem'));
  });
});

describe('DOCKER_HOST and settings', () => {
  test('TLS asked for, but ca.pem missing where DOCKER_CERT_PATH points', async () => {
    const empty = sb.mkdir('no-certs');
    const e = await failure(sb.input({ DOCKER_HOST: 'tcp://gpu-box:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: empty }));
    assert.equal(e.source, 'DOCKER_HOST');
    assert.equal(e.message, `DOCKER_HOST "tcp://gpu-box:2376" cannot be used: DOCKER_TLS_VERIFY asks for TLS, but ${path.join(empty, 'ca.pem')} does not exist.`);
    assert.match(e.fix, new RegExp(`in ${empty}, point DOCKER_CERT_PATH at the folder that holds them, or unset DOCKER_TLS_VERIFY\\.$`));
    assert.equal(e.file, path.join(empty, 'ca.pem'));
  });

  test('TLS asked for with DOCKER_TLS and a DOCKER_CERT_PATH that does not exist', async () => {
    const gone = path.join(sb.dir, 'gone');
    const e = await failure(sb.input({ DOCKER_HOST: 'tcp://gpu-box:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: gone }));
    assert.match(e.message, /DOCKER_TLS asks for TLS, but .*gone\/ca\.pem does not exist\.$/);
  });

  test('an unusable DOCKER_HOST', async () => {
    const e = await failure(sb.input({ DOCKER_HOST: 'tcp://a://b' }));
    assert.equal(e.source, 'DOCKER_HOST');
    assert.equal(e.message, 'DOCKER_HOST "tcp://a://b" cannot be used: it has two schemes.');
    assert.match(e.fix, /DOCKER_HOST/);
  });

  test('an unusable berth.docker.host setting', async () => {
    const e = await failure(sb.input({}, { host: 'ftp://files' }));
    assert.equal(e.source, 'setting');
    assert.equal(e.message, 'The berth.docker.host setting "ftp://files" cannot be used: the scheme "ftp:" is not one of unix, npipe, tcp, http, https, ssh.');
    assert.match(e.fix, /^Fix the berth\.docker\.host setting/);
  });
});
