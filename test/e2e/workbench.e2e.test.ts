// Berth as a user meets it: the packaged .vsix installed into a real workbench (code-server = VS Code 1.100.3),
// driven through Debian's chromium. Each step leaves a screenshot in test-results/.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { folderUrl, installVsix, launchBrowser, repoRoot, startCodeServer, writeQuietSettings, type RunningWorkbench } from '../support/workbench';
import { runCommand, screenshot, waitForWorkbench } from '../support/workbenchPage';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const vsix = join(repoRoot, 'berth.vsix');

describe('Berth in a real workbench, installed from its .vsix', () => {
  let temp: string;
  let workbench: RunningWorkbench | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run npm run package`);
    temp = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
    const userDataDir = join(temp, 'user-data');
    const extensionsDir = join(temp, 'extensions');
    const stateDir = join(temp, 'state');
    const folder = join(temp, 'sample-model-project');
    cpSync(join(repoRoot, 'test', 'fixtures', 'sample-model-project'), folder, { recursive: true });
    writeQuietSettings(userDataDir);
    installVsix(vsix, userDataDir, extensionsDir, stateDir);
    workbench = await startCodeServer({ userDataDir, extensionsDir, stateDir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(folderUrl(workbench, folder));
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await workbench?.stop();
    rmSync(temp, { recursive: true, force: true });
  });

  test('the Berth activity bar item opens its three views, each with its welcome text', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Berth"]').click();
    const sidebar = page.locator('.part.sidebar');
    for (const title of ['Containers', 'Images', 'Nodes & Plans']) {
      await sidebar.locator('.pane-header', { hasText: title }).waitFor({ timeout: 30_000 });
    }
    await sidebar.getByRole('button', { name: 'Check Docker Engine' }).first().waitFor({ timeout: 30_000 });
    await sidebar.getByRole('button', { name: 'Preview Placement' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'e2e-01-berth-views');
  });

  test('"Berth: Check Docker Engine" from the palette reports the real engine', async () => {
    await runCommand(page, 'Berth: Check Docker Engine');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Docker Engine' }).first();
    await toast.waitFor({ timeout: 30_000 });
    const text = await toast.innerText();
    assert.match(text, /Docker Engine \d+\.\d+\.\d+\S* \(API 1\.\d+, linux\/\w+/);
    await screenshot(page, 'e2e-02-check-engine');
  });

  test('"Berth: Preview Placement" opens a webview under a strict CSP that shows what the host sent', async () => {
    await runCommand(page, 'Berth: Preview Placement');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const versionCell = frame.locator('[data-testid="berth-version"]');
    await versionCell.waitFor({ timeout: 30_000 });
    assert.equal(await versionCell.innerText(), version);
    const nodes = frame.locator('[data-testid="berth-nodes"] vscode-table-row');
    assert.equal(await nodes.count(), 2);
    assert.match(await nodes.first().innerText(), /N1\s+5 CPU\s+16 GiB\s+0/);
    assert.equal(await frame.locator('[data-testid="berth-source"]').innerText(), 'sample');
    // The components rendered (Lit shadow roots) and no CSP violation was reported by the page.
    assert.equal(await frame.locator('vscode-table').first().evaluate((e: { shadowRoot: unknown }) => e.shadowRoot !== null), true);
    const csp = (await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const violations = consoleErrors.filter((e) => /Content Security Policy/i.test(e));
    assert.deepEqual(violations, []);
    await screenshot(page, 'e2e-03-placement-webview');
  });

  test('"Berth: Show Output" shows the Berth channel with its activation line', async () => {
    await runCommand(page, 'Berth: Show Output');
    const panel = page.locator('.part.panel');
    await panel.locator('.view-lines', { hasText: `Berth ${version} activated in` }).first().waitFor({ timeout: 30_000 });
    assert.match(await panel.innerText(), /Berth/);
    await screenshot(page, 'e2e-04-output-channel');
  });
});
