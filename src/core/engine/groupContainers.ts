// The Containers view's first level: one group per compose project, then the containers no project owns.
import type { ContainerView } from './describeContainer';
import type { TreeIcon } from './treeIcon';

export interface ContainerGroup {
  /** The compose project (label com.docker.compose.project); undefined for the containers outside any project. */
  readonly project: string | undefined;
  readonly label: string;
  /** `2/3 running` */
  readonly description: string;
  readonly icon: TreeIcon;
  /** Sorted by name. */
  readonly containers: readonly ContainerView[];
}

/** Projects in name order, then the ungrouped containers last. */
export function groupContainers(containers: readonly ContainerView[]): ContainerGroup[] {
  const byProject = new Map<string | undefined, ContainerView[]>();
  for (const c of containers) {
    const list = byProject.get(c.composeProject);
    if (list) list.push(c);
    else byProject.set(c.composeProject, [c]);
  }
  const projects = [...byProject.keys()].sort((a, b) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b)));
  return projects.map((project) => {
    const members = (byProject.get(project) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    const running = members.filter((c) => c.state === 'running').length;
    const failing = members.some((c) => c.health === 'unhealthy' || c.state === 'restarting' || c.state === 'dead' || (c.state === 'exited' && c.exitCode !== undefined && c.exitCode !== 0));
    return {
      project,
      label: project ?? 'Standalone containers',
      description: `${running}/${members.length} running`,
      icon: project === undefined ? { id: 'vm' } : failing ? { id: 'layers', color: 'charts.yellow' } : { id: 'layers' },
      containers: members,
    };
  });
}
