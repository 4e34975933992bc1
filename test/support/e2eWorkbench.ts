// One real workbench for an e2e file: the packaged .vsix installed into a fresh profile, a copy of a fixture project
// opened, chromium pointed at it. Console errors are collected for the tests to check.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { folderUrl, installVsix, launchBrowser, repoRoot, startCodeServer, writeQuietSettings, type RunningWorkbench } from './workbench';
import { waitForWorkbench } from './workbenchPage';

export interface E2eWorkbench {
  readonly page: Page;
  /** The opened copy of the fixture project. */
  readonly folder: string;
  readonly consoleErrors: string[];
  close(): Promise<void>;
}

/** `env`: the workbench's environment (DOCKER_HOST of the engine the test uses); default: this process's. */
export async function openE2eWorkbench(fixture: string, env: NodeJS.ProcessEnv = process.env): Promise<E2eWorkbench> {
  const vsix = join(repoRoot, 'berth.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package`);
  const temp = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  const userDataDir = join(temp, 'user-data');
  const extensionsDir = join(temp, 'extensions');
  const stateDir = join(temp, 'state');
  const folder = join(temp, fixture);
  cpSync(join(repoRoot, 'test', 'fixtures', fixture), folder, { recursive: true });
  writeQuietSettings(userDataDir);
  installVsix(vsix, userDataDir, extensionsDir, stateDir);
  let workbench: RunningWorkbench | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await workbench?.stop();
    rmSync(temp, { recursive: true, force: true });
  };
  try {
    workbench = await startCodeServer({ userDataDir, extensionsDir, stateDir, env });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(folderUrl(workbench, folder));
    await waitForWorkbench(page);
    return { page, folder, consoleErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
