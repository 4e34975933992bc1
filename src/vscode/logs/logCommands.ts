// Follow Logs (palette: pick a container; tree: the clicked one), Stop Following and Clear.
import * as vscode from 'vscode';
import { loadEngineSnapshot } from '../../core/engine/engineSnapshot';
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
