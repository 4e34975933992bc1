// The tar is read back by GNU tar, an independent reader; which paths it holds is checked against Docker's rules.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContextStream, type ContextStream } from '../../../src/core/build/createContextStream';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-ctx-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Entries as `tar -tv` lists them: name (directories with a trailing slash), and owner/mode for checks. */
async function listTar(context: ContextStream): Promise<{ names: string[]; verbose: string[] }> {
  const tar = spawn('tar', ['-tvf', '-', '--numeric-owner'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  tar.stdout.on('data', (c: Buffer) => (out += c.toString()));
  context.stream.pipe(tar.stdin);
  const code = await new Promise<number | null>((resolve) => tar.on('close', resolve));
  assert.equal(code, 0, 'GNU tar could read the stream');
  const verbose = out.trim().split('\n').filter(Boolean);
  // `-rw-r--r-- 0/0 5 2024-01-01 00:00 name` (symlinks: `name -> target`)
  const names = verbose.map((l) => l.split(/\s+/u).slice(5).join(' ').replace(/ -> .*$/u, '')).sort();
  return { names, verbose };
}

test('ignored files and folders stay out; the Dockerfile and .dockerignore go in even when ignored', async (t) => {
  const dir = project({
    'Dockerfile': 'FROM scratch\n',
    'app.py': 'print(1)\n',
    'src/main.py': 'x\n',
    'models/model.safetensors': 'weights',
    'models/config.json': '{}',
    'data/train.csv': 'a,b\n',
    'notes.md': 'n',
    'sub/notes.md': 'n',
    '.dockerignore': 'models\ndata/\n*.md\nDockerfile*\n.dockerignore\n',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const context = createContextStream(dir);
  const { names } = await listTar(context);
  // `*.md` matches at the root only, as in Docker (not sub/notes.md).
  assert.deepEqual(names, ['.dockerignore', 'Dockerfile', 'app.py', 'src', 'src/main.py', 'sub', 'sub/notes.md']);
  assert.equal(context.dockerfile, 'Dockerfile');
  const stats = await context.stats;
  assert.equal(stats.files, 5);
  const sent = ['Dockerfile', 'app.py', 'src/main.py', 'sub/notes.md', '.dockerignore'].map((f) => fs.statSync(join(dir, f)).size);
  assert.equal(stats.bytes, sent.reduce((a, b) => a + b, 0));
});

test('an exception inside an ignored folder takes back that file, without the folder entry or its siblings', async (t) => {
  const dir = project({
    'Dockerfile': 'FROM scratch\n',
    'models/config.json': '{}',
    'models/model.bin': 'w',
    'models/deep/other.bin': 'w',
    'cache/a.txt': 'a',
  });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const context = createContextStream(dir, { ignoreText: 'models\ncache\n!models/config.json\n' });
  const { names } = await listTar(context);
  assert.deepEqual(names, ['Dockerfile', 'models/config.json']);
});

test('a wildcard exception makes the walker look inside ignored folders, as BuildKit does', async (t) => {
  const dir = project({ 'Dockerfile': 'x', 'models/a/config.json': '{}', 'models/a/w.bin': 'w', 'keep/config.json': '{}' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { names } = await listTar(createContextStream(dir, { ignoreText: 'models\nkeep\n!**/config.json\n' }));
  assert.deepEqual(names, ['Dockerfile', 'keep/config.json', 'models/a/config.json']);
});

test('ignored folders are never listed when no exception can reach inside them', async (t) => {
  const dir = project({ 'Dockerfile': 'x', 'weights/a/b.bin': 'w', 'weights/c.bin': 'w', 'data/x/y.csv': 'y', 'src/app.py': 'p', 'other/x': 'x' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const listed: string[] = [];
  // tar-fs calls readdir through the fs module object: record every folder it lists.
  const fsModule = createRequire(__filename)('node:fs') as { readdir: (...args: unknown[]) => unknown };
  const original = fsModule.readdir;
  fsModule.readdir = (...args: unknown[]) => {
    listed.push(String(args[0]));
    return original(...args);
  };
  try {
    const { names } = await listTar(createContextStream(dir, { ignoreText: 'weights/\ndata\n!other/x\n' }));
    assert.deepEqual(names, ['Dockerfile', 'other', 'other/x', 'src', 'src/app.py']);
  } finally {
    fsModule.readdir = original;
  }
  assert.ok(listed.length >= 3, `the walk went through fs.readdir (${listed.join(', ')})`);
  assert.deepEqual(listed.filter((p) => /weights|data/u.test(p)), []);
});

test('a Dockerfile inside an ignored folder is still sent, without the rest of that folder', async (t) => {
  const dir = project({ 'docker/Dockerfile.gpu': 'FROM scratch\n', 'docker/notes.txt': 'n', 'app.py': 'p' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const context = createContextStream(dir, { dockerfile: 'docker/Dockerfile.gpu', ignoreText: 'docker/\n' });
  assert.equal(context.dockerfile, 'docker/Dockerfile.gpu');
  assert.deepEqual((await listTar(context)).names, ['app.py', 'docker/Dockerfile.gpu']);
});

test('files are owned by root in the tar, keep their modes, and symlinks stay links', async (t) => {
  const dir = project({ 'Dockerfile': 'x', 'run.sh': '#!/bin/sh\n' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  fs.chmodSync(join(dir, 'run.sh'), 0o755);
  fs.symlinkSync('run.sh', join(dir, 'link'));
  const { verbose } = await listTar(createContextStream(dir, { ignoreText: '' }));
  const run = verbose.find((l) => l.startsWith('-') && l.endsWith(' run.sh'));
  assert.match(run ?? '', /^-rwxr-xr-x 0\/0 /u);
  assert.match(verbose.find((l) => l.includes(' link -> ')) ?? '', /^l.* link -> run\.sh$/u);
});

test('a Dockerfile outside the context is appended under a random name; paths with spaces work', async (t) => {
  const dir = project({ 'my context/app.py': 'p', 'elsewhere/My Dockerfile': 'FROM scratch\nCOPY app.py /\n' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const context = createContextStream(join(dir, 'my context'), { dockerfile: join(dir, 'elsewhere', 'My Dockerfile'), ignoreText: '' });
  assert.match(context.dockerfile, /^\.dockerfile\.[0-9a-f]{20}$/u);
  const { names } = await listTar(context);
  assert.deepEqual(names, [context.dockerfile, 'app.py'].sort());
});

test('a missing Dockerfile outside the context fails at once, and an unreadable context rejects the stats', async (t) => {
  const dir = project({ 'app.py': 'p' });
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.throws(() => createContextStream(dir, { dockerfile: '/nonexistent/Dockerfile' }), /ENOENT/u);
  const missing = createContextStream(join(dir, 'nope'), { ignoreText: '' });
  missing.stream.resume();
  await assert.rejects(missing.stats, /ENOENT/u);
});
