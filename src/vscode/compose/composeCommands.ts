// Compose Up / Down / Restart: `docker compose` in a task terminal the user sees and can re-run, for all services or
// a chosen subset, with profiles and the GPU override file offered when present. Arguments are an array, never a
// shell string, so a service or file name cannot run anything.
import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import { cliEnvironment } from '../../core/engine/cliEnvironment';
import type { EngineSession } from '../engine/engineSession';
import { loadBundle } from '../loadBundle';
import { COMPOSE_SELECTOR } from '../lenses/berthCodeLensProvider';
import { pickWorkspaceFile, type WorkspaceFileKind } from '../pickWorkspaceFile';

export type ComposeAction = 'up' | 'down' | 'restart';

const COMPOSE_FILE: WorkspaceFileKind = {
  selector: COMPOSE_SELECTOR,
  glob: '**/{compose,docker-compose}*.{yml,yaml}',
  skip: /gpu|override|placement/i,
  title: 'Berth: Compose',
  placeHolder: 'Which compose file?',
  none: 'No compose file in this workspace: "Berth: Add Model Container Files…" writes one.',
};

/**
 * `docker compose -f … [--profile …] <action> [services]` for the V2 plugin, or the same for the standalone V1
 * `docker-compose` (no `compose` word, and no `--wait`, which V1 lacks). Exported for tests.
 */
export function composeArgs(files: readonly string[], profiles: readonly string[], action: ComposeAction, services: readonly string[], standalone = false): string[] {
  const args = [...(standalone ? [] : ['compose']), ...files.flatMap((f) => ['-f', f]), ...profiles.flatMap((p) => ['--profile', p]), action];
  if (action === 'up') args.push(...(standalone ? ['--detach'] : ['--detach', '--wait']));
  if (action === 'down') args.push('--remove-orphans');
  // `--` ends the options: a service called `--volumes` stays a service name.
  if (action !== 'down' && services.length) args.push('--', ...services);
  return args;
}

async function runCompose(session: EngineSession, log: vscode.LogOutputChannel, action: ComposeAction, uri: vscode.Uri | undefined, services: readonly string[] | undefined): Promise<number | false | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Compose runs commands from the workspace: trust this workspace first.');
    return false;
  }
  const file = await pickWorkspaceFile(uri, COMPOSE_FILE);
  if (!file) return false;
  const folder = dirname(file.fsPath);
  const { detectDockerCli } = loadBundle('dockerodeBundle');
  const cli = await detectDockerCli(process.env);
  if (!cli.docker) {
    void vscode.window.showErrorMessage('Compose needs the docker CLI, and none is on PATH. Install Docker (or the docker CLI package) and reload the window.');
    return false;
  }
  if (!cli.compose && !cli.composeStandalone) {
    void vscode.window.showErrorMessage(
      `Compose needs the Compose V2 CLI plugin: "${cli.docker} compose version" failed, and no docker-compose is on PATH. Install the docker-compose-plugin package (Docker's apt repository), Docker Desktop, or Debian's docker-compose, then retry.`,
    );
    return false;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const { readCompose } = loadBundle('editorBundle');
  const all = readCompose({ files: [{ path: file.fsPath, text }], env: process.env, profiles: ['*'] });
  const files = [file.fsPath];
  const gpuOverride = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '{compose,docker-compose}*gpu*.{yml,yaml}'), undefined, 1))[0];
  if (gpuOverride && action !== 'down') {
    const choice = await vscode.window.showQuickPick(
      [
        { label: `With ${basename(gpuOverride.fsPath)}`, description: 'NVIDIA GPU reservations', use: true },
        { label: 'Without it', description: 'CPU only', use: false },
      ],
      { title: `Berth: Compose ${action}`, placeHolder: 'This project has a GPU override file' },
    );
    if (!choice) return false;
    if (choice.use) files.push(gpuOverride.fsPath);
  } else if (gpuOverride) files.push(gpuOverride.fsPath);
  const profileNames = [...new Set(all.workload.services.flatMap((s) => s.profiles))];
  let profiles: string[] = [];
  if (profileNames.length && action !== 'down') {
    const picked = await vscode.window.showQuickPick(profileNames.map((p) => ({ label: p })), { title: 'Berth: Compose profiles', placeHolder: 'Profiles to enable (none: only services without a profile)', canPickMany: true });
    if (!picked) return false;
    profiles = picked.map((p) => p.label);
  }
  let chosen = services ?? [];
  if (!services && action !== 'down') {
    const active = all.workload.services.filter((s) => s.profiles.length === 0 || s.profiles.some((p) => profiles.includes(p)));
    const picked = await vscode.window.showQuickPick(
      active.map((s) => ({ label: s.name, description: s.image ?? (s.build ? 'built here' : ''), picked: true })),
      { title: `Berth: Compose ${action}`, placeHolder: 'Services (all by default)', canPickMany: true },
    );
    if (!picked) return false;
    chosen = picked.length === active.length ? [] : picked.map((p) => p.label);
  }
  let env: Record<string, string> = {};
  try {
    const { connection } = await session.connect();
    env = Object.fromEntries(Object.entries(cliEnvironment(connection)).filter((e): e is [string, string] => e[1] !== undefined));
  } catch (error) {
    log.warn(`Compose: no engine connection resolved (${error instanceof Error ? error.message : String(error)}); the CLI uses its own defaults`);
  }
  const standalone = !cli.compose ? cli.composeStandalone : undefined;
  const args = composeArgs(files, profiles, action, chosen, standalone !== undefined);
  const program = standalone ?? cli.docker;
  const task = new vscode.Task(
    { type: 'berth-compose', action, file: file.fsPath },
    vscode.workspace.getWorkspaceFolder(file) ?? vscode.TaskScope.Workspace,
    `compose ${action} ${basename(file.fsPath)}${chosen.length ? ` (${chosen.join(', ')})` : ''}`,
    'berth',
    new vscode.ProcessExecution(program, args, { cwd: folder, env }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  log.info(`Compose: ${program} ${args.map((a) => JSON.stringify(a)).join(' ')}`);
  // Resolves with the CLI's exit code when the task's process ends (callers such as tests can wait on it).
  return new Promise<number | undefined>((resolve) => {
    let execution: vscode.TaskExecution | undefined;
    const listener = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution !== execution && e.execution.task.name !== task.name) return;
      listener.dispose();
      resolve(e.exitCode);
    });
    vscode.tasks.executeTask(task).then(
      (started) => (execution = started),
      (error: unknown) => {
        listener.dispose();
        log.error(`Compose: the task did not start: ${error instanceof Error ? error.message : String(error)}`);
        resolve(undefined);
      },
    );
  });
}

export function registerComposeCommands(session: EngineSession, log: vscode.LogOutputChannel): vscode.Disposable {
  const register = (action: ComposeAction) =>
    vscode.commands.registerCommand(`berth.compose.${action}`, (uri?: vscode.Uri, services?: readonly string[]) =>
      runCompose(session, log, action, uri, Array.isArray(services) ? services : undefined),
    );
  return vscode.Disposable.from(register('up'), register('down'), register('restart'));
}
