// Builds the one image these machines can have without a registry: FROM scratch + Debian's static busybox.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { pack } from 'tar-fs';

export const BUSYBOX = process.env.BERTH_BUSYBOX ?? '/bin/busybox';
export const TEST_LABEL = 'dev.berth.test';
/** Names the test file that made an object, so that its cleanup removes its own and nothing of another file's. */
export const SUITE_LABEL = 'dev.berth.test.suite';

interface ProgressEvent {
  readonly stream?: string;
  readonly error?: string;
  readonly errorDetail?: { message?: string };
}

/** Builds `tag` from a FROM-scratch busybox context with dockerode's classic builder; resolves with the build log. */
export async function buildBusyboxImage(docker: Docker, tag: string, extraDockerfileLines: readonly string[] = []): Promise<string> {
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: install Debian's busybox-static (scripts/engine.sh install)`);
  const context = mkdtempSync(join(tmpdir(), 'berth-busybox-'));
  try {
    copyFileSync(BUSYBOX, join(context, 'busybox'));
    writeFileSync(
      join(context, 'Dockerfile'),
      ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]', ...extraDockerfileLines, ''].join('\n'),
    );
    const stream = await docker.buildImage(pack(context) as unknown as NodeJS.ReadableStream, { t: tag, labels: { [TEST_LABEL]: '1' }, networkmode: 'none' });
    const events = await new Promise<ProgressEvent[]>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null, output: ProgressEvent[]) => (err ? reject(err) : resolve(output)));
    });
    // Build errors arrive as progress events, not as a rejected promise.
    const failure = events.find((e) => e.error);
    if (failure) throw new Error(`building ${tag} failed: ${failure.errorDetail?.message ?? failure.error ?? ''}`);
    return events.map((e) => e.stream ?? '').join('');
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Runs `cmd` in a fresh container of `image` with no network, waits for it, and returns what it wrote to stdout. */
export async function runToCompletion(docker: Docker, image: string, cmd: readonly string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: [...cmd],
    Labels: { [TEST_LABEL]: '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const waited = (await container.wait()) as { StatusCode: number };
    const raw = await container.logs({ stdout: true, stderr: true, follow: false });
    const { stdout, stderr } = demux(raw);
    return { stdout, stderr, exitCode: waited.StatusCode };
  } finally {
    await container.remove({ force: true });
  }
}

/** Splits the engine's multiplexed log format (8-byte frame headers: stream, 0, 0, 0, size32be). */
function demux(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + 8, offset + 8 + size);
    (kind === 2 ? err : out).push(payload);
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export async function removeTestObjects(docker: Docker, tags: readonly string[]): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [TEST_LABEL] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await Promise.all(tags.map((t) => docker.getImage(t).remove({ force: true }).catch(() => undefined)));
}

/** Removes every container (any state) that one test file labelled with SUITE_LABEL=suite. */
export async function removeSuiteContainers(docker: Docker, suite: string): Promise<void> {
  const mine = await docker.listContainers({ all: true, filters: { label: [`${SUITE_LABEL}=${suite}`] } });
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}
