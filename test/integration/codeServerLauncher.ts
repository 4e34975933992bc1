#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron spawns, where VS Code desktop cannot be
// downloaded: it takes the same arguments, runs the suite in code-server's real Node extension host through the
// workbench `payload` URL (the route test-electron uses on the desktop), and exits with the suite's exit code.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser, payloadUrl, repoRoot, startCodeServer, writeQuietSettings } from '../support/workbench';

interface LaunchArgs {
  folder: string | undefined;
  extensionDevelopmentPaths: string[];
  extensionTestsPath: string | undefined;
  userDataDir: string;
  extensionsDir: string;
}

function parseArgs(argv: readonly string[]): LaunchArgs {
  const parsed: LaunchArgs = {
    folder: undefined,
    extensionDevelopmentPaths: [],
    extensionTestsPath: undefined,
    userDataDir: join(repoRoot, '.vscode-test', 'user-data'),
    extensionsDir: join(repoRoot, '.vscode-test', 'extensions'),
  };
  for (const arg of argv) {
    const [flag, value] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--extensionDevelopmentPath' && value) parsed.extensionDevelopmentPaths.push(value);
    else if (flag === '--extensionTestsPath' && value) parsed.extensionTestsPath = value;
    else if (flag === '--user-data-dir' && value) parsed.userDataDir = value;
    else if (flag === '--extensions-dir' && value) parsed.extensionsDir = value;
    else if (!arg.startsWith('-')) parsed.folder = arg;
    // Electron-only flags (--no-sandbox, --disable-gpu-sandbox, --skip-welcome, …) mean nothing here.
  }
  return parsed;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionTestsPath || args.extensionDevelopmentPaths.length === 0) {
    process.stderr.write('codeServerLauncher: --extensionTestsPath and --extensionDevelopmentPath are required\n');
    return 2;
  }
  if (args.extensionDevelopmentPaths.length > 1) {
    // The web workbench reads its payload into a Map: a second extensionDevelopmentPath would silently replace
    // the first. Install the others into --extensions-dir instead.
    process.stderr.write('codeServerLauncher: code-server takes one --extensionDevelopmentPath; install other extensions into --extensions-dir\n');
    return 2;
  }
  const timeoutMs = Number(process.env.BERTH_SUITE_TIMEOUT_MS ?? 10 * 60_000);
  // A fresh profile each run, as test-electron gives on the desktop.
  rmSync(args.userDataDir, { recursive: true, force: true });
  writeQuietSettings(args.userDataDir);
  const stateDir = join(resolve(args.userDataDir, '..'), 'code-server-state');
  mkdirSync(stateDir, { recursive: true });
  const workbench = await startCodeServer({ userDataDir: args.userDataDir, extensionsDir: args.extensionsDir, stateDir });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let settle: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((r) => (settle = r));
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...args); // the host forwards console.log's arguments, format string included
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    const folder = args.folder ?? join(repoRoot, 'test', 'fixtures', 'sample-model-project');
    await page.goto(payloadUrl(workbench, { folder, extensionDevelopmentPaths: args.extensionDevelopmentPaths, extensionTestsPath: args.extensionTestsPath }));
    const timer = new Promise<number>((r) => setTimeout(() => r(-1), timeoutMs).unref());
    const code = await Promise.race([exitCode, timer]);
    if (code !== 0) {
      const shot = join(repoRoot, 'test-results', 'integration-failure.png');
      mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      process.stderr.write(code === -1 ? `codeServerLauncher: the suite did not finish within ${timeoutMs} ms (screenshot: ${shot})\n` : `codeServerLauncher: suite exit code ${code} (screenshot: ${shot})\n`);
    }
    return code === -1 ? 1 : code;
  } finally {
    await browser.close().catch(() => undefined);
    await workbench.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`codeServerLauncher: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
