// Follow Logs (palette: pick a container; tree: the clicked one), Stop Following and Clear.
import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import { composeProjectName } from '../../core/engine/composeProjectName';
import { loadEngineSnapshot } from '../../core/engine/engineSnapshot';
import { loadBundle } from '../loadBundle';
import type { EngineSession } from '../engine/engineSession';
import type { EngineTreeNode } from '../tree/engineTreeNode';
import type { FollowTarget, LogChannels } from './logChannels';

async function pickContainer(session: EngineSession): Promise<FollowTarget | undefined> {
  const { docker } = await session.connect();
  const snapshot = session.snapshot ?? (await loadEngineSnapshot(docker));
  const picked = await vscode.window.showQuickPick(
    snapshot.containers.map((c) => ({
      label: c.name,
      description: c.description,
      detail: c.composeProject ? `${c.composeProject} / ${c.composeService ?? ''} · ${c.image}` : c.image,
      target: { id: c.id, name: c.name, composeProject: c.composeProject, composeService: c.composeService },
    })),
    { title: 'Berth: Follow Logs', placeHolder: 'Which container?', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.target;
}

async function pickChannel(channels: readonly { key: string; title: string }[], title: string): Promise<string | undefined> {
  if (channels.length === 0) {
    void vscode.window.showInformationMessage('Berth follows no container logs.');
    return undefined;
  }
  if (channels.length === 1) return channels[0]?.key;
  return (await vscode.window.showQuickPick(channels.map((c) => ({ label: c.title, key: c.key })), { title }))?.key;
}

export function registerLogCommands(session: EngineSession, channels: LogChannels): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('berth.logs.follow', async (node?: EngineTreeNode | FollowTarget): Promise<string | undefined> => {
      let target: FollowTarget | undefined;
      if (node && 'kind' in node) {
        if (node.kind !== 'container') return undefined;
        target = { id: node.view.id, name: node.view.name, composeProject: node.view.composeProject, composeService: node.view.composeService };
      } else target = node ?? (await pickContainer(session));
      if (!target) return undefined;
      try {
        return await channels.follow(target);
      } catch (error) {
        void vscode.window.showErrorMessage(`Cannot follow the logs of ${target.name}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    }),
    // A compose service's "Logs" lens: every container of that service in the file's compose project.
    vscode.commands.registerCommand('berth.logs.followService', async (file: vscode.Uri, service: string): Promise<string[]> => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      const { readCompose } = loadBundle('editorBundle');
      const topLevelName = readCompose({ files: [{ path: file.fsPath, text }], env: process.env }).documents[0]?.document.get('name');
      const project = composeProjectName(basename(dirname(file.fsPath)), typeof topLevelName === 'string' ? topLevelName : undefined, process.env);
      const { docker } = await session.connect();
      const found = await docker.listContainers({
        all: true,
        filters: { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] },
      });
      if (found.length === 0) {
        void vscode.window.showInformationMessage(`No container of service "${service}" in compose project "${project}": start it with Compose Up first.`);
        return [];
      }
      const keys: string[] = [];
      for (const c of found) {
        const name = (c.Names[0] ?? c.Id).replace(/^\//, '');
        keys.push(await channels.follow({ id: c.Id, name, composeProject: project, composeService: service }));
      }
      return keys;
    }),
    vscode.commands.registerCommand('berth.logs.stop', async (key?: string) => {
      const chosen = key ?? (await pickChannel(channels.following, 'Berth: Stop Following Logs'));
      if (chosen) channels.stop(chosen);
    }),
    vscode.commands.registerCommand('berth.logs.clear', async (key?: string) => {
      const chosen = key ?? (await pickChannel(channels.all, 'Berth: Clear Logs'));
      if (chosen) channels.clear(chosen);
    }),
  );
}
