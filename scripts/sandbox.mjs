// npm run sandbox: opens Berth in a real VS Code workbench (code-server 4.100.3) in your browser, on a copy of
// the sample model project, with the freshly packaged .vsix installed. Installs what it needs on first run.
//   npm run sandbox                   uses the Docker engine at DOCKER_HOST or the default socket, if one answers
//   npm run sandbox -- --engine       starts the isolated test engine when none answers (Linux, root), with a
//                                     demo image and container so the views have something to show
//   BERTH_SANDBOX_PORT=8123 npm run sandbox    pick the port (default 8080, or a free one when it is taken)
import { cpSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNodeModules, findOrStartEngine, Phases, prepareWorkbenchAndPackage, root, stopIsolatedEngine } from './lib/steps.mjs';

const require = createRequire(import.meta.url);
const wantEngine = process.argv.includes('--engine');
const phases = new Phases('sandbox');
const cache = process.env.BERTH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'berth');

async function demoObjects(dockerHost) {
  const Docker = require('dockerode');
  const { buildBusyboxImage } = require(join(root, 'out', 'test', 'support', 'busyboxImage.js'));
  const docker = new Docker({ socketPath: dockerHost.replace(/^unix:\/\//, '') });
  const image = 'berth-sandbox/trainer:0.1.0';
  await buildBusyboxImage(docker, image);
  const existing = await docker.listContainers({ all: true, filters: { name: ['berth-demo-trainer'] } });
  if (existing.length > 0) return;
  const container = await docker.createContainer({
    name: 'berth-demo-trainer',
    Image: image,
    Cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "epoch $i loss=0.$((RANDOM % 90 + 10))"; [ $((i % 5)) = 0 ] && echo "checkpoint $i saved" >&2; sleep 2; done'],
    Labels: { 'com.docker.compose.project': 'sample-model-project', 'com.docker.compose.service': 'trainer' },
    HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'unless-stopped' } },
  });
  await container.start();
}

async function main() {
  await phases.run('npm dependencies', ensureNodeModules);
  await prepareWorkbenchAndPackage(phases);

  const engine = await phases.run('Docker engine', () => findOrStartEngine(wantEngine));
  const dockerHost = engine.dockerHost;
  const engineStartedHere = engine.startedHere;
  if (engineStartedHere) {
    await demoObjects(dockerHost);
    console.log(`started the isolated engine at ${dockerHost}, with a demo image and a container`);
  } else if (engine.answering) {
    console.log(`Berth will use the Docker engine at ${dockerHost}`);
  } else {
    console.log(`no Docker engine answers at ${dockerHost}: Berth will say so. Run "npm run sandbox -- --engine" to start the isolated one.`);
  }

  const project = join(cache, 'sandbox', 'sample-model-project');
  // Files the sample gained since the copy was made are added; the user's edits to existing ones are kept.
  cpSync(join(root, 'test', 'fixtures', 'sample-model-project'), project, { recursive: true, force: false, errorOnExist: false });

  const wb = require(join(root, 'out', 'test', 'support', 'workbench.js'));
  const state = mkdtempSync(join(tmpdir(), 'berth-sandbox-'));
  const userDataDir = join(cache, 'sandbox', 'user-data');
  const extensionsDir = join(cache, 'sandbox', 'extensions');
  wb.writeQuietSettings(userDataDir, { 'workbench.colorTheme': 'Default Dark Modern' });
  wb.installVsix(join(root, 'berth.vsix'), userDataDir, extensionsDir, state);
  const wanted = Number(process.env.BERTH_SANDBOX_PORT ?? 8080);
  const port = (await portIsFree(wanted)) ? wanted : await wb.freePort();
  const workbench = await wb.startCodeServer({
    userDataDir,
    extensionsDir,
    stateDir: state,
    port,
    env: { ...process.env, DOCKER_HOST: dockerHost },
    onOutput: () => undefined,
  });
  phases.print();
  console.log(`\nBerth is open on the sample model project: ${wb.folderUrl(workbench, project)}\n(Ctrl+C stops the workbench${engineStartedHere ? ' and the isolated engine' : ''}.)`);

  const stop = async () => {
    await workbench.stop();
    if (engineStartedHere) await stopIsolatedEngine();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function portIsFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

main().catch((error) => {
  console.error(`[sandbox] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
