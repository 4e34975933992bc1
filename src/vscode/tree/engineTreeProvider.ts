// One provider for each engine view (Containers, Images, Networks, Nodes & Plans): children come from the shared
// snapshot; while the engine is unreachable every view is empty, so its welcome text says what to do.
import * as vscode from 'vscode';
import type { EngineSnapshot } from '../../core/engine/engineSnapshot';
import type { TreeIcon } from '../../core/engine/treeIcon';
import { containerStats } from '../../core/engine/containerStats';
import { formatBytes } from '../../core/engine/formatBytes';
import type { EngineSession } from '../engine/engineSession';
import type { EngineTreeNode } from './engineTreeNode';

export type EngineViewKind = 'containers' | 'images' | 'networks' | 'nodes';

function themeIcon(icon: TreeIcon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

function markdown(lines: readonly string[]): vscode.MarkdownString {
  // Two trailing spaces: a hard line break in Markdown, one fact a line.
  return new vscode.MarkdownString(lines.join('  \n'));
}

function rootNodes(kind: EngineViewKind, s: EngineSnapshot): EngineTreeNode[] {
  switch (kind) {
    case 'containers':
      // One group needs no level of its own; several compose projects do.
      if (s.containerGroups.length === 1 && s.containerGroups[0]?.project === undefined) return s.containers.map((view) => ({ kind: 'container', view }));
      return s.containerGroups.map((group) => ({ kind: 'group', group }));
    case 'images':
      return [...s.images.map((view): EngineTreeNode => ({ kind: 'image', view })), ...(s.danglingImages.length ? [{ kind: 'dangling' as const, images: s.danglingImages }] : [])];
    case 'networks':
      return s.networks.map((view) => ({ kind: 'network', view }));
    case 'nodes':
      return s.nodes.map((view) => ({ kind: 'node', view }));
  }
}

export class EngineTreeProvider implements vscode.TreeDataProvider<EngineTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EngineTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly kind: EngineViewKind,
    private readonly session: EngineSession,
  ) {
    this.subscription = session.onDidChangeSnapshot(() => this.changed.fire(undefined));
  }

  async getChildren(element?: EngineTreeNode): Promise<EngineTreeNode[]> {
    if (!element) {
      await this.session.ensureLoaded();
      const snapshot = this.session.snapshot;
      return snapshot ? rootNodes(this.kind, snapshot) : [];
    }
    // VS Code hands back the element it kept for an id, which may come from an older snapshot: read the children
    // from the current one.
    const snapshot = this.session.snapshot;
    if (!snapshot) return [];
    switch (element.kind) {
      case 'group': {
        const group = snapshot.containerGroups.find((g) => g.project === element.group.project);
        return (group?.containers ?? []).map((view) => ({ kind: 'container', view }));
      }
      case 'dangling':
        return snapshot.danglingImages.map((view) => ({ kind: 'image', view }));
      case 'network': {
        const network = snapshot.networks.find((n) => n.id === element.view.id);
        return (network?.containers ?? []).map((member) => ({ kind: 'member', network: network ?? element.view, member }));
      }
      default:
        return [];
    }
  }

  getTreeItem(node: EngineTreeNode): vscode.TreeItem {
    const None = vscode.TreeItemCollapsibleState.None;
    const Expanded = vscode.TreeItemCollapsibleState.Expanded;
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.group.label, Expanded);
        item.id = `group:${node.group.project ?? ''}`;
        item.description = node.group.description;
        item.iconPath = themeIcon(node.group.icon);
        item.contextValue = 'composeProject';
        return item;
      }
      case 'container': {
        const v = node.view;
        const item = new vscode.TreeItem(v.label, None);
        item.id = `container:${v.id}`;
        item.description = v.description;
        item.iconPath = themeIcon(v.icon);
        item.tooltip = markdown(v.tooltip);
        item.contextValue = `container.${v.state}${v.health ? `.${v.health}` : ''}`;
        item.accessibilityInformation = { label: `${v.label}, ${v.description}` };
        return item;
      }
      case 'image': {
        const v = node.view;
        const item = new vscode.TreeItem(v.label, None);
        item.id = `image:${v.id}`;
        item.description = v.description;
        item.iconPath = themeIcon(v.icon);
        item.tooltip = markdown(v.tooltip);
        item.contextValue = v.dangling ? 'image.dangling' : 'image.tagged';
        return item;
      }
      case 'dangling': {
        const bytes = node.images.reduce((sum, i) => sum + i.sizeBytes, 0);
        const item = new vscode.TreeItem('Dangling images', Collapsed);
        item.id = 'dangling';
        item.description = `${node.images.length} · ${formatBytes(bytes)}`;
        item.iconPath = new vscode.ThemeIcon('circle-slash');
        item.tooltip = 'Images with no tag: "Prune Stopped Containers and Dangling Images…" removes them.';
        item.contextValue = 'danglingGroup';
        return item;
      }
      case 'network': {
        const v = node.view;
        const item = new vscode.TreeItem(v.label, v.containers.length ? Collapsed : None);
        item.id = `network:${v.id}`;
        item.description = v.description;
        item.iconPath = themeIcon(v.icon);
        item.tooltip = markdown(v.tooltip);
        item.contextValue = 'network';
        return item;
      }
      case 'member': {
        const m = node.member;
        const item = new vscode.TreeItem(m.name, None);
        item.id = `member:${node.network.id}:${m.id}`;
        item.description = m.ipv4 ?? (m.attached ? 'attached' : 'configured, not running');
        item.iconPath = new vscode.ThemeIcon(m.attached ? 'vm-running' : 'vm-outline');
        item.contextValue = 'networkMember';
        return item;
      }
      case 'node': {
        const v = node.view;
        const item = new vscode.TreeItem(v.label, None);
        item.id = `node:${v.id}`;
        item.description = v.description;
        item.iconPath = themeIcon(v.icon);
        item.tooltip = markdown(v.tooltip);
        item.contextValue = 'node';
        return item;
      }
    }
  }

  /** Live CPU and memory for a running container, fetched only when its tooltip is shown. */
  async resolveTreeItem(item: vscode.TreeItem, node: EngineTreeNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind !== 'container' || node.view.state !== 'running') return item;
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const { docker } = await this.session.connect();
      const stats = await containerStats(docker, node.view.id, 3000, abort.signal);
      const cpu = stats.cpuPercent === undefined ? 'CPU: measuring…' : `CPU: ${stats.cpuPercent.toFixed(1)} %`;
      item.tooltip = markdown([...node.view.tooltip, `${cpu} · Memory: ${formatBytes(stats.memoryBytes)} / ${formatBytes(stats.memoryLimitBytes)}`]);
    } catch {
      // The tooltip without live figures is still right.
    } finally {
      cancel.dispose();
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
