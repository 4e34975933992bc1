// pushImage against a stand-in engine that replays the engine's push messages, for what a local registry cannot be
// made to say (403) and for an engine that stops mid-push; the real registry is in test/engine/registry.test.ts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { PushError, pushImage, type PushProgress } from '../../../src/core/build/pushImage';

function engine(lines: readonly object[], options: { end?: boolean; fail?: Error } = {}): { docker: Docker; calls: { name: string; opts: Record<string, unknown> }[] } {
  const calls: { name: string; opts: Record<string, unknown> }[] = [];
  const docker = {
    getImage: (name: string) => ({
      push: (opts: Record<string, unknown>) => {
        calls.push({ name, opts });
        const stream = new PassThrough();
        setImmediate(() => {
          for (const line of lines) stream.write(`${JSON.stringify(line)}\r\n`);
          if (options.fail) stream.destroy(options.fail);
          else if (options.end !== false) stream.end();
        });
        return Promise.resolve(stream);
      },
    }),
  } as unknown as Docker;
  return { docker, calls };
}

const auth = { serveraddress: 'registry.example.com', username: 'alice', password: 'Tr0ub4dor&3' };

test('the name goes without its tag, the tag as a parameter, the credentials as authconfig; progress per layer', async () => {
  const { docker, calls } = engine([
    { status: 'The push refers to repository [registry.example.com/team/app]' },
    { status: 'Preparing', progressDetail: {}, id: 'a1b2c3' },
    { status: 'Pushing', progressDetail: { current: 512, total: 2048 }, progress: '[=>  ]', id: 'a1b2c3' },
    { status: 'Pushed', progressDetail: {}, id: 'a1b2c3' },
    { status: '1.0: digest: sha256:abc size: 527', progressDetail: {} },
    { progressDetail: {}, aux: { Tag: '1.0', Digest: 'sha256:abc', Size: 527 } },
  ]);
  const progress: PushProgress[] = [];
  const result = await pushImage(docker, 'registry.example.com/team/app:1.0', auth, { onProgress: (p) => progress.push(p) });
  assert.deepEqual(result, { digest: 'sha256:abc', tag: '1.0' });
  assert.equal(calls[0]?.name, 'registry.example.com/team/app');
  assert.equal(calls[0].opts.tag, '1.0');
  assert.deepEqual(calls[0].opts.authconfig, auth);
  assert.deepEqual(progress[2], { layer: 'a1b2c3', status: 'Pushing', currentBytes: 512, totalBytes: 2048 });
  assert.equal(progress.filter((p) => p.layer === undefined).length, 2);
});

test('a registry port is not taken for a tag, and no tag means latest', async () => {
  const { docker, calls } = engine([{ aux: { Digest: 'sha256:d' } }]);
  assert.equal((await pushImage(docker, 'localhost:5000/app', undefined)).tag, 'latest');
  assert.equal(calls[0]?.name, 'localhost:5000/app');
  assert.equal(calls[0].opts.authconfig, undefined);
});

test('403 means these credentials may not push there; the message never holds the password', async () => {
  const { docker } = engine([
    { status: 'Preparing', id: 'l1' },
    { errorDetail: { message: `denied: requested access to the resource is denied (user alice:${auth.password})` }, error: 'denied' },
  ]);
  const error = await pushImage(docker, 'registry.example.com/other/app:1', auth).catch((e: unknown) => e);
  assert.ok(error instanceof PushError);
  assert.equal(error.kind, 'denied');
  assert.match(error.message, /denied the push \(403\)/u);
  assert.ok(!`${error.message}${error.detail}`.includes(auth.password));
});

test('plain HTTP registries and Docker Hub logins get their own advice', async () => {
  const insecure = engine([{ errorDetail: { message: 'Get "https://10.0.0.5:5000/v2/": http: server gave HTTP response to HTTPS client' } }]);
  const e1 = await pushImage(insecure.docker, '10.0.0.5:5000/app:1', undefined).catch((e: unknown) => e);
  assert.ok(e1 instanceof PushError && e1.kind === 'insecure' && /insecure-registries/u.test(e1.message));
  const hub = engine([{ errorDetail: { message: 'unauthorized: incorrect username or password' } }]);
  const e2 = await pushImage(hub.docker, 'team/app:1', undefined).catch((e: unknown) => e);
  assert.ok(e2 instanceof PushError && e2.kind === 'unauthorized');
  assert.match(e2.message, /Sign in with "docker login" and push again/u);
});

test('an engine that stops mid-push, or a cancel, ends the push with a clear error instead of a hang', async () => {
  const cut = engine([{ status: 'Pushing', id: 'l1', progressDetail: { current: 1, total: 9 } }]);
  const e1 = await pushImage(cut.docker, 'r.io/app:1', undefined).catch((e: unknown) => e);
  assert.ok(e1 instanceof PushError && e1.kind === 'engine', String(e1));
  const reset = engine([], { fail: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
  const e2 = await pushImage(reset.docker, 'r.io/app:1', undefined).catch((e: unknown) => e);
  assert.ok(e2 instanceof PushError && e2.kind === 'engine' && /socket hang up/u.test(e2.message));
  const forever = engine([{ status: 'Pushing', id: 'l1' }], { end: false });
  const controller = new AbortController();
  const pushing = pushImage(forever.docker, 'r.io/app:1', undefined, { signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(pushing, (e: unknown) => e instanceof PushError && e.kind === 'cancelled');
});
