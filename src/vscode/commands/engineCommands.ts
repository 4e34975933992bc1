// Actions on engine objects from the tree (start, stop, restart, remove, inspect, copy id, prune) and the view-wide
// ones (refresh, switch context). Each asks before it destroys, and says what happened or what went wrong.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { listDockerContexts } from '../../core/engine/listDockerContexts';
import { formatBytes } from '../../core/engine/formatBytes';
import type { EngineSession } from '../engine/engineSession';
import type { ReadonlyContentProvider } from '../readonlyContentProvider';
import type { EngineTreeNode } from '../tree/engineTreeNode';

type Of<K extends EngineTreeNode['kind']> = Extract<EngineTreeNode, { kind: K }>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function registerEngineCommands(session: EngineSession, inspect: ReadonlyContentProvider, log: vscode.LogOutputChannel): vscode.Disposable {
  /** Runs an engine action with progress in the window, reporting a failure with the engine's own message. */
  const act = async (title: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Berth: ${title}` }, run);
      log.info(title);
      return true;
    } catch (error) {
      log.error(`${title} failed: ${errorText(error)}`);
      void vscode.window.showErrorMessage(`${title} failed: ${errorText(error)}`);
      return false;
    } finally {
      void session.reload();
    }
  };

  const container = (verb: 'start' | 'stop' | 'restart') => async (node: Of<'container'> | undefined) => {
    if (node?.kind !== 'container') return;
    const { docker } = await session.connect();
    const c = docker.getContainer(node.view.id);
    await act(`${verb} ${node.view.name}`, () => (verb === 'start' ? c.start() : verb === 'stop' ? c.stop({ t: 10 }) : c.restart({ t: 10 })));
  };

  const openInspect = async (kind: string, id: string, name: string, load: () => Promise<unknown>): Promise<void> => {
    try {
      const data = await load();
      const uri = inspect.set(`${kind}/${name.replace(/[/\\]/g, '_')}.json`, JSON.stringify(data, null, 2));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'json');
      await vscode.window.showTextDocument(doc, { preview: true });
    } catch (error) {
      void vscode.window.showErrorMessage(`Inspect ${kind} ${name} (${id.slice(0, 12)}) failed: ${errorText(error)}`);
    }
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('berth.views.refresh', async () => {
      session.reset('Refresh');
      await session.reload();
    }),
    vscode.commands.registerCommand('berth.container.start', container('start')),
    vscode.commands.registerCommand('berth.container.stop', container('stop')),
    vscode.commands.registerCommand('berth.container.restart', container('restart')),
    vscode.commands.registerCommand('berth.container.remove', async (node: Of<'container'> | undefined, confirmed?: boolean) => {
      if (node?.kind !== 'container') return false;
      const running = node.view.state === 'running' || node.view.state === 'restarting';
      if (!confirmed) {
        const answer = await vscode.window.showWarningMessage(
          `Remove container ${node.view.name}?`,
          { modal: true, detail: `${running ? 'It is running: it will be stopped first. ' : ''}Its writable layer goes with it; named volumes stay.` },
          'Remove',
        );
        if (answer !== 'Remove') return false;
      }
      const { docker } = await session.connect();
      return act(`remove ${node.view.name}`, () => docker.getContainer(node.view.id).remove({ force: running }));
    }),
    vscode.commands.registerCommand('berth.container.inspect', async (node: Of<'container'> | undefined) => {
      if (node?.kind !== 'container') return;
      const { docker } = await session.connect();
      await openInspect('container', node.view.id, node.view.name, () => docker.getContainer(node.view.id).inspect());
    }),
    vscode.commands.registerCommand('berth.container.copyId', async (node: Of<'container'> | undefined) => {
      if (node?.kind !== 'container') return;
      await vscode.env.clipboard.writeText(node.view.id);
      vscode.window.setStatusBarMessage(`Copied the ID of ${node.view.name}`, 3000);
    }),
    vscode.commands.registerCommand('berth.image.remove', async (node: Of<'image'> | undefined, confirmed?: boolean) => {
      if (node?.kind !== 'image') return false;
      const v = node.view;
      if (!confirmed) {
        const answer = await vscode.window.showWarningMessage(
          `Remove image ${v.label}?`,
          { modal: true, detail: `${formatBytes(v.sizeBytes)}.${v.inUseBy ? ` ${v.inUseBy} container${v.inUseBy === 1 ? '' : 's'} use it: the engine refuses while they exist.` : ''}` },
          'Remove',
        );
        if (answer !== 'Remove') return false;
      }
      const { docker } = await session.connect();
      // A tagged image is removed by its tag (other tags of the same id stay); a dangling one by id.
      return act(`remove image ${v.label}`, () => docker.getImage(v.repoTags[0] ?? v.id).remove());
    }),
    vscode.commands.registerCommand('berth.image.inspect', async (node: Of<'image'> | undefined) => {
      if (node?.kind !== 'image') return;
      const { docker } = await session.connect();
      await openInspect('image', node.view.id, node.view.label, () => docker.getImage(node.view.id).inspect());
    }),
    vscode.commands.registerCommand('berth.network.inspect', async (node: Of<'network'> | undefined) => {
      if (node?.kind !== 'network') return;
      const { docker } = await session.connect();
      await openInspect('network', node.view.id, node.view.name, () => docker.getNetwork(node.view.id).inspect());
    }),
    vscode.commands.registerCommand('berth.node.inspect', async (node: Of<'node'> | undefined) => {
      if (node?.kind !== 'node') return;
      const { docker } = await session.connect();
      await openInspect('node', node.view.id, node.view.hostname, () => docker.getNode(node.view.id).inspect());
    }),
    vscode.commands.registerCommand('berth.engine.prune', async (confirmed?: boolean) => {
      const { docker } = await session.connect();
      // What it will free, measured before asking: stopped containers' writable layers and dangling images.
      const [stopped, dangling] = await Promise.all([
        docker.listContainers({ all: true, size: true, filters: { status: ['exited', 'created', 'dead'] } }),
        docker.listImages({ filters: { dangling: ['true'] } }),
      ]);
      const bytes = stopped.reduce((s, c) => s + ((c as { SizeRw?: number }).SizeRw ?? 0), 0) + dangling.reduce((s, i) => s + i.Size, 0);
      if (stopped.length === 0 && dangling.length === 0) {
        void vscode.window.showInformationMessage('Nothing to prune: no stopped containers, no dangling images.');
        return { containers: 0, images: 0, bytes: 0 };
      }
      if (confirmed !== true) {
        const answer = await vscode.window.showWarningMessage(
          `Prune ${stopped.length} stopped container${stopped.length === 1 ? '' : 's'} and ${dangling.length} dangling image${dangling.length === 1 ? '' : 's'}?`,
          { modal: true, detail: `This frees about ${formatBytes(bytes)}. Volumes, networks and tagged images stay.` },
          'Prune',
        );
        if (answer !== 'Prune') return undefined;
      }
      let reclaimed = 0;
      await act('prune stopped containers and dangling images', async () => {
        const c = (await docker.pruneContainers()) as { SpaceReclaimed?: number };
        const i = (await docker.pruneImages({ filters: { dangling: { true: true } } })) as { SpaceReclaimed?: number };
        reclaimed = (c.SpaceReclaimed ?? 0) + (i.SpaceReclaimed ?? 0);
      });
      void vscode.window.showInformationMessage(`Pruned: ${formatBytes(reclaimed)} freed.`);
      return { containers: stopped.length, images: dangling.length, bytes: reclaimed };
    }),
    vscode.commands.registerCommand('berth.engine.switchContext', async () => {
      const settings = vscode.workspace.getConfiguration('berth.docker');
      let contexts;
      try {
        contexts = await listDockerContexts({
          settings: { host: settings.get<string>('host'), context: settings.get<string>('context') },
          env: process.env,
          platform: process.platform,
          homeDir: homedir(),
        });
      } catch (error) {
        void vscode.window.showErrorMessage(errorText(error));
        return;
      }
      const follow: { label: string; description: string; detail: string; name: string | undefined; usable: boolean } = {
        label: '$(terminal) Follow the docker CLI',
        description: 'DOCKER_HOST, DOCKER_CONTEXT, then docker context use',
        detail: 'Clears berth.docker.context',
        name: undefined,
        usable: true,
      };
      const picked = await vscode.window.showQuickPick(
        [
          ...contexts.map((c) => ({
            label: `${c.current ? '$(check) ' : ''}${c.name}`,
            description: c.host,
            detail: c.problem ?? c.description,
            name: c.name,
            usable: c.problem === undefined,
          })),
          follow,
        ],
        { title: 'Berth: Switch Docker Context', placeHolder: 'Berth uses this context; the docker CLI keeps its own' },
      );
      if (!picked) return;
      if (!picked.usable) {
        void vscode.window.showErrorMessage(`Context "${picked.name ?? ''}" cannot be used: ${picked.detail}`);
        return;
      }
      if (settings.get<string>('host')) {
        void vscode.window.showWarningMessage('berth.docker.host is set and wins over any context: clear it to use a context.');
      }
      // "default" is written as such: it means no context, whatever DOCKER_CONTEXT or config.json say (like --context default).
      await settings.update('context', picked.name, vscode.ConfigurationTarget.Global);
    }),
  );
}
