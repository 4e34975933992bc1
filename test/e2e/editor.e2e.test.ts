// The editor surfaces as a user meets them: code lenses above a compose file, the placement preview opened from one
// (node bars read inside the webview), Berth's findings in the Problems panel, and a build started from a
// Dockerfile's lens running in a terminal. Screenshots in test-results/.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { readCompose } from '../../src/core/compose/readCompose';
import { openE2eWorkbench, type E2eWorkbench } from '../support/e2eWorkbench';
import { runCommand, screenshot } from '../support/workbenchPage';

const TAG = 'berth-e2e/lens-build:dev';

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await input.press('Enter');
  await page.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 15_000 });
}

describe('Code lenses, the placement preview, findings and a build from the editor', () => {
  const docker = new Docker();
  let session: E2eWorkbench;
  let page: Page;

  before(async () => {
    session = await openE2eWorkbench('sample-model-project');
    page = session.page;
    // A Dockerfile that builds offline (FROM scratch + busybox), and one with findings.
    mkdirSync(join(session.folder, 'busybox-app'));
    cpSync('/bin/busybox', join(session.folder, 'busybox-app', 'busybox'));
    writeFileSync(join(session.folder, 'busybox-app', 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nCMD ["sh", "-c", "echo hello"]\n');
    writeFileSync(join(session.folder, 'serving.Dockerfile'), 'FROM python:latest\nENV HF_TOKEN=hf_abcdefghijklmnopqrstuv\nCOPY model.safetensors /models/\nCMD ["python", "serve.py"]\n');
  });

  after(async () => {
    await session.close();
    await docker.getImage(TAG).remove({ force: true }).catch(() => undefined);
  });

  test('a compose file shows Up all / Down / Preview placement, and each service what it reserves', async () => {
    await openFile(page, 'compose.stack.yaml');
    const lenses = page.locator('.contentWidgets .codelens-decoration, .view-zones ~ * .codelens-decoration, .codelens-decoration');
    await page.locator('.codelens-decoration a', { hasText: 'Preview placement' }).first().waitFor({ timeout: 30_000 });
    const text = (await lenses.allInnerTexts()).join(' | ');
    assert.match(text, /Up all/);
    assert.match(text, /Down/);
    assert.match(text, /2 GPU/);
    await screenshot(page, 'e2e-40-compose-lenses');
  });

  test('clicking "Preview placement" opens the webview with a bar per node and resource, within capacity', async () => {
    await page.locator('.codelens-decoration a', { hasText: 'Preview placement' }).first().click();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await frame.locator('[data-testid="berth-status"]', { hasText: /optimal|feasible/i }).waitFor({ timeout: 60_000 });
    const gpuBars = frame.locator('[data-testid^="berth-bar-"][data-testid$="-gpu"]');
    const count = await gpuBars.count();
    assert.ok(count >= 2, `GPU bars: ${count}`);
    let used = 0;
    for (let i = 0; i < count; i++) {
      const bar = gpuBars.nth(i);
      const u = Number(await bar.getAttribute('data-used'));
      const c = Number(await bar.getAttribute('data-capacity'));
      assert.ok(u <= c, `${await bar.getAttribute('data-testid')}: ${u} of ${c}`);
      used += u;
    }
    // Every GPU the compose file reserves is on some node's bar.
    const path = join(session.folder, 'compose.stack.yaml');
    const { workload } = readCompose({ files: [{ path, text: readFileSync(path, 'utf8') }], env: {} });
    const asked = workload.services.reduce((s, svc) => s + svc.replicas * (typeof svc.gpu?.count === 'number' ? svc.gpu.count : 0), 0);
    assert.equal(used, asked);
    assert.equal(await frame.locator('[data-testid="berth-unplaced"] li').count(), 0);
    await screenshot(page, 'e2e-41-placement-from-lens');
  });

  test('what-if: one L40S node fewer re-solves live and says what no longer fits; one more brings it back', async () => {
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const settled = frame.locator('[data-testid="berth-status"]:not([data-status="solving"])');
    await frame.locator('[data-testid="berth-whatif-remove-l40s"]').click();
    await frame.locator('[data-testid="berth-whatif-count-l40s"]', { hasText: /^1$/ }).waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="berth-unplaced"] li').first().waitFor({ timeout: 30_000 });
    await settled.waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('[data-testid="berth-node-l40s-2"]').count(), 0);
    // llm wants 2 replicas of 2 GPUs, at most one per node: with one L40S node, one replica has nowhere to go.
    const left = frame.locator('[data-testid="berth-unplaced"] li[data-service="llm"]');
    assert.equal(await left.getAttribute('data-replicas'), '1');
    assert.match(await left.innerText(), /llm/);
    await screenshot(page, 'e2e-42-placement-what-if');
    await frame.locator('[data-testid="berth-whatif-add-l40s"]').click();
    await frame.locator('[data-testid="berth-whatif-count-l40s"]', { hasText: /^2$/ }).waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="berth-unplaced"] li').first().waitFor({ state: 'detached', timeout: 30_000 });
  });

  test('findings of a Dockerfile appear in the Problems panel with their rule ids', async () => {
    await openFile(page, 'serving.Dockerfile');
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const problems = page.locator('.markers-panel');
    await problems.locator('.monaco-list-row', { hasText: 'berth/secret-in-env' }).first().waitFor({ timeout: 30_000 });
    const text = await problems.innerText();
    assert.match(text, /berth\/unpinned-base-image/);
    assert.match(text, /berth\/weights-in-image/);
    await screenshot(page, 'e2e-43-problems');
  });

  test('"Build image" on a Dockerfile lens asks for a tag and builds in a terminal', async () => {
    // Quick Open by path: the sample project has its own Dockerfile too.
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input[type="text"]');
    await input.fill('busybox-app/Dockerfile');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'busybox-app' }).first().waitFor({ timeout: 15_000 });
    await input.press('Enter');
    const build = page.locator('.codelens-decoration a', { hasText: 'Build image' }).first();
    await build.waitFor({ timeout: 30_000 });
    await build.click();
    const tagInput = page.locator('.quick-input-widget input[type="text"]');
    await tagInput.waitFor({ timeout: 15_000 });
    await tagInput.fill(TAG);
    await tagInput.press('Enter');
    const terminal = page.locator('.part.panel .terminal-wrapper, .part.panel .xterm');
    await terminal.first().waitFor({ timeout: 30_000 });
    for (let waited = 0; waited < 90_000; waited += 500) {
      if (await docker.getImage(TAG).inspect().then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const image = await docker.getImage(TAG).inspect();
    assert.deepEqual(image.Config.Cmd, ['sh', '-c', 'echo hello']);
    await new Promise((r) => setTimeout(r, 1000));
    await screenshot(page, 'e2e-44-build-terminal');
  });
});
