// "Berth: Add Model Container Files…" as a user runs it: from the palette, Enter at every question, then again
// on a project whose Dockerfile the user wrote: a diff and a question, and "Keep Mine" keeps it.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openE2eWorkbench, type E2eWorkbench } from '../support/e2eWorkbench';
import { answerDialog, quickInputText, runCommand, screenshot } from '../support/workbenchPage';

const TITLE = 'Berth: Add Model Container Files';

/** Accepts every question of the flow with Enter, checking that each step shows up. */
async function acceptDefaults(page: Page, firstShot?: string): Promise<void> {
  await runCommand(page, 'Berth: Add Model Container Files', { leaveOpen: true });
  const first = await quickInputText(page, TITLE);
  if (firstShot) await screenshot(page, firstShot);
  assert.match(first, /Hugging Face Transformers/);
  assert.match(first, /detected · found requirements\.txt · app\.py · 1 model file/);
  for (let step = 1; step <= 5; step++) {
    await quickInputText(page, TITLE);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(150);
  }
}

describe('Add Model Container Files, from the palette', () => {
  let session: E2eWorkbench;
  let page: Page;

  before(async () => {
    session = await openE2eWorkbench('scaffold-project');
    page = session.page;
  });

  after(async () => {
    await session.close();
  });

  test('Enter at every question writes matching container files and opens the Dockerfile', async () => {
    await acceptDefaults(page, 'e2e-10-scaffold-first-question');
    await page.locator('.tabs-container .tab', { hasText: 'Dockerfile' }).waitFor({ timeout: 30_000 });
    for (const f of ['Dockerfile', '.dockerignore', 'compose.yaml', 'compose.gpu.yaml']) assert.ok(existsSync(join(session.folder, f)), `${f} written`);
    const dockerfile = readFileSync(join(session.folder, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^FROM nvidia\/cuda:12\.4\.1-cudnn-runtime-ubuntu22\.04 AS runtime$/m);
    assert.match(dockerfile, /"app:api"/);
    await page.locator('.monaco-editor .view-lines', { hasText: 'syntax=docker/dockerfile:1' }).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'e2e-11-scaffold-dockerfile');
  });

  test("a Dockerfile the user wrote is shown in a diff and kept when the user says so", async () => {
    const mine = '# my own Dockerfile\nFROM python:3.12-slim\n';
    writeFileSync(join(session.folder, 'Dockerfile'), mine);
    await acceptDefaults(page);
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 15_000 });
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Dockerfile already exists' });
    await dialog.waitFor({ timeout: 15_000 });
    await screenshot(page, 'e2e-12-scaffold-diff-and-question');
    await answerDialog(page, 'Dockerfile already exists', 'Keep Mine');
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'Kept yours: Dockerfile' }).first().waitFor({ timeout: 15_000 });
    assert.equal(readFileSync(join(session.folder, 'Dockerfile'), 'utf8'), mine);
  });
});
