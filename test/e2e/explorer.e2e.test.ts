// The Berth sidebar against its own engine: containers grouped by compose project with their states, a new
// container appearing live, the swarm node's GPUs, and the engine going away and coming back without a reload.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { IsolatedEngine } from '../engine/isolatedEngine';
import { buildBusyboxImage, TEST_LABEL } from '../support/busyboxImage';
import { openE2eWorkbench, type E2eWorkbench } from '../support/e2eWorkbench';
import { screenshot } from '../support/workbenchPage';

const IMAGE = 'berth-test/busybox:explorer';
const ENGINE_DIR = '/tmp/berth-eng-x';
const skip = IsolatedEngine.skipReason();

async function run(docker: Docker, name: string, project: string | undefined, cmd: string[], start = true): Promise<void> {
  const labels: Record<string, string> = { [TEST_LABEL]: '1' };
  if (project) {
    labels['com.docker.compose.project'] = project;
    labels['com.docker.compose.service'] = name.replace(/^.*?-/, '');
  }
  const c = await docker.createContainer({ name, Image: IMAGE, Cmd: cmd, Labels: labels, HostConfig: { NetworkMode: 'none' }, StopTimeout: 1 });
  if (start) await c.start();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The rows of a view pane, as text. */
async function rows(page: Page, view: string): Promise<string> {
  const pane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: view }) });
  return pane.locator('.monaco-list-rows').innerText().catch(() => '');
}

describe('the Berth sidebar against a real engine', { skip }, () => {
  let engine: IsolatedEngine;
  let docker: Docker;
  let session: E2eWorkbench;
  let page: Page;

  before(async () => {
    engine = await IsolatedEngine.start(ENGINE_DIR, '--node-generic-resource gpu=2');
    docker = engine.docker();
    await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
    await buildBusyboxImage(docker, IMAGE);
    await run(docker, 'shop-api', 'shop', ['sleep', '600']);
    await run(docker, 'shop-worker', 'shop', ['sh', '-c', 'exit 3']);
    await run(docker, 'lab-notebook', 'lab', ['sleep', '600']);
    await run(docker, 'scratchpad', undefined, ['true'], false);
    session = await openE2eWorkbench('sample-model-project', { ...process.env, DOCKER_HOST: engine.dockerHost });
    page = session.page;
    await page.locator('.activitybar .action-item a[aria-label^="Berth"]').click();
  });

  after(async () => {
    await session.close();
    await docker.swarmLeave({ force: true }).catch(() => undefined);
    await engine.stop();
  });

  test('containers are grouped by compose project, with state, exit code and the engine in the status bar', async () => {
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'shop-worker' }).waitFor({ timeout: 30_000 });
    const text = await rows(page, 'Containers');
    assert.match(text, /lab/);
    assert.match(text, /shop/);
    assert.match(text, /shop-api\s*running/);
    assert.match(text, /shop-worker\s*exited \(3\)/);
    assert.match(text, /scratchpad\s*created/);
    await page.locator('.statusbar-item', { hasText: 'default' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'e2e-20-explorer-containers');
  });

  test('a container started from outside appears without a refresh', async (t) => {
    const started = Date.now();
    await run(docker, 'shop-cache', 'shop', ['sleep', '600']);
    const afterRun = Date.now();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /shop-cache\s*running/ }).waitFor({ timeout: 5_000 });
    const visibleMs = Date.now() - afterRun;
    t.diagnostic(`new container visible ${visibleMs} ms after docker run returned (create+start took ${afterRun - started} ms)`);
    // The aim is 0.6 s (bench/explorer measures it); this bound only catches a tree that stopped following events.
    assert.ok(visibleMs < 3000, `took ${visibleMs} ms`);
  });

  test('a state change shows in the row: stopping a container turns it to exited', async () => {
    await docker.getContainer('shop-cache').stop({ t: 1 });
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /shop-cache\s*exited \(137\)/ }).waitFor({ timeout: 10_000 });
    assert.match(await rows(page, 'Containers'), /shop\s*1\/3 running/);
  });

  test("a container row's inline Follow Logs button opens the container's channel", async () => {
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: 'lab-notebook' }).first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label*="Follow Logs"]').click();
    // The channel is created and shown before the engine answers; lab-notebook runs `sleep`, so it stays empty.
    await page.locator('.part.panel', { hasText: 'Berth: lab-notebook' }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'e2e-24-explorer-follow-logs-inline');
  });

  test('the swarm node shows its role and its GPUs', async () => {
    await page.locator('.part.sidebar .monaco-list-row', { hasText: '2 GPU' }).waitFor({ timeout: 15_000 });
    assert.match(await rows(page, 'Nodes & Plans'), /manager · active .*2 GPU/);
    await screenshot(page, 'e2e-21-explorer-swarm-node');
  });

  test('the views say at once when the engine stops, and recover by themselves when it returns', async () => {
    // Stop the daemon, keeping its data (engine.sh stop would wipe it), as a user's engine restart does.
    const pid = Number(readFileSync(join(ENGINE_DIR, 'dockerd.pid'), 'utf8'));
    process.kill(pid, 'SIGTERM');
    const stoppedAt = Date.now();
    await page.locator('.part.sidebar', { hasText: 'Berth cannot reach the Docker Engine' }).first().waitFor({ timeout: 30_000 });
    const noticedMs = Date.now() - stoppedAt;
    await screenshot(page, 'e2e-22-explorer-engine-stopped');
    // The old daemon must be gone (pid file, socket) before the same folder can start another.
    for (let waited = 0; processAlive(pid) && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    await engine.startAgain();
    const restartedAt = Date.now();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'shop-api' }).waitFor({ timeout: 30_000 });
    const recoveredMs = Date.now() - restartedAt;
    await screenshot(page, 'e2e-23-explorer-engine-back');
    assert.ok(noticedMs < 20_000 && recoveredMs < 20_000, `noticed after ${noticedMs} ms, recovered ${recoveredMs} ms after the restart`);
  });
});
