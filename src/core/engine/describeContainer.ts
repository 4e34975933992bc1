// One container from the list call as tree-ready data: state, health, exit code, label, description, icon, tooltip.
import type Docker from 'dockerode';
import { escapeMarkdown } from './escapeMarkdown';
import { formatPorts } from './formatPorts';
import { parseContainerStatus, type ContainerHealth } from './parseContainerStatus';
import { publishedPorts, type PublishedPort } from './publishedPorts';
import type { TreeIcon } from './treeIcon';

export type ContainerState = 'running' | 'exited' | 'restarting' | 'paused' | 'created' | 'dead' | 'removing';

const STATES: ReadonlySet<string> = new Set<ContainerState>(['running', 'exited', 'restarting', 'paused', 'created', 'dead', 'removing']);
const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

export interface ContainerView {
  readonly id: string;
  readonly shortId: string;
  readonly name: string;
  /** The image as the container was created from it; a short id when that reference no longer exists. */
  readonly image: string;
  readonly imageId: string;
  readonly state: ContainerState;
  readonly health: ContainerHealth | undefined;
  readonly exitCode: number | undefined;
  readonly label: string;
  readonly description: string;
  readonly icon: TreeIcon;
  readonly ports: readonly PublishedPort[];
  readonly composeProject: string | undefined;
  readonly composeService: string | undefined;
  readonly createdMs: number;
  /** Approximate (the engine words uptimes, "Up 3 minutes"); undefined unless running or paused. */
  readonly startedAtMs: number | undefined;
  /** The engine's own status text, as `docker ps` prints it. */
  readonly status: string;
  /** Markdown, one fact a line: the adapter joins them with hard line breaks. */
  readonly tooltip: readonly string[];
}

/** The fields of the list call's entries that Berth reads; dockerode's ContainerInfo satisfies it. */
export type ContainerInfoLike = Pick<Docker.ContainerInfo, 'Id' | 'Names' | 'Image' | 'ImageID' | 'Created' | 'State' | 'Status'> & {
  readonly Ports?: Docker.ContainerInfo['Ports'] | null;
  readonly Labels?: Docker.ContainerInfo['Labels'] | null;
};

export function describeContainer(info: ContainerInfoLike, nowMs: number): ContainerView {
  // A state newer engines may add is shown neutral, not as a failure.
  const state: ContainerState = STATES.has(info.State) ? (info.State as ContainerState) : 'exited';
  const facts = parseContainerStatus(info.Status);
  const health = state === 'running' ? facts.health : undefined;
  const exitCode = state === 'exited' || state === 'restarting' ? facts.exitCode : undefined;
  const ports = publishedPorts(info.Ports ?? []);
  const labels = info.Labels ?? {};
  const name = (info.Names[0] ?? info.Id.slice(0, 12)).replace(/^\//, '');
  const image = info.Image.startsWith('sha256:') ? info.Image.slice(7, 19) : info.Image;
  const composeProject = labels[COMPOSE_PROJECT_LABEL] || undefined;
  const composeService = labels[COMPOSE_SERVICE_LABEL] || undefined;
  const startedAtMs = (state === 'running' || state === 'paused') && facts.upForMs !== undefined ? nowMs - facts.upForMs : undefined;

  const stateText = describeState(state, health, exitCode);
  const portText = formatPorts(ports);
  const description = state === 'running' && portText ? `${stateText} · ${portText}` : stateText;

  const tooltip = [
    `**${escapeMarkdown(name)}** · ${escapeMarkdown(stateText)}`,
    `Image: \`${image}\``,
    ...(portText ? [`Ports: ${escapeMarkdown(portText)}`] : []),
    `Status: ${escapeMarkdown(info.Status)}`,
    ...(composeProject ? [`Compose: ${escapeMarkdown(composeProject)}${composeService ? ` / ${escapeMarkdown(composeService)}` : ''}`] : []),
    `ID: \`${info.Id.slice(0, 12)}\``,
  ];

  return {
    id: info.Id,
    shortId: info.Id.slice(0, 12),
    name,
    image,
    imageId: info.ImageID,
    state,
    health,
    exitCode,
    label: name,
    description,
    icon: iconFor(state, health, exitCode),
    ports,
    composeProject,
    composeService,
    createdMs: info.Created * 1000,
    startedAtMs,
    status: info.Status,
    tooltip,
  };
}

function describeState(state: ContainerState, health: ContainerHealth | undefined, exitCode: number | undefined): string {
  switch (state) {
    case 'running':
      return health ?? 'running';
    case 'exited':
      return exitCode === undefined ? 'exited' : `exited (${exitCode})`;
    default:
      return state;
  }
}

function iconFor(state: ContainerState, health: ContainerHealth | undefined, exitCode: number | undefined): TreeIcon {
  switch (state) {
    case 'running':
      if (health === 'unhealthy') return { id: 'warning', color: 'charts.yellow' };
      if (health === 'starting') return { id: 'vm-pending', color: 'charts.yellow' };
      return { id: 'vm-running', color: 'charts.green' };
    case 'paused':
      return { id: 'debug-pause', color: 'charts.blue' };
    case 'restarting':
      return { id: 'sync~spin', color: 'charts.orange' };
    case 'exited':
      return exitCode !== undefined && exitCode !== 0 ? { id: 'error', color: 'charts.red' } : { id: 'vm-outline' };
    case 'dead':
      return { id: 'error', color: 'charts.red' };
    case 'removing':
      return { id: 'trash' };
    case 'created':
      return { id: 'vm-outline' };
  }
}
