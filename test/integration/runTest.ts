// Launches the integration suites with @vscode/test-electron's runTests. On a desktop with VS Code installed it
// uses that VS Code (or BERTH_VSCODE_EXECUTABLE; BERTH_TEST_WORKBENCH=electron downloads one when none is
// installed); here and in CI, where nothing can be downloaded, it hands runTests our launcher, which runs the
// same suites in code-server. BERTH_TEST_WORKBENCH=code-server forces the launcher.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../support/workbench';

const SUMMARY = /^BERTH-SUITE-SUMMARY (\{.*\})$/m;

/** Where desktop VS Code usually lives; used only where a display can show its window. */
function installedVsCode(): string | undefined {
  const candidates =
    process.platform === 'darwin'
      ? ['/Applications/Visual Studio Code.app/Contents/MacOS/Electron', '/Applications/Visual Studio Code.app/Contents/MacOS/Code']
      : process.platform === 'win32'
        ? [join(process.env.LOCALAPPDATA ?? '', 'Programs', 'Microsoft VS Code', 'Code.exe'), join(process.env.ProgramFiles ?? '', 'Microsoft VS Code', 'Code.exe')]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['/usr/share/code/code', '/snap/code/current/usr/share/code/code', '/opt/visual-studio-code/code']
          : [];
  return candidates.find((c) => c && existsSync(c));
}

function pickExecutable(): string | undefined {
  const workbench = process.env.BERTH_TEST_WORKBENCH;
  if (process.env.BERTH_VSCODE_EXECUTABLE) return process.env.BERTH_VSCODE_EXECUTABLE;
  if (workbench === 'electron') return installedVsCode(); // else runTests downloads VS Code
  if (workbench !== 'code-server') {
    const desktop = installedVsCode();
    if (desktop) return desktop;
  }
  return join(repoRoot, 'out', 'test', 'integration', 'codeServerLauncher.js');
}

async function main(): Promise<void> {
  let transcript = '';
  const tee = (target: NodeJS.WriteStream): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        transcript += chunk.toString();
        target.write(chunk, done);
      },
    });
  const vscodeExecutablePath = pickExecutable();
  if (vscodeExecutablePath && !existsSync(vscodeExecutablePath)) throw new Error(`no VS Code executable at ${vscodeExecutablePath}`);
  let failedRun = false;
  try {
    await runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'suite', 'index'),
      launchArgs: [join(repoRoot, 'test', 'fixtures', 'sample-model-project')],
      extensionTestsEnv: { BERTH_INTEGRATION: '1' },
      stdout: tee(process.stdout),
      stderr: tee(process.stderr),
    });
  } catch (error) {
    failedRun = true;
    process.stderr.write(`integration: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  // The suite prints its counts as one JSON line; keep them for the closing summary of `npm test`.
  const match = SUMMARY.exec(transcript);
  const counts = match?.[1] ? (JSON.parse(match[1]) as { passed: number; failed: number }) : { passed: 0, failed: 1 };
  if (failedRun && counts.failed === 0) counts.failed = 1; // the host died after the suite: still a failure
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(join(repoRoot, 'test-results', 'integration-summary.json'), JSON.stringify(counts));
  process.exitCode = failedRun || counts.failed > 0 ? 1 : 0;
}

void main();
