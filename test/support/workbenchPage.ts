// What a person does in the workbench, as playwright steps: palette commands, views, screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from './workbench';

export const resultsDir = join(repoRoot, 'test-results');

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The status bar is drawn once the workbench has restored its parts.
  await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
}

/** Runs a command from the palette. `leaveOpen`: the command opens its own quick input, so don't wait for it to close. */
export async function runCommand(page: Page, title: string, options: { readonly leaveOpen?: boolean } = {}): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await input.press('Enter');
  if (!options.leaveOpen) await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Waits for a quick input whose title contains `title` and returns its visible text. */
export async function quickInputText(page: Page, title: string): Promise<string> {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  return widget.innerText();
}

/** Clicks a button of the modal dialog that shows `text`. */
export async function answerDialog(page: Page, text: string | RegExp, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: text });
  await dialog.waitFor({ timeout: 15_000 });
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
