// Credentials as the docker CLI finds them, with real helper programs (shell scripts on a temporary PATH).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDACTED, redactSecrets } from '../../../src/core/build/redactSecrets';
import { resolveRegistryAuth } from '../../../src/core/build/resolveRegistryAuth';

function configDir(config: object, helpers: Record<string, string> = {}): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-auth-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  for (const [name, body] of Object.entries(helpers)) {
    writeFileSync(join(dir, `docker-credential-${name}`), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, `docker-credential-${name}`), 0o755);
  }
  return { dir, env: { PATH: `${dir}:/usr/bin:/bin` } };
}

const basic = (user: string, pass: string) => Buffer.from(`${user}:${pass}`).toString('base64');

test('auths: the base64 user:password of the image registry, matched by host whatever the key spelling', async (t) => {
  const { dir, env } = configDir({
    auths: {
      'https://registry.example.com/v1/': { auth: basic('alice', 'p:ss') },
      '127.0.0.1:5000': { username: 'bob', password: 'hunter2' },
      'https://index.docker.io/v1/': { auth: basic('hubuser', 'hubpass') },
      'ghcr.io': { identitytoken: 'tok-123' },
    },
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(await resolveRegistryAuth('registry.example.com/team/app:1', dir, { env }), {
    serveraddress: 'registry.example.com',
    username: 'alice',
    password: 'p:ss',
  });
  assert.deepEqual(await resolveRegistryAuth('127.0.0.1:5000/app', dir, { env }), { serveraddress: '127.0.0.1:5000', username: 'bob', password: 'hunter2' });
  for (const hub of ['ubuntu', 'team/app:1', 'docker.io/team/app', 'index.docker.io/team/app']) {
    assert.deepEqual(await resolveRegistryAuth(hub, dir, { env }), { serveraddress: 'https://index.docker.io/v1/', username: 'hubuser', password: 'hubpass' }, hub);
  }
  assert.deepEqual(await resolveRegistryAuth('ghcr.io/o/a', dir, { env }), { serveraddress: 'ghcr.io', identitytoken: 'tok-123' });
  assert.equal(await resolveRegistryAuth('quay.io/o/a', dir, { env }), undefined);
});

test('credsStore runs docker-credential-<store> get with the server URL on stdin', async (t) => {
  const { dir, env } = configDir(
    { credsStore: 'berthtest', auths: { 'quay.io': {} } },
    {
      berthtest: `read url; echo "$url" >> "$(dirname "$0")/asked"; case "$url" in
        quay.io) echo '{"ServerURL":"quay.io","Username":"carol","Secret":"s3cr3t-from-store"}';;
        https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"<token>","Secret":"refresh-token"}';;
        *) echo "credentials not found in native keychain"; exit 1;;
      esac`,
    },
  );
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const warnings: string[] = [];
  const onWarning = (w: string) => warnings.push(w);
  assert.deepEqual(await resolveRegistryAuth('quay.io/o/a:1', dir, { env, onWarning }), { serveraddress: 'quay.io', username: 'carol', password: 's3cr3t-from-store' });
  assert.deepEqual(await resolveRegistryAuth('ubuntu', dir, { env, onWarning }), { serveraddress: 'https://index.docker.io/v1/', identitytoken: 'refresh-token' });
  assert.equal(await resolveRegistryAuth('127.0.0.1:5000/a', dir, { env, onWarning }), undefined);
  assert.deepEqual(readFileSync(join(dir, 'asked'), 'utf8').trim().split('\n'), ['quay.io', 'https://index.docker.io/v1/', '127.0.0.1:5000']);
  assert.deepEqual(warnings, [], '"credentials not found" is an answer, not a problem');
});

test('credHelpers win over credsStore for their registry; a missing or hostile helper is skipped with a warning', async (t) => {
  const { dir, env } = configDir(
    { credsStore: 'missing', credHelpers: { 'gcr.io': 'gcr', 'evil.io': '../../bin/sh' }, auths: { 'other.io': { auth: basic('u', 'p') } } },
    { gcr: `echo '{"Username":"_json_key","Secret":"gcr-secret"}'` },
  );
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const warnings: string[] = [];
  const onWarning = (w: string) => warnings.push(w);
  assert.deepEqual(await resolveRegistryAuth('gcr.io/p/a', dir, { env, onWarning }), { serveraddress: 'gcr.io', username: '_json_key', password: 'gcr-secret' });
  assert.equal(warnings.length, 0);
  // The store's helper is not installed: say so, then fall back to the auths entry.
  assert.deepEqual(await resolveRegistryAuth('other.io/a', dir, { env, onWarning }), { serveraddress: 'other.io', username: 'u', password: 'p' });
  assert.match(warnings[0] ?? '', /docker-credential-missing .*not on PATH/u);
  assert.equal(await resolveRegistryAuth('evil.io/a', dir, { env, onWarning }), undefined);
  assert.match(warnings[1] ?? '', /not a plain name/u);
});

test('a helper that fails or hangs never leaks its output and never hangs the push', async (t) => {
  const { dir, env } = configDir({ credsStore: 'bad' }, { bad: 'echo "partial secret-output"; sleep 5' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const warnings: string[] = [];
  const started = performance.now();
  assert.equal(await resolveRegistryAuth('quay.io/a', dir, { env, timeoutMs: 300, onWarning: (w) => warnings.push(w) }), undefined);
  assert.ok(performance.now() - started < 3000);
  assert.match(warnings[0] ?? '', /timed out/u);
  assert.ok(!warnings.join('').includes('secret-output'));
});

test('no config.json, or a broken one, means no credentials', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'berth-auth-'));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  assert.equal(await resolveRegistryAuth('quay.io/a', empty), undefined);
  writeFileSync(join(empty, 'config.json'), '{ not json');
  const warnings: string[] = [];
  assert.equal(await resolveRegistryAuth('quay.io/a', empty, { onWarning: (w) => warnings.push(w) }), undefined);
  assert.equal(warnings.length, 1);
  assert.ok(existsSync(join(empty, 'config.json')));
});

test('redactSecrets removes every form a credential can take in a message', () => {
  const auth = { serveraddress: 'r.io', username: 'alice', password: 'pa"ss\\word', identitytoken: 'idtok-999' };
  const header = Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/gu, '-').replace(/\//gu, '_');
  const text = [
    'raw pa"ss\\word here',
    `basic ${Buffer.from('alice:pa"ss\\word').toString('base64')}`,
    `X-Registry-Auth: ${header}`,
    'body {"password":"pa\\"ss\\\\word","identitytoken":"idtok-999"}',
    'Authorization: Bearer eyJhbGciOi.abc.def',
    'user alice is fine to show',
  ].join('\n');
  const redacted = redactSecrets(text, auth);
  for (const secret of ['pa"ss\\word', 'pa\\"ss\\\\word', 'idtok-999', 'eyJhbGciOi', header, Buffer.from('alice:pa"ss\\word').toString('base64')]) {
    assert.ok(!redacted.includes(secret), `${secret} is gone from:\n${redacted}`);
  }
  assert.ok(redacted.includes('user alice is fine to show'));
  assert.ok(redacted.includes(REDACTED));
  assert.equal(redactSecrets('nothing secret'), 'nothing secret');
});
