// Tag and push on the real engine at DOCKER_HOST to a real registry (Debian's docker-registry on 127.0.0.1): the
// manifest is read back through the registry API; 401, network and missing-image failures get their messages; the
// credentials, found through a real credential helper program, never appear in anything Berth reports.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { PushError, pushImage, type PushProgress } from '../../src/core/build/pushImage';
import { redactSecrets } from '../../src/core/build/redactSecrets';
import { resolveRegistryAuth } from '../../src/core/build/resolveRegistryAuth';
import { buildBusyboxImage } from '../support/busyboxImage';
import { LocalRegistry } from '../support/localRegistry';

const skip = process.env.DOCKER_HOST ? LocalRegistry.skipReason() : 'DOCKER_HOST is not set: run this layer after scripts/engine.sh start';
const docker = new Docker();
const SOURCE = 'berth-test/registry:source';
const USER = { username: 'berth', password: 'S3cret-Pa55word!' };
const tags: string[] = [SOURCE];
let open: LocalRegistry | undefined;
let guarded: LocalRegistry | undefined;
let helperDir: string | undefined;

before(async () => {
  if (skip) return;
  await buildBusyboxImage(docker, SOURCE, ['RUN echo pushed > /pushed.txt']);
  [open, guarded] = await Promise.all([LocalRegistry.start(), LocalRegistry.start(USER)]);
});

after(async () => {
  await Promise.all(tags.map((t) => docker.getImage(t).remove({ force: true }).catch(() => undefined)));
  await Promise.all([open?.stop(), guarded?.stop()]);
  if (helperDir) rmSync(helperDir, { recursive: true, force: true });
});

/** Tags the test image as `<registry>/<repository>:<tag>` and returns the full name. */
async function tagFor(registry: LocalRegistry, repository: string, tag: string): Promise<string> {
  await docker.getImage(SOURCE).tag({ repo: `${registry.address}/${repository}`, tag });
  const name = `${registry.address}/${repository}:${tag}`;
  tags.push(name);
  return name;
}

test('push without credentials to an open registry: per-layer progress, and the manifest reads back with the same digest', { skip }, async () => {
  assert.ok(open);
  const name = await tagFor(open, 'berth/app', '1.0');
  const progress: PushProgress[] = [];
  const result = await pushImage(docker, name, undefined, { onProgress: (p) => progress.push(p) });
  assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/u);
  assert.equal(result.tag, '1.0');
  const layers = new Set(progress.filter((p) => p.layer).map((p) => p.layer));
  assert.ok(layers.size >= 2, `progress for each layer: ${[...layers].join(', ')}`);
  assert.ok(progress.some((p) => p.status === 'Pushed'));
  const manifest = await open.manifest('berth/app', '1.0');
  assert.equal(manifest.digest, result.digest);
  assert.equal(manifest.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  assert.equal(manifest.layers, layers.size);
  // The manifest's config is the image itself: its digest is the image ID.
  assert.equal(manifest.configDigest, (await docker.getImage(SOURCE).inspect()).Id);
});

test('a registry that needs credentials: 401 without them or with a wrong password, with a message saying what to do', { skip }, async () => {
  assert.ok(guarded);
  const name = await tagFor(guarded, 'berth/app', 'denied');
  for (const auth of [undefined, { serveraddress: guarded.address, username: USER.username, password: 'wrong-password-123' }]) {
    const seen: string[] = [];
    const error = await pushImage(docker, name, auth, { onProgress: (p) => seen.push(`${p.layer ?? ''} ${p.status}`) }).then(
      () => assert.fail('the push should be refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PushError, String(error));
    assert.equal(error.kind, 'unauthorized', error.detail);
    assert.match(error.message, new RegExp(`The registry ${guarded.address.replace(/\./gu, '\\.')} refused the push: .*\\(401\\)\\. Sign in with "docker login ${guarded.address.replace(/\./gu, '\\.')}"`, 'u'));
    assert.ok(![error.message, error.detail, ...seen].join('\n').includes('wrong-password-123'));
  }
});

test('credentials from a real credsStore helper push to the guarded registry, and never reach progress or errors', { skip }, async () => {
  assert.ok(guarded);
  helperDir = mkdtempSync(join(tmpdir(), 'berth-creds-'));
  writeFileSync(join(helperDir, 'config.json'), JSON.stringify({ credsStore: 'berthtest', auths: { [guarded.address]: {} } }));
  const helper = join(helperDir, 'docker-credential-berthtest');
  writeFileSync(helper, `#!/bin/sh\nread url\n[ "$1" = get ] && [ "$url" = "${guarded.address}" ] || exit 1\necho '${JSON.stringify({ ServerURL: guarded.address, ...{ Username: USER.username, Secret: USER.password } })}'\n`);
  chmodSync(helper, 0o755);
  const name = await tagFor(guarded, 'berth/private', '2');
  const auth = await resolveRegistryAuth(name, helperDir, { env: { ...process.env, PATH: `${helperDir}:${process.env.PATH ?? ''}` } });
  assert.deepEqual(auth, { serveraddress: guarded.address, username: USER.username, password: USER.password });

  const reported: string[] = [];
  const result = await pushImage(docker, name, auth, { onProgress: (p) => reported.push(JSON.stringify(p)) });
  assert.equal((await guarded.manifest('berth/private', '2')).digest, result.digest);
  // A failure with the same credentials (a repository that cannot exist on this engine) is reported redacted too.
  const failure = await pushImage(docker, `${guarded.address}/berth/none:missing`, auth).catch((e: unknown) => e);
  assert.ok(failure instanceof PushError);
  reported.push(failure.message, failure.detail);
  const everything = reported.join('\n');
  assert.ok(reported.length > 3);
  for (const secret of [USER.password, Buffer.from(`${USER.username}:${USER.password}`).toString('base64')]) {
    assert.ok(!everything.includes(secret), 'no credential in anything reported');
  }
  assert.equal(redactSecrets(`echo ${USER.password}`, auth), 'echo ********');
});

test('an unreachable registry and a missing image get their own messages', { skip }, async () => {
  // A port nothing listens on: the registry that was there has gone.
  const gone = await LocalRegistry.start();
  const name = await tagFor(gone, 'berth/app', 'net');
  await gone.stop();
  const network = await pushImage(docker, name, undefined).catch((e: unknown) => e);
  assert.ok(network instanceof PushError);
  assert.equal(network.kind, 'network', network.detail);
  assert.match(network.message, /The engine cannot reach the registry 127\.0\.0\.1:\d+: .*connection refused/u);

  assert.ok(open);
  const missing = await pushImage(docker, `${open.address}/berth/never-built:1`, undefined).catch((e: unknown) => e);
  assert.ok(missing instanceof PushError);
  assert.equal(missing.kind, 'missing-image', missing.detail);
  assert.match(missing.message, /There is no image 127\.0\.0\.1:\d+\/berth\/never-built:1 on this engine/u);
});
