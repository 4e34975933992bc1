// Berth as a user meets it: the packaged .vsix installed into a real workbench (code-server = VS Code 1.100.3),
// driven through Debian's chromium. Each step leaves a screenshot in test-results/.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openE2eWorkbench, type E2eWorkbench } from '../support/e2eWorkbench';
import { repoRoot } from '../support/workbench';
import { runCommand, screenshot } from '../support/workbenchPage';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('Berth in a real workbench, installed from its .vsix', () => {
  let session: E2eWorkbench;
  let page: Page;

  before(async () => {
    session = await openE2eWorkbench('sample-model-project');
    page = session.page;
  });

  after(async () => {
    await session.close();
  });

  test('the Berth activity bar item opens its views, with welcome texts where they are empty', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Berth"]').click();
    const sidebar = page.locator('.part.sidebar');
    for (const title of ['Containers', 'Images', 'Networks', 'Nodes & Plans']) {
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
    // The sample project has two compose files: the command asks which services, and offers the seed's example.
    await runCommand(page, 'Berth: Preview Placement', { leaveOpen: true });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'built-in sample' }).first().click({ timeout: 15_000 });
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const versionCell = frame.locator('[data-testid="berth-version"]');
    await versionCell.waitFor({ timeout: 30_000 });
    assert.equal(await versionCell.innerText(), version);
    // The seed's worked example, solved by the worker: C1 and C3 on N1 (3 of 5 CPUs), C2 on N2 (3 of 4).
    const nodes = frame.locator('[data-testid="berth-nodes"] .berth-card');
    assert.equal(await nodes.count(), 2);
    const n1 = frame.locator('[data-testid="berth-bar-N1-cpu"]');
    await frame.locator('[data-testid="berth-status"]', { hasText: /optimal/i }).waitFor({ timeout: 30_000 });
    assert.equal(await n1.getAttribute('data-capacity'), '5');
    assert.equal(await n1.getAttribute('data-used'), '3');
    assert.equal(await frame.locator('[data-testid="berth-bar-N2-cpu"]').getAttribute('data-used'), '3');
    assert.match(await frame.locator('[data-testid="berth-assignments"]').innerText(), /C1[\s\S]*N1/);
    assert.equal(await frame.locator('[data-testid="berth-source"]').innerText(), 'sample');
    // The components rendered (Lit shadow roots) and no CSP violation was reported by the page.
    assert.equal(await frame.locator('vscode-table').first().evaluate((e: { shadowRoot: unknown }) => e.shadowRoot !== null), true);
    const csp = (await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const violations = session.consoleErrors.filter((e) => /Content Security Policy/i.test(e));
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
