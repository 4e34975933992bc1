// Compose's merge rules on the compose tree: what is replaced, appended, kept unique per key, reset or overridden.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ComposeValue } from '../../../src/core/compose/composeValue';
import { loadComposeFile } from '../../../src/core/compose/loadComposeFile';
import { mergeComposeValues } from '../../../src/core/compose/mergeComposeValues';

function tree(text: string): ComposeValue {
  const file = loadComposeFile('/p/x.yaml', text, () => undefined, (d) => assert.fail(d.message));
  assert.ok(file.root);
  return file.root;
}

function plain(value: ComposeValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.kind === 'scalar') return value.value;
  if (value.kind === 'seq') return value.items.map(plain);
  return Object.fromEntries([...value.entries].map(([k, e]) => [k, plain(e.value)]));
}

function merge(base: string, override: string): unknown {
  return plain(mergeComposeValues(tree(base), tree(override), ''));
}

describe('mergeComposeValues', () => {
  test('mappings merge, scalars are replaced, other sequences append', () => {
    const base = 'image: a\ndeploy: { replicas: 1, mode: replicated }\ndns: [1.1.1.1]';
    assert.deepEqual(merge(base, 'image: b\ndeploy: { replicas: 2 }\ndns: [8.8.8.8]'), {
      image: 'b',
      deploy: { replicas: 2, mode: 'replicated' },
      dns: ['1.1.1.1', '8.8.8.8'],
    });
  });

  test('command, entrypoint and healthcheck.test are replaced whole', () => {
    const base = 'command: [a, b]\nentrypoint: [x]\nhealthcheck: { test: [CMD, a], interval: 5s }';
    assert.deepEqual(merge(base, 'command: [c]\nentrypoint: [y]\nhealthcheck: { test: [CMD, b] }'), {
      command: ['c'],
      entrypoint: ['y'],
      healthcheck: { test: ['CMD', 'b'], interval: '5s' },
    });
  });

  test('ports, volumes, secrets, expose and profiles keep one entry per key, in the first place it appeared', () => {
    const merged = merge(
      [
        'ports: ["8080:80", { target: 9000, published: "9000" }]',
        'volumes: ["./a:/data", "./b:/cache"]',
        'secrets: [token]',
        'expose: [80]',
        'profiles: [a, b]',
      ].join('\n'),
      [
        'ports: ["8080:80", "7070:70", { target: 9000, published: "9000", protocol: tcp }]',
        'volumes: ["./c:/data:ro", { type: bind, source: ./d, target: /logs }]',
        'secrets: [{ source: token, target: token }, other]',
        'expose: [80, 81]',
        'profiles: [b, c]',
      ].join('\n'),
    );
    assert.deepEqual(merged, {
      ports: ['8080:80', { target: 9000, published: '9000', protocol: 'tcp' }, '7070:70'],
      volumes: ['./c:/data:ro', './b:/cache', { type: 'bind', source: './d', target: '/logs' }],
      secrets: [{ source: 'token', target: 'token' }, 'other'],
      expose: [80, 81],
      profiles: ['a', 'b', 'c'],
    });
  });

  test('environment written as a mapping in one file and a list in the other merges as KEY=value lines', () => {
    assert.deepEqual(merge('environment: { A: "1", B: "2" }', 'environment: [B=3, C=4]'), { environment: ['A=1', 'B=3', 'C=4'] });
    assert.deepEqual(merge('environment: { A: "1" }', 'environment: { A: "2", B: "3" }'), { environment: { A: '2', B: '3' } });
  });

  test('build as a path merges with build as a mapping', () => {
    assert.deepEqual(merge('build: ./app', 'build: { dockerfile: Dockerfile.gpu }'), { build: { context: './app', dockerfile: 'Dockerfile.gpu' } });
  });

  test('!reset removes, !override replaces', () => {
    const merged = merge('ports: ["80:80"]\nimage: a\ndeploy: { replicas: 2 }', 'ports: !override ["81:81"]\nimage: !reset null\ndeploy: !reset {}');
    assert.deepEqual(merged, { ports: ['81:81'] });
  });

  test('a value merged in keeps its own span, the merged mapping takes the override key span', () => {
    const base = loadComposeFile('/p/base.yaml', 'deploy:\n  replicas: 2\n', () => undefined, () => undefined).root;
    const over = loadComposeFile('/p/over.yaml', 'deploy:\n  mode: replicated\n', () => undefined, () => undefined).root;
    assert.ok(base && over);
    const merged = mergeComposeValues(base, over, '');
    assert.ok(merged?.kind === 'map');
    const deploy = merged.entries.get('deploy');
    assert.ok(deploy);
    assert.equal(deploy.keySpan.source.path, '/p/over.yaml');
    const replicas = deploy.value.kind === 'map' ? deploy.value.entries.get('replicas') : undefined;
    assert.equal(replicas?.value.span.source.path, '/p/base.yaml');
  });
});
