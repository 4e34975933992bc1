// Swarm nodes (`GET /nodes`, dockerode listNodes) -> the NodeCapacity a placement problem needs, leaving out the
// nodes Swarm would not schedule a new task on, and saying why.
import type { NodeCapacity } from '../placementProblem';
import { swarmGpus, type GenericResourceLike } from './swarmGpus';
import { swarmNodeNames } from './swarmNodeNames';

/** The fields of a `GET /nodes` entry that placement reads (dockerode types them as any). */
export interface SwarmNodeInfo {
  readonly ID: string;
  readonly Spec?: { readonly Role?: string; readonly Availability?: string; readonly Labels?: Readonly<Record<string, string>> | null } | null;
  readonly Description?: {
    readonly Hostname?: string;
    readonly Platform?: { readonly OS?: string; readonly Architecture?: string } | null;
    readonly Resources?: { readonly NanoCPUs?: number; readonly MemoryBytes?: number; readonly GenericResources?: readonly GenericResourceLike[] | null } | null;
  } | null;
  readonly Status?: { readonly State?: string; readonly Message?: string; readonly Addr?: string } | null;
}

export interface SwarmCapacity {
  /** Ready, active nodes, in the order given. */
  readonly nodes: readonly NodeCapacity[];
  /** One sentence per node left out, or per oddity a person should know about. */
  readonly warnings: readonly string[];
}

export function nodesFromSwarm(swarmNodes: readonly SwarmNodeInfo[]): SwarmCapacity {
  const names = swarmNodeNames(swarmNodes);
  const nodes: NodeCapacity[] = [];
  const warnings: string[] = [];
  for (const node of swarmNodes) {
    const name = names.get(node.ID) ?? node.ID;
    const state = node.Status?.State ?? 'unknown';
    const availability = node.Spec?.Availability ?? 'active';
    if (state !== 'ready') {
      const message = node.Status?.Message ? ` (${node.Status.Message})` : '';
      warnings.push(`${name} is ${state}${message}: left out, Swarm places nothing on a node that is not ready.`);
      continue;
    }
    if (availability === 'drain') {
      warnings.push(`${name} is drained: left out, Swarm places no task on it until it is made active again.`);
      continue;
    }
    if (availability === 'pause') {
      warnings.push(`${name} is paused: left out, Swarm places no new task on it until it is made active again.`);
      continue;
    }
    const resources = node.Description?.Resources;
    const gpuKinds = swarmGpus(resources?.GenericResources);
    const gpus = [...gpuKinds.values()].reduce((sum, n) => sum + n, 0);
    if (gpuKinds.size > 1) {
      const kinds = [...gpuKinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
      warnings.push(`${name} advertises GPUs of ${gpuKinds.size} kinds (${kinds}): one replica reserves a single kind, so it gets at most ${Math.max(...gpuKinds.values())}.`);
    }
    const platform = node.Description?.Platform;
    const hostname = node.Description?.Hostname;
    nodes.push({
      name,
      cpuMillis: Math.round((resources?.NanoCPUs ?? 0) / 1e6),
      memoryBytes: resources?.MemoryBytes ?? 0,
      gpus,
      labels: { ...(node.Spec?.Labels ?? {}) },
      role: node.Spec?.Role === 'manager' ? 'manager' : 'worker',
      ...(hostname ? { hostname } : {}),
      ...(platform?.OS || platform?.Architecture
        ? { platform: { ...(platform.OS ? { os: platform.OS } : {}), ...(platform.Architecture ? { arch: platform.Architecture } : {}) } }
        : {}),
    });
  }
  return { nodes, warnings };
}
