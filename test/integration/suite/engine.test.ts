// Berth and dockerode against the real Docker Engine that DOCKER_HOST points at (scripts/engine.sh in CI).
import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import Docker from 'dockerode';
import { Server, type Connection } from 'ssh2';
import * as vscode from 'vscode';
import type { CheckEngineResult } from '../../../src/vscode/commands/checkEngineCommand';
import { buildBusyboxImage, removeTestObjects, runToCompletion } from '../../support/busyboxImage';

const IMAGE = 'berth-test/busybox:integration';

async function setHost(value: string | undefined): Promise<void> {
  // Global (user) settings: the fixture workspace must stay untouched.
  await vscode.workspace.getConfiguration('berth.docker').update('host', value, vscode.ConfigurationTarget.Global);
}

describe('Docker Engine round trip', function () {
  this.timeout(180_000);
  const docker = new Docker();

  before(async () => {
    await vscode.extensions.getExtension('berth.berth')?.activate();
  });

  after(async () => {
    await setHost(undefined);
    await removeTestObjects(docker, [IMAGE]);
  });

  it('builds a FROM scratch busybox image, runs it and reads its output (dockerode)', async () => {
    const buildLog = await buildBusyboxImage(docker, IMAGE);
    assert.match(buildLog, /Successfully tagged berth-test\/busybox:integration/);
    const result = await runToCompletion(docker, IMAGE, ['sh', '-c', 'echo hello from berth; echo to stderr >&2; exit 3']);
    assert.equal(result.stdout, 'hello from berth\n');
    assert.equal(result.stderr, 'to stderr\n');
    assert.equal(result.exitCode, 3);
  });

  it('"Berth: Check Docker Engine" reports the engine the CLI would use', async () => {
    const expected = await docker.version();
    const result = await vscode.commands.executeCommand<CheckEngineResult>('berth.engine.check');
    assert.equal(result.ok, true, result.problem);
    assert.equal(result.report?.serverVersion, expected.Version);
    assert.equal(result.report.apiVersion, expected.ApiVersion);
    assert.equal(result.address, process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock');
  });

  it('says what is wrong and what to do when the engine is not there', async () => {
    await setHost('unix:///tmp/berth-no-such-engine.sock');
    const result = await vscode.commands.executeCommand<CheckEngineResult>('berth.engine.check');
    assert.equal(result.ok, false);
    assert.match(result.problem ?? '', /No Docker Engine socket at unix:\/\/\/tmp\/berth-no-such-engine\.sock \(from the berth\.docker\.host setting\)/);
  });

  it('rejects an address it cannot use, naming it', async () => {
    await setHost('ftp://example.invalid');
    const result = await vscode.commands.executeCommand<CheckEngineResult>('berth.engine.check');
    assert.equal(result.ok, false);
    assert.match(result.problem ?? '', /"ftp:\/\/example\.invalid".*scheme "ftp:"/);
  });

  it('reaches the engine over ssh:// from the bundle, whose native ssh2 parts are absent', async () => {
    // A local ssh server (ssh2, in-process) that answers `docker system dial-stdio` by piping to the engine socket,
    // as the docker CLI does on a remote host. Loopback only.
    const socketPath = (docker.modem as unknown as { socketPath?: string }).socketPath;
    assert.ok(socketPath, 'this test needs the engine on a unix socket');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const commands: string[] = [];
    const server = new Server({ hostKeys: [privateKey] }, (client: Connection) => {
      client.on('authentication', (ctx) => (ctx.username === 'berth' ? ctx.accept() : ctx.reject()));
      client.on('session', (accept) => {
        accept().on('exec', (acceptExec, _reject, info) => {
          commands.push(info.command);
          const channel = acceptExec();
          if (info.command !== 'docker system dial-stdio') {
            channel.exit(127);
            channel.end();
            return;
          }
          const engine = connect(socketPath);
          channel.pipe(engine).pipe(channel);
          engine.on('close', () => channel.end());
        });
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      await setHost(`ssh://berth@127.0.0.1:${port}`);
      const result = await vscode.commands.executeCommand<CheckEngineResult>('berth.engine.check');
      assert.equal(result.ok, true, result.problem);
      assert.equal(result.report?.serverVersion, (await docker.version()).Version);
      assert.ok(commands.includes('docker system dial-stdio'), `ssh commands seen: ${commands.join(', ')}`);
    } finally {
      server.close();
    }
  });
});
