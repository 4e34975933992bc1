import { describe, test, beforeEach, afterEach } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Docker from 'dockerode';
import { resolveConnection } from '../../../src/core/engine/resolveConnection';
import { CA, CERT, DockerSandbox, KEY } from './dockerSandbox';

let sb: DockerSandbox;
beforeEach(() => {
  sb = new DockerSandbox();
});
afterEach(async () => {
  await sb.dispose();
});

/** The options that matter, without the undefined keys that shield them from docker-modem's env defaults. */
function defined(options: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

describe('the order of sources', () => {
  test('the berth.docker.host setting wins over everything, and says so when a context setting is ignored', async () => {
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2376' });
    sb.writeConfig({ currentContext: 'gpu-box' });
    const r = await resolveConnection(
      sb.input({ DOCKER_HOST: 'tcp://env-host:2375', DOCKER_CONTEXT: 'gpu-box' }, { host: ' unix:///tmp/mine.sock ', context: 'gpu-box' }),
    );
    assert.equal(r.address, 'unix:///tmp/mine.sock');
    assert.equal(r.source, 'setting');
    assert.equal(r.contextName, 'default');
    assert.equal(r.sourceDetail, 'the berth.docker.host setting');
    assert.equal(r.tls, undefined);
    assert.deepEqual(defined(r.dockerOptions), { socketPath: '/tmp/mine.sock' });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? '', /berth\.docker\.host wins and context "gpu-box" is ignored/);
  });

  test('the berth.docker.context setting picks a context, over DOCKER_HOST', async () => {
    sb.writeContext('gpu-box', { host: 'ssh://ml@gpu-box' });
    const r = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://env-host:2375', SSH_AUTH_SOCK: '/tmp/agent' }, { context: 'gpu-box' }));
    assert.equal(r.address, 'ssh://ml@gpu-box');
    assert.equal(r.source, 'setting-context');
    assert.equal(r.contextName, 'gpu-box');
    assert.equal(r.sourceDetail, 'context "gpu-box" (the berth.docker.context setting)');
    assert.deepEqual(defined(r.dockerOptions), { protocol: 'ssh', host: 'gpu-box', port: 22, username: 'ml', sshOptions: { agent: '/tmp/agent' } });
    assert.deepEqual(r.warnings, []);
  });

  test('DOCKER_HOST beats DOCKER_CONTEXT and currentContext, with a warning as the CLI gives on "context use"', async () => {
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2376' });
    sb.writeConfig({ currentContext: 'gpu-box' });
    const r = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }));
    assert.equal(r.address, 'tcp://10.0.0.5:2375');
    assert.equal(r.source, 'DOCKER_HOST');
    assert.equal(r.contextName, 'default');
    assert.equal(r.sourceDetail, 'the DOCKER_HOST environment variable');
    assert.deepEqual(defined(r.dockerOptions), { protocol: 'http', host: '10.0.0.5', port: 2375 });
    assert.deepEqual(r.warnings, [
      `DOCKER_HOST overrides docker context "gpu-box" (currentContext in ${sb.configFile}), as it does for the docker CLI. To use that context, unset DOCKER_HOST or set berth.docker.context.`,
    ]);
    const withEnvContext = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://10.0.0.5:2375', DOCKER_CONTEXT: 'gpu-box' }));
    assert.equal(withEnvContext.source, 'DOCKER_HOST');
    assert.match(withEnvContext.warnings[0] ?? '', /overrides docker context "gpu-box" \(DOCKER_CONTEXT\)/);
  });

  test('DOCKER_CONTEXT beats currentContext in config.json', async () => {
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2375' });
    sb.writeContext('laptop', { host: 'unix:///run/laptop.sock' });
    sb.writeConfig({ currentContext: 'laptop' });
    const r = await resolveConnection(sb.input({ DOCKER_CONTEXT: 'gpu-box' }));
    assert.equal(r.address, 'tcp://gpu-box:2375');
    assert.equal(r.source, 'DOCKER_CONTEXT');
    assert.equal(r.contextName, 'gpu-box');
    assert.equal(r.sourceDetail, 'context "gpu-box" (the DOCKER_CONTEXT environment variable)');
  });

  test('currentContext in config.json, found through DOCKER_CONFIG', async () => {
    sb.writeContext('laptop', { host: 'unix:///run/laptop.sock' });
    sb.writeConfig({ auths: {}, currentContext: 'laptop' });
    const r = await resolveConnection(sb.input());
    assert.equal(r.address, 'unix:///run/laptop.sock');
    assert.equal(r.source, 'config-context');
    assert.equal(r.contextName, 'laptop');
    assert.equal(r.sourceDetail, `context "laptop" (currentContext in ${sb.configFile})`);
    assert.deepEqual(defined(r.dockerOptions), { socketPath: '/run/laptop.sock' });
  });

  test('without DOCKER_CONFIG the CLI folder is ~/.docker', async () => {
    sb.writeContext('laptop', { host: 'unix:///run/laptop.sock' });
    sb.writeConfig({ currentContext: 'laptop' });
    const input = sb.input();
    const r = await resolveConnection({ ...input, env: { ...input.env, DOCKER_CONFIG: undefined } });
    assert.equal(r.source, 'config-context');
    assert.equal(r.sourceDetail, `context "laptop" (currentContext in ${path.join(sb.home, '.docker', 'config.json')})`);
  });

  test('the context "default" means no context, wherever it is named', async () => {
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2375' });
    sb.writeConfig({ currentContext: 'gpu-box' });
    const socket = await sb.socket(path.join(sb.rootDir, 'var/run/docker.sock'));

    const fromSetting = await resolveConnection(sb.input({ DOCKER_CONTEXT: 'gpu-box' }, { context: 'default' }));
    assert.equal(fromSetting.address, `unix://${socket}`);
    assert.equal(fromSetting.source, 'default-socket');
    assert.equal(fromSetting.contextName, 'default');
    assert.equal(fromSetting.sourceDetail, `the system Docker socket ${socket}, for context "default" (the berth.docker.context setting)`);

    const settingThenDockerHost = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, { context: 'default' }));
    assert.equal(settingThenDockerHost.source, 'DOCKER_HOST');
    assert.equal(settingThenDockerHost.sourceDetail, 'the DOCKER_HOST environment variable, for context "default" (the berth.docker.context setting)');

    const fromEnv = await resolveConnection(sb.input({ DOCKER_CONTEXT: 'default' }));
    assert.equal(fromEnv.source, 'default-socket');
    assert.equal(fromEnv.contextName, 'default');

    sb.writeConfig({ currentContext: 'default' });
    const fromConfig = await resolveConnection(sb.input());
    assert.equal(fromConfig.source, 'default-socket');
    assert.equal(fromConfig.sourceDetail, `the system Docker socket ${socket}, for context "default" (currentContext in ${sb.configFile})`);
  });
});

describe('DOCKER_HOST and the CLI TLS variables', () => {
  test('without TLS: plain http, the CLI canonical form and its default port 2375', async () => {
    const bare = await resolveConnection(sb.input({ DOCKER_HOST: 'build-box:2400' }));
    assert.equal(bare.address, 'tcp://build-box:2400');
    assert.deepEqual(defined(bare.dockerOptions), { protocol: 'http', host: 'build-box', port: 2400 });
    const noPort = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://build-box' }));
    assert.equal(noPort.address, 'tcp://build-box:2375');
    assert.equal(noPort.tls, undefined);
  });

  test('DOCKER_TLS_VERIFY with DOCKER_CERT_PATH: the PEM contents reach dockerode, over https', async () => {
    const certs = sb.writeFiles(path.join(sb.dir, 'certs'), { 'ca.pem': CA, 'cert.pem': CERT, 'key.pem': KEY });
    const r = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://gpu-box:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }));
    assert.deepEqual(r.tls, { ca: CA, cert: CERT, key: KEY, verify: true, from: certs });
    assert.deepEqual(defined(r.dockerOptions), { protocol: 'https', host: 'gpu-box', port: 2376, ca: CA, cert: CERT, key: KEY });
    assert.equal(r.sourceDetail, `the DOCKER_HOST environment variable, with TLS material from ${certs}`);
    assert.deepEqual(r.warnings, []);
  });

  test('the cert path defaults to DOCKER_CONFIG; with TLS the CLI still defaults a missing port to 2375', async () => {
    sb.writeFiles(sb.dockerConfig, { 'ca.pem': CA, 'cert.pem': CERT, 'key.pem': KEY });
    const r = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://gpu-box', DOCKER_TLS_VERIFY: '0' }));
    assert.equal(r.tls?.from, sb.dockerConfig);
    assert.equal(r.tls.verify, true, 'any non-empty DOCKER_TLS_VERIFY verifies, "0" included');
    assert.equal(r.dockerOptions.protocol, 'https');
    assert.equal(r.dockerOptions.port, 2375);
    assert.equal(r.dockerOptions.ca, CA);
  });

  test('DOCKER_TLS alone encrypts without verifying the server', async () => {
    sb.writeFiles(sb.dockerConfig, { 'ca.pem': CA });
    const r = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://gpu-box:2376', DOCKER_TLS: '1' }));
    assert.deepEqual(r.tls, { ca: CA, verify: false, from: sb.dockerConfig });
    const agent = (r.dockerOptions as { agent?: { options: { rejectUnauthorized?: boolean } } }).agent;
    assert.equal(agent?.options.rejectUnauthorized, false);
    assert.equal(r.dockerOptions.protocol, 'https');
  });

  test('cert.pem without key.pem is skipped with a warning, as the CLI skips it', async () => {
    sb.writeFiles(sb.dockerConfig, { 'ca.pem': CA, 'cert.pem': CERT });
    const r = await resolveConnection(sb.input({ DOCKER_HOST: 'tcp://gpu-box:2376', DOCKER_TLS_VERIFY: '1' }));
    assert.deepEqual(r.tls, { ca: CA, verify: true, from: sb.dockerConfig });
    assert.equal(r.dockerOptions.cert, undefined);
    assert.match(r.warnings[0] ?? '', /holds cert\.pem but no key\.pem/);
  });

  test('TLS variables do not apply to a unix socket, and alone they only warn', async () => {
    const viaSocket = await resolveConnection(sb.input({ DOCKER_HOST: 'unix:///run/x.sock', DOCKER_TLS_VERIFY: '1' }));
    assert.equal(viaSocket.tls, undefined);
    assert.deepEqual(defined(viaSocket.dockerOptions), { socketPath: '/run/x.sock' });
    await sb.socket(path.join(sb.rootDir, 'var/run/docker.sock'));
    const alone = await resolveConnection(sb.input({ DOCKER_TLS_VERIFY: '1' }));
    assert.equal(alone.source, 'default-socket');
    assert.match(alone.warnings.join('\n'), /the docker CLI would then connect to tcp:\/\/localhost:2376/);
  });
});

describe('TLS material of a context', () => {
  test('the PEM files in contexts/tls/<hash>/docker reach dockerode', async () => {
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2376' }, { 'ca.pem': CA, 'cert.pem': CERT, 'key.pem': KEY });
    const r = await resolveConnection(sb.input({ DOCKER_CONTEXT: 'gpu-box' }));
    assert.deepEqual(r.tls, { ca: CA, cert: CERT, key: KEY, verify: true, from: sb.tlsDir('gpu-box') });
    assert.deepEqual(defined(r.dockerOptions), { protocol: 'https', host: 'gpu-box', port: 2376, ca: CA, cert: CERT, key: KEY });
  });

  test('SkipTLSVerify turns TLS on without verification, even with no PEM', async () => {
    sb.writeContext('lab', { host: 'tcp://lab:2376', skipTlsVerify: true });
    const r = await resolveConnection(sb.input({ DOCKER_CONTEXT: 'lab' }));
    assert.deepEqual(r.tls, { verify: false, from: sb.tlsDir('lab') });
    assert.equal(r.dockerOptions.protocol, 'https');
  });

  test('a tcp context without TLS files is plain http; an ssh context ignores TLS files', async () => {
    sb.writeContext('plain', { host: 'tcp://plain:2375' });
    assert.deepEqual(defined((await resolveConnection(sb.input({ DOCKER_CONTEXT: 'plain' }))).dockerOptions), { protocol: 'http', host: 'plain', port: 2375 });
    sb.writeContext('tunnel', { host: 'ssh://me@far' }, { 'ca.pem': CA });
    const ssh = await resolveConnection(sb.input({ DOCKER_CONTEXT: 'tunnel', SSH_AUTH_SOCK: '/tmp/agent' }));
    assert.equal(ssh.tls, undefined);
    assert.equal(ssh.dockerOptions.protocol, 'ssh');
  });

  test('a context whose endpoint names no host gets the default socket, with a warning', async () => {
    sb.writeContext('bare', {});
    const socket = await sb.socket(path.join(sb.rootDir, 'var/run/docker.sock'));
    const r = await resolveConnection(sb.input({ DOCKER_CONTEXT: 'bare' }));
    assert.equal(r.address, `unix://${socket}`);
    assert.equal(r.source, 'DOCKER_CONTEXT');
    assert.match(r.warnings[0] ?? '', /names no docker host/);
  });
});

describe('default socket discovery', () => {
  test('nothing found: /var/run/docker.sock, with a warning naming every place looked at', async () => {
    const r = await resolveConnection(sb.input());
    const fallback = path.join(sb.rootDir, 'var/run/docker.sock');
    assert.equal(r.address, `unix://${fallback}`);
    assert.equal(r.source, 'default-socket');
    assert.equal(r.contextName, 'default');
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? '', /^No Docker or Podman socket found/);
    for (const place of [fallback, path.join(sb.xdg, 'docker.sock'), path.join(sb.home, '.docker/run/docker.sock'), path.join(sb.xdg, 'podman/podman.sock'), path.join(sb.rootDir, 'run/podman/podman.sock')]) {
      assert.ok(r.warnings[0]?.includes(place), place);
    }
  });

  test('each kind of socket is found when it is the only one', async () => {
    const cases: Array<[string, string]> = [
      [path.join(sb.rootDir, 'var/run/docker.sock'), 'the system Docker socket'],
      [path.join(sb.xdg, 'docker.sock'), "rootless Docker's socket"],
      [path.join(sb.home, '.docker/run/docker.sock'), "Docker Desktop's socket"],
      [path.join(sb.xdg, 'podman/podman.sock'), "rootless Podman's socket"],
      [path.join(sb.rootDir, 'run/podman/podman.sock'), "Podman's system socket"],
    ];
    for (const [socket, label] of cases) {
      const fresh = new DockerSandbox();
      try {
        const relocated = socket.replace(sb.dir, fresh.dir);
        await fresh.socket(relocated);
        const r = await resolveConnection(fresh.input());
        assert.equal(r.address, `unix://${relocated}`, label);
        assert.equal(r.sourceDetail, `${label} ${relocated}`);
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(defined(r.dockerOptions), { socketPath: relocated });
      } finally {
        await fresh.dispose();
      }
    }
  });

  test('the order: system before rootless before Desktop before Podman; a directory named docker.sock is no socket', async () => {
    fs.mkdirSync(path.join(sb.rootDir, 'var/run/docker.sock'), { recursive: true }); // what `-v /var/run/docker.sock:…` leaves behind
    await sb.socket(path.join(sb.xdg, 'podman/podman.sock'));
    await sb.socket(path.join(sb.home, '.docker/run/docker.sock'));
    const rootless = await sb.socket(path.join(sb.xdg, 'docker.sock'));
    assert.equal((await resolveConnection(sb.input())).address, `unix://${rootless}`);
    const input = sb.input();
    const withoutXdg = await resolveConnection({ ...input, env: { ...input.env, XDG_RUNTIME_DIR: undefined } });
    assert.equal(withoutXdg.address, `unix://${path.join(sb.home, '.docker/run/docker.sock')}`);
  });

  test('a DOCKER_HOST of spaces counts as unset', async () => {
    const r = await resolveConnection(sb.input({ DOCKER_HOST: '  ' }, {}, 'win32'));
    assert.equal(r.address, 'npipe:////./pipe/docker_engine');
    assert.equal(r.source, 'default-socket');
  });

  test('on Windows: the docker_engine named pipe', async () => {
    const r = await resolveConnection(sb.input({}, {}, 'win32'));
    assert.equal(r.address, 'npipe:////./pipe/docker_engine');
    assert.equal(r.source, 'default-socket');
    assert.deepEqual(defined(r.dockerOptions), { socketPath: '\\\\.\\pipe\\docker_engine' });
    assert.deepEqual(r.warnings, []);
  });
});

describe('ssh', () => {
  const openssh = (cipher: string): string => {
    const magic = Buffer.from('openssh-key-v1\0', 'latin1');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(cipher.length);
    const body = Buffer.concat([magic, length, Buffer.from(cipher, 'latin1'), Buffer.alloc(16)]).toString('base64');
    return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
  };

  test('with an agent: the agent, and no key is read', async () => {
    sb.writeFiles(path.join(sb.home, '.ssh'), { id_ed25519: openssh('none') });
    const r = await resolveConnection(sb.input({ SSH_AUTH_SOCK: '/tmp/agent.sock' }, { host: 'ssh://ml@gpu-box:2222' }));
    assert.deepEqual(defined(r.dockerOptions), { protocol: 'ssh', host: 'gpu-box', port: 2222, username: 'ml', sshOptions: { agent: '/tmp/agent.sock' } });
  });

  test('without an agent: the first default key that is not passphrase-protected; the local user name', async () => {
    const ed25519 = openssh('none');
    const ecdsa = openssh('none').replace('KEY-----\n', 'KEY-----\n\n');
    sb.writeFiles(path.join(sb.home, '.ssh'), { id_ed25519: ed25519, id_ecdsa: ecdsa, id_rsa: 'rsa' });
    const first = await resolveConnection(sb.input({ USER: 'ada' }, { host: 'ssh://gpu-box' }));
    assert.deepEqual(defined(first.dockerOptions), { protocol: 'ssh', host: 'gpu-box', port: 22, username: 'ada', sshOptions: { privateKey: ed25519 } });
    assert.deepEqual(first.warnings, []);

    fs.writeFileSync(path.join(sb.home, '.ssh/id_ed25519'), openssh('aes256-ctr'));
    const second = await resolveConnection(sb.input({ USER: 'ada' }, { host: 'ssh://gpu-box' }));
    assert.deepEqual(second.dockerOptions.sshOptions, { privateKey: ecdsa });
    assert.match(second.warnings[0] ?? '', /id_ed25519: it is protected by a passphrase/);
  });

  test('legacy encrypted PEM keys are skipped too; no usable key at all is a warning, not an error', async () => {
    sb.writeFiles(path.join(sb.home, '.ssh'), { id_rsa: '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nxx\n-----END RSA PRIVATE KEY-----\n' });
    const r = await resolveConnection(sb.input({}, { host: 'ssh://me@gpu-box' }));
    assert.equal(r.dockerOptions.sshOptions, undefined);
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[0] ?? '', /id_rsa: it is protected by a passphrase/);
    assert.match(r.warnings[1] ?? '', /^No ssh agent/);
  });
});

describe('dockerode', () => {
  test('a resolved socket is not overridden by DOCKER_HOST and DOCKER_CERT_PATH, which docker-modem reads by itself', async () => {
    const certs = sb.writeFiles(path.join(sb.dir, 'env-certs'), { 'ca.pem': CA, 'cert.pem': CERT, 'key.pem': KEY });
    const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CERT_PATH: process.env.DOCKER_CERT_PATH, DOCKER_TLS_VERIFY: process.env.DOCKER_TLS_VERIFY };
    Object.assign(process.env, { DOCKER_HOST: 'tcp://elsewhere:2376', DOCKER_CERT_PATH: certs, DOCKER_TLS_VERIFY: '1' });
    try {
      const r = await resolveConnection(sb.input({}, { host: 'unix:///tmp/mine.sock' }));
      const modem = new Docker(r.dockerOptions).modem as unknown as Record<string, unknown>;
      assert.equal(modem.socketPath, '/tmp/mine.sock');
      assert.equal(modem.host, undefined);
      assert.equal(modem.protocol, 'http');
      assert.equal(modem.ca, undefined);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) Reflect.deleteProperty(process.env, key);
        else process.env[key] = value;
      }
    }
  });

  test('TLS options reach the modem as given', async () => {
    sb.writeContext('gpu-box', { host: 'tcp://gpu-box:2376' }, { 'ca.pem': CA, 'cert.pem': CERT, 'key.pem': KEY });
    const r = await resolveConnection(sb.input({ DOCKER_CONTEXT: 'gpu-box' }));
    const modem = new Docker(r.dockerOptions).modem as unknown as Record<string, unknown>;
    assert.deepEqual([modem.protocol, modem.host, modem.port, modem.ca, modem.cert, modem.key], ['https', 'gpu-box', 2376, CA, CERT, KEY]);
  });
});
