// Everything Berth's sidebar shows (containers by compose project, images, networks, swarm nodes) as plain data,
// loaded with a handful of list calls in parallel, each with a deadline.
import type Docker from 'dockerode';
import { callWithTimeout } from './callWithTimeout';
import { describeContainer, type ContainerView } from './describeContainer';
import { describeImage, type ImageView } from './describeImage';
import { describeNetwork, type NetworkMember, type NetworkView } from './describeNetwork';
import { describeNode, type NodeView, type SwarmNodeLike } from './describeNode';
import { groupContainers, type ContainerGroup } from './groupContainers';

export interface EngineSnapshot {
  readonly loadedAtMs: number;
  /** Compose projects in name order, then the containers outside any project (project undefined). */
  readonly containerGroups: readonly ContainerGroup[];
  /** The same containers, flat, in name order. */
  readonly containers: readonly ContainerView[];
  /** Tagged images, by first tag. */
  readonly images: readonly ImageView[];
  /** Images with no tag, newest first: a group of their own, so that pruning them is one glance. */
  readonly danglingImages: readonly ImageView[];
  readonly networks: readonly NetworkView[];
  /** Empty unless this engine is an active swarm manager. */
  readonly nodes: readonly NodeView[];
  /** The engine's Swarm.LocalNodeState: inactive | pending | active | error | locked. */
  readonly swarmState: string;
  /** Whether this engine can list nodes and services (a swarm manager). */
  readonly swarmManager: boolean;
}

export interface SnapshotOptions {
  /** Deadline for each engine call; default 5 s. */
  readonly timeoutMs?: number;
  /** The clock ages and uptimes are computed against (tests pin it). */
  readonly nowMs?: number;
}

export type SnapshotEngine = Pick<Docker, 'listContainers' | 'listImages' | 'listNetworks' | 'listNodes' | 'info'>;

interface SwarmInfo {
  readonly LocalNodeState?: string;
  readonly ControlAvailable?: boolean;
}

export async function loadEngineSnapshot(docker: SnapshotEngine, signal?: AbortSignal, options: SnapshotOptions = {}): Promise<EngineSnapshot> {
  const timeoutMs = options.timeoutMs ?? 5000;
  // @types/dockerode leaves out info()'s options argument; dockerode 5 reads abortSignal from it like every list call.
  const info = docker.info.bind(docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<{ Swarm?: SwarmInfo } | null>;
  const swarmAndNodes = async (): Promise<{ swarm: SwarmInfo; nodes: SwarmNodeLike[] }> => {
    const swarm = (await callWithTimeout('info', timeoutMs, signal, (abortSignal) => info({ abortSignal })))?.Swarm ?? {};
    if (swarm.LocalNodeState !== 'active' || swarm.ControlAvailable !== true) return { swarm, nodes: [] };
    const nodes = (await callWithTimeout('listNodes', timeoutMs, signal, (abortSignal) => docker.listNodes({ abortSignal }))) as SwarmNodeLike[];
    return { swarm, nodes };
  };
  const [containerInfos, imageInfos, networkInfos, { swarm, nodes }] = await Promise.all([
    callWithTimeout('listContainers', timeoutMs, signal, (abortSignal) => docker.listContainers({ all: true, abortSignal })),
    callWithTimeout('listImages', timeoutMs, signal, (abortSignal) => docker.listImages({ abortSignal })),
    callWithTimeout('listNetworks', timeoutMs, signal, (abortSignal) => docker.listNetworks({ abortSignal })),
    swarmAndNodes(),
  ]);

  const nowMs = options.nowMs ?? Date.now();
  const containers = containerInfos.map((c) => describeContainer(c, nowMs)).sort((a, b) => a.name.localeCompare(b.name));

  const usersByImage = new Map<string, number>();
  for (const c of containerInfos) usersByImage.set(c.ImageID, (usersByImage.get(c.ImageID) ?? 0) + 1);
  const allImages = imageInfos.map((i) => describeImage(i, usersByImage.get(i.Id) ?? 0, nowMs));

  const networks = networkInfos
    .map((n) => describeNetwork(n, membersOf(n, containerInfos)))
    .sort((a, b) => Number(a.builtIn) - Number(b.builtIn) || a.name.localeCompare(b.name));

  return {
    loadedAtMs: nowMs,
    containerGroups: groupContainers(containers),
    containers,
    images: allImages.filter((i) => !i.dangling).sort((a, b) => a.label.localeCompare(b.label)),
    danglingImages: allImages.filter((i) => i.dangling).sort((a, b) => b.createdMs - a.createdMs),
    networks,
    nodes: nodes.map(describeNode).sort((a, b) => Number(b.role === 'manager') - Number(a.role === 'manager') || a.hostname.localeCompare(b.hostname)),
    swarmState: swarm.LocalNodeState ?? 'inactive',
    swarmManager: swarm.ControlAvailable === true,
  };
}

/**
 * The containers configured on a network, read from each container's NetworkSettings (reliable on API 1.41, where the
 * network list leaves Containers empty). A created container has no NetworkID yet: it is matched by network name.
 */
function membersOf(network: Pick<Docker.NetworkInspectInfo, 'Id' | 'Name'>, containers: readonly Docker.ContainerInfo[]): NetworkMember[] {
  const members: NetworkMember[] = [];
  for (const c of containers) {
    const networks = (c.NetworkSettings as Partial<Docker.ContainerInfo['NetworkSettings']> | undefined)?.Networks ?? {};
    for (const [name, endpoint] of Object.entries(networks)) {
      const matches = endpoint.NetworkID ? endpoint.NetworkID === network.Id : name === network.Name;
      if (!matches) continue;
      const attached = (c.State === 'running' || c.State === 'paused') && Boolean(endpoint.EndpointID);
      members.push({
        id: c.Id,
        name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
        ipv4: attached && endpoint.IPAddress ? endpoint.IPAddress : undefined,
        attached,
      });
    }
  }
  return members;
}
