// Image builds on the real engine at DOCKER_HOST: a FROM-scratch busybox project through the Engine API (classic
// builder and BuildKit) and through the docker CLI's argv (the berth-build task minus VS Code), failures mapped to
// their Dockerfile line, hostile tags refused with no side effect, and a build context that respects the disk.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { BuildInputError, checkBuild, type BuildOptions } from '../../src/core/build/buildOptions';
import { BuildConnectionError, BuildFailedError, buildWithEngine, type BuildEvent, type Builder } from '../../src/core/build/buildWithEngine';
import { createContextStream } from '../../src/core/build/createContextStream';
import { detectDockerCli, type DockerCli } from '../../src/core/build/detectDockerCli';
import { dockerBuildArgs } from '../../src/core/build/dockerBuildArgs';
import { parseBuildFailure } from '../../src/core/build/parseBuildFailure';
import { BUSYBOX, runToCompletion, TEST_LABEL } from '../support/busyboxImage';
import { IsolatedEngine } from './isolatedEngine';

const skip = process.env.DOCKER_HOST ? undefined : 'DOCKER_HOST is not set: run this layer after scripts/engine.sh start';
const docker = new Docker();
const tags: string[] = [];
const folders: string[] = [];
const BUILDERS: Builder[] = ['classic', 'buildkit'];

after(async () => {
  await Promise.all(tags.map((t) => docker.getImage(t).remove({ force: true }).catch(() => undefined)));
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function tag(name: string): string {
  const t = `berth-test/build:${name}`;
  tags.push(t);
  return t;
}

/** A context folder holding busybox and a Dockerfile made of `lines` after the busybox install. */
function busyboxProject(lines: readonly string[], folderName = 'ctx'): { dir: string; context: string } {
  const dir = mkdtempSync(join(tmpdir(), 'berth-build-'));
  folders.push(dir);
  const context = join(dir, folderName);
  mkdirSync(context, { recursive: true });
  copyFileSync(BUSYBOX, join(context, 'busybox'));
  writeFileSync(join(context, 'Dockerfile'), ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]', ...lines, ''].join('\n'));
  return { dir, context };
}

function options(context: string, extra: Partial<BuildOptions> = {}): BuildOptions {
  // The test engine has no bridge network: RUN steps get none.
  return { context, network: 'none', labels: { [TEST_LABEL]: '1' }, ...extra };
}

let cli: DockerCli | undefined;
async function dockerCli(): Promise<DockerCli | undefined> {
  cli ??= await detectDockerCli(process.env);
  return cli.docker ? cli : undefined;
}

/** The berth-build task's process: the CLI with the argv array, never a shell; resolves with its exit code and output. */
async function runCli(found: DockerCli, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(found.docker ?? 'docker', args, { env: { ...process.env, ...found.buildEnv }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

for (const builder of BUILDERS) {
  test(`Engine API, ${builder} builder: a FROM scratch busybox project builds, steps reported with their lines`, { skip }, async () => {
    const { context } = busyboxProject(['ARG WHO=nobody', 'RUN echo "built by $WHO" > /hello.txt', 'CMD ["cat", "/hello.txt"]']);
    const events: BuildEvent[] = [];
    const name = tag(`api-${builder}`);
    const second = tag(`api-${builder}-second`);
    const result = await buildWithEngine(docker, options(context, { tags: [name, second], buildArgs: { WHO: 'berth' } }), { builder, onProgress: (e) => events.push(e) });
    assert.equal(result.builder, builder);
    const inspected = await docker.getImage(name).inspect();
    assert.equal((await docker.getImage(second).inspect()).Id, inspected.Id, 'both tags name the image');
    assert.equal(inspected.Id.replace(/^sha256:/u, '').slice(0, 12), result.imageId.replace(/^sha256:/u, '').slice(0, 12));
    const { stdout, exitCode } = await runToCompletion(docker, name, ['cat', '/hello.txt']);
    assert.equal(exitCode, 0);
    assert.equal(stdout, 'built by berth\n');
    const runStep = events.find((e) => e.kind === 'step' && e.label.includes('RUN echo'));
    assert.ok(runStep?.kind === 'step', `a step event for the RUN: ${JSON.stringify(events.filter((e) => e.kind === 'step'))}`);
    assert.equal(runStep.line, 5);
    assert.ok(events.some((e) => e.kind === 'note' && e.text.startsWith('Sent the build context: 2 files')));
  });

  test(`Engine API, ${builder} builder: a failing RUN becomes a failure on its Dockerfile line`, { skip }, async () => {
    const { context } = busyboxProject(['RUN echo fine', 'RUN echo "about to fail" && \\', '    exit 3', 'RUN echo never']);
    const events: BuildEvent[] = [];
    const error = await buildWithEngine(docker, options(context, { tags: [tag(`fail-${builder}`)] }), { builder, onProgress: (e) => events.push(e) }).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildFailedError, String(error));
    assert.equal(error.failure.line, 5);
    assert.equal(error.failure.endLine, 6);
    assert.match(error.failure.message, /exit code: 3|non-zero code: 3/u);
    assert.equal(error.failure.summary, 'Build failed at Dockerfile:5 (RUN echo "about to fail" && exit 3): exit code 3');
    assert.ok(events.some((e) => e.kind === 'output' && e.text.includes('about to fail')), 'the step output reached the terminal');
  });
}

test('docker CLI (the berth-build task): builds with the argv array, and a failing RUN maps to its line', { skip }, async (t) => {
  const found = await dockerCli();
  if (!found) {
    t.skip('no docker CLI on PATH');
    return;
  }
  const { context } = busyboxProject(['RUN echo cli > /via.txt']);
  const name = tag('cli');
  const built = await runCli(found, dockerBuildArgs(options(context, { tags: [name] }), found));
  assert.equal(built.code, 0, built.output);
  const { stdout } = await runToCompletion(docker, name, ['cat', '/via.txt']);
  assert.equal(stdout, 'cli\n');

  const failing = busyboxProject(['RUN echo ok', 'RUN false']);
  const failed = await runCli(found, dockerBuildArgs(options(failing.context, { tags: [tag('cli-fail')] }), found));
  assert.notEqual(failed.code, 0);
  const failure = parseBuildFailure(failed.output, readFileSync(join(failing.context, 'Dockerfile'), 'utf8'));
  assert.equal(failure.line, 5, failed.output);
  assert.match(failure.summary, /^Build failed at Dockerfile:5 \(RUN false\): /u);
});

test('hostile tags are refused before anything runs, through both paths: nothing is executed, no image appears', { skip }, async (t) => {
  const { context, dir } = busyboxProject([]);
  const marker = join(dir, 'pwned');
  const hostile = [`x; touch ${marker}`, `$(touch ${marker})`, `\`touch ${marker}\``, `a && touch ${marker}`, `tag' ; touch '${marker}`, 'ünïcode:tag', 'with space'];
  const before = (await docker.listImages()).length;
  const found = await dockerCli();
  for (const name of hostile) {
    await assert.rejects(buildWithEngine(docker, options(context, { tags: [name] })), BuildInputError, name);
    assert.throws(() => dockerBuildArgs(options(context, { tags: [name] }), found ?? { buildx: false }), BuildInputError, name);
  }
  assert.equal(existsSync(marker), false);
  assert.equal((await docker.listImages()).length, before);
  if (!found) t.diagnostic('no docker CLI: only the Engine API path ran');
});

test('a Dockerfile outside the context and paths with spaces build through both paths', { skip }, async () => {
  const { dir, context } = busyboxProject([], 'my build context');
  const outside = join(dir, 'docker files', 'Dockerfile.custom');
  mkdirSync(join(dir, 'docker files'));
  writeFileSync(join(context, 'data file.txt'), 'spaces ok\n');
  writeFileSync(outside, 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY ["data file.txt", "/data file.txt"]\nCMD ["/bin/busybox", "cat", "/data file.txt"]\n');
  const apiTag = tag('outside-api');
  await buildWithEngine(docker, options(context, { dockerfile: outside, tags: [apiTag] }), { builder: 'classic' });
  assert.equal((await runToCompletion(docker, apiTag, ['/bin/busybox', 'cat', '/data file.txt'])).stdout, 'spaces ok\n');
  const found = await dockerCli();
  if (found) {
    const cliTag = tag('outside-cli');
    const built = await runCli(found, dockerBuildArgs(options(context, { dockerfile: outside, tags: [cliTag] }), found));
    assert.equal(built.code, 0, built.output);
    assert.equal((await runToCompletion(docker, cliTag, ['/bin/busybox', 'cat', '/data file.txt'])).stdout, 'spaces ok\n');
  }
});

test('a missing Dockerfile or context is a clear error before the engine is asked', { skip }, async () => {
  const { context } = busyboxProject([]);
  await assert.rejects(buildWithEngine(docker, options(context, { dockerfile: 'Nope.Dockerfile' })), /The Dockerfile .*Nope\.Dockerfile does not exist/u);
  await assert.rejects(checkBuild(options(join(context, 'missing'))), /The build context folder .*missing does not exist/u);
});

test('the build context sent is the one the docker CLI sends for the same .dockerignore', { skip }, async (t) => {
  const found = await dockerCli();
  if (!found) {
    t.skip('no docker CLI on PATH');
    return;
  }
  const { context } = busyboxProject(['COPY . /ctx', 'CMD ["find", "/ctx"]']);
  const files: Record<string, string> = {
    'app.py': 'a',
    'src/pkg/mod.py': 'b',
    'src/pkg/__pycache__/mod.pyc': 'c',
    'models/config.json': '{}',
    'models/w.safetensors': 'w',
    'models/sub/x.bin': 'x',
    'notes.md': 'n',
    'docs/notes.md': 'n',
    '.env': 'SECRET=1',
    '.git/HEAD': 'ref',
    'keep/a.txt': 'k',
    'keep/b.log': 'l',
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(context, name, '..'), { recursive: true });
    writeFileSync(join(context, name), content);
  }
  writeFileSync(join(context, '.dockerignore'), ['**/__pycache__', 'models', '!models/config.json', '*.md', '.env', '.git', 'keep/*.log', 'Dockerfile', ''].join('\n'));
  const list = async (name: string) => (await runToCompletion(docker, name, ['find', '/ctx'])).stdout.trim().split('\n').sort();
  const viaCli = tag('ctx-cli');
  const built = await runCli(found, dockerBuildArgs(options(context, { tags: [viaCli] }), found));
  assert.equal(built.code, 0, built.output);
  const viaApi = tag('ctx-api');
  await buildWithEngine(docker, options(context, { tags: [viaApi] }), { builder: 'classic' });
  const expected = await list(viaCli);
  assert.ok(expected.includes('/ctx/models/config.json') && !expected.includes('/ctx/models/w.safetensors'), expected.join(' '));
  assert.deepEqual(await list(viaApi), expected);
});

test('2 GB of ignored weight files are never read: the build sends and reads only the code', { skip }, async () => {
  const { context } = busyboxProject(['COPY app.py /app.py']);
  writeFileSync(join(context, 'app.py'), 'print("hi")\n');
  mkdirSync(join(context, 'models', 'llama'), { recursive: true });
  // Sparse: 2 GB of apparent size that costs no disk, yet reading it would cost 2 GB of read() calls.
  for (const name of ['models/llama/model-00001.safetensors', 'models/llama/model-00002.safetensors', 'weights.gguf']) {
    writeFileSync(join(context, name), '');
    truncateSync(join(context, name), 700 * 1024 * 1024);
  }
  writeFileSync(join(context, '.dockerignore'), 'models/\n*.gguf\n');
  const readBefore = bytesReadByThisProcess();
  const started = performance.now();
  const result = await buildWithEngine(docker, options(context, { tags: [tag('ignored-weights')] }), { builder: 'classic' });
  const ms = performance.now() - started;
  const read = bytesReadByThisProcess() - readBefore;
  const busyboxBytes = readFileSync(BUSYBOX).length;
  assert.equal(result.context.files, 4, 'busybox, Dockerfile, app.py and .dockerignore');
  assert.ok(result.context.bytes < busyboxBytes + 10_000, `${result.context.bytes} bytes sent`);
  // Everything this process read (files, sockets) during the build: the context plus engine replies, far from 2 GB.
  assert.ok(read < busyboxBytes + 20 * 1024 * 1024, `read ${read} bytes`);
  process.stdout.write(`# 2.1 GB of ignored weights: ${result.context.bytes} context bytes sent, ${read} bytes read by the process, ${ms.toFixed(0)} ms\n`);
  // The same tar stream alone: its size is the small context, not the weights.
  const stream = createContextStream(context);
  let tarBytes = 0;
  for await (const chunk of stream.stream as AsyncIterable<Buffer>) tarBytes += chunk.length;
  assert.ok(tarBytes < busyboxBytes + 20_000, `${tarBytes} tar bytes`);
});

test('a cancelled build stops at once and leaves no hung request', { skip }, async () => {
  const { context } = busyboxProject(['RUN echo started && sleep 60']);
  const controller = new AbortController();
  const started = performance.now();
  const build = buildWithEngine(docker, options(context, { tags: [tag('cancelled')] }), {
    builder: 'classic',
    signal: controller.signal,
    onProgress: (e) => {
      if (e.kind === 'output' && e.text.includes('started')) controller.abort();
    },
  });
  await assert.rejects(build, (error: unknown) => error instanceof Error && error.name === 'AbortError');
  assert.ok(performance.now() - started < 30_000);
});

const isolatedSkip = skip ?? IsolatedEngine.skipReason();
test('an engine that disappears mid-build: a clear error, no hang', { skip: isolatedSkip, timeout: 120_000 }, async (t) => {
  const engine = await IsolatedEngine.start('/tmp/berth-eng-bd');
  try {
    const victim = engine.docker();
    const { context } = busyboxProject(['RUN echo running && sleep 60']);
    let stopping: Promise<void> | undefined;
    const started = performance.now();
    const error = await buildWithEngine(victim, options(context, { tags: ['berth-test/build:victim'] }), {
      builder: 'classic',
      onProgress: (e) => {
        if (e.kind === 'output' && e.text.includes('running')) stopping ??= engine.stop();
      },
    }).then(
      () => assert.fail('the build cannot succeed without its engine'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildConnectionError || error instanceof BuildFailedError, String(error));
    assert.match((error as Error).message, /engine|connection|Build failed/iu);
    t.diagnostic(`${(error as Error).name}: ${(error as Error).message}`);
    assert.ok(performance.now() - started < 60_000, 'no hang');
    await stopping;
  } finally {
    await engine.stop().catch(() => undefined);
  }
});

test('a connection to the engine that drops mid-build (through a socket proxy that is cut): a clear error at once', { skip }, async (t) => {
  const engineSocket = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//u, '');
  const { dir, context } = busyboxProject(['RUN echo running && sleep 30']);
  const proxyPath = join(dir, 'proxy.sock');
  const open = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = connect(engineSocket);
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => proxy.listen(proxyPath, resolve));
  const cut = () => {
    proxy.close();
    for (const socket of open) socket.destroy();
  };
  try {
    const started = performance.now();
    const error = await buildWithEngine(new Docker({ socketPath: proxyPath }), options(context, { tags: [tag('dropped')] }), {
      builder: 'classic',
      onProgress: (e) => {
        if (e.kind === 'output' && e.text.includes('running')) cut();
      },
    }).then(
      () => assert.fail('the build cannot finish without its connection'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildConnectionError, String(error));
    assert.match(error.message, /engine/u);
    assert.ok(performance.now() - started < 20_000, 'no hang');
    t.diagnostic(error.message);
  } finally {
    cut();
  }
});

/** rchar of /proc/self/io: every byte this process got from read() calls, files and sockets alike. */
function bytesReadByThisProcess(): number {
  const match = /^rchar: (\d+)$/mu.exec(readFileSync('/proc/self/io', 'utf8'));
  return Number(match?.[1] ?? 0);
}
