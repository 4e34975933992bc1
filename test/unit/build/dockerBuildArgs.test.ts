// The argv the CLI task runs, and a fake `docker` on PATH that records the argv it gets: no value becomes a flag or
// a shell word, and a hostile tag never reaches it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BuildInputError } from '../../../src/core/build/buildOptions';
import { detectDockerCli } from '../../../src/core/build/detectDockerCli';
import { dockerBuildArgs } from '../../../src/core/build/dockerBuildArgs';

const run = promisify(execFile);

test('classic builder argv: each value glued to its flag, the context last after --', () => {
  const args = dockerBuildArgs(
    {
      context: '/work/my project',
      dockerfile: 'docker/Dockerfile.gpu',
      tags: ['127.0.0.1:5000/team/app:1.0', 'app:latest'],
      buildArgs: { TORCH: '2.4.1', NOTE: 'two words; $(x) `y`' },
      target: 'runtime',
      platform: 'linux/amd64',
      network: 'none',
    },
    { buildx: false },
  );
  assert.deepEqual(args, [
    'build',
    '--file=/work/my project/docker/Dockerfile.gpu',
    '--tag=127.0.0.1:5000/team/app:1.0',
    '--tag=app:latest',
    '--build-arg=TORCH=2.4.1',
    '--build-arg=NOTE=two words; $(x) `y`',
    '--target=runtime',
    '--platform=linux/amd64',
    '--network=none',
    '--',
    '/work/my project',
  ]);
});

test('with buildx: BuildKit, loaded into the engine, plain progress for the failure parser', () => {
  const args = dockerBuildArgs({ context: '/ctx', dockerfile: '/elsewhere/Dockerfile', noCache: true, pull: true }, { buildx: true });
  assert.deepEqual(args, ['buildx', 'build', '--load', '--progress=plain', '--file=/elsewhere/Dockerfile', '--no-cache', '--pull', '--', '/ctx']);
});

test('hostile or malformed options are refused before anything runs, all problems at once', () => {
  const hostile = ['x; touch /tmp/pwned', '$(touch /tmp/pwned)', 'a b', "it's", 'tag\nrm -rf /', 'ünïcode'];
  for (const tag of hostile) {
    assert.throws(() => dockerBuildArgs({ context: '/ctx', tags: [tag] }, { buildx: false }), BuildInputError, tag);
  }
  assert.throws(
    () => dockerBuildArgs({ context: '/ctx', tags: ['ok', 'Bad'], target: '-x', platform: 'linux amd64', buildArgs: { 'A B': '1' }, dockerfile: '-' }, { buildx: true }),
    (error: unknown) => error instanceof BuildInputError && error.problems.length === 5,
  );
});

test('a fake docker receives exactly the argv: no shell, no split, no injection', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-fakecli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const record = join(dir, 'argv.json');
  const pwned = join(dir, 'pwned');
  const fake = join(dir, 'docker');
  writeFileSync(fake, `#!/usr/bin/env node\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`);
  chmodSync(fake, 0o755);
  const args = dockerBuildArgs({ context: dir, buildArgs: { X: `$(touch ${pwned}); touch ${pwned}` }, tags: ['app:1'] }, { buildx: false });
  await run(fake, args);
  assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')), args);
  assert.equal(existsSync(pwned), false);
});

test('detectDockerCli finds docker on PATH and asks it about buildx and compose, with a timeout', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-detect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const script = (body: string) => {
    writeFileSync(join(dir, 'docker'), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, 'docker'), 0o755);
  };
  const env = { PATH: `${dir}:/usr/bin:/bin` };
  // A standalone docker-compose that does not work is not offered (this folder comes first on PATH, before any real one).
  const standalone = (body: string) => {
    writeFileSync(join(dir, 'docker-compose'), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, 'docker-compose'), 0o755);
  };
  standalone('exit 1');
  script('case "$1" in --version) echo "Docker version 27.3.1, build ce12230";; buildx) echo "github.com/docker/buildx v0.17.1";; compose) exit 1;; esac');
  assert.deepEqual(await detectDockerCli(env), { docker: join(dir, 'docker'), version: '27.3.1', buildx: true, compose: false, buildEnv: {} });
  // Without the V2 plugin, a working standalone docker-compose (Compose V1) is what Compose commands fall back to.
  standalone('[ "$1" = version ] && echo 1.29.2');
  assert.equal((await detectDockerCli(env)).composeStandalone, join(dir, 'docker-compose'));

  script('case "$1" in --version) echo "Docker version 28.2.2, build e6534b4";; *) echo "docker: unknown command: docker $1" >&2; exit 1;; esac');
  const noBuildx = await detectDockerCli(env);
  assert.equal(noBuildx.buildx, false);
  assert.deepEqual(noBuildx.buildEnv, { DOCKER_BUILDKIT: '0' });

  script('sleep 5');
  const started = performance.now();
  const hung = await detectDockerCli(env, { timeoutMs: 300 });
  assert.ok(performance.now() - started < 3000, 'a hanging CLI does not hang the detection');
  assert.equal(hung.version, undefined);
  assert.equal(hung.buildx, false);

  assert.equal((await detectDockerCli({ PATH: join(dir, 'nothing-here') })).docker, undefined);
});
