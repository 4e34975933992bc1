// A Plan -> the Swarm services that carry it out: one replicated service per (service, node) group, pinned to its
// node by a constraint and reserving what the placement model counted (CPU, memory, GPUs), so Swarm's own scheduler
// agrees with the plan.
import type Docker from 'dockerode';
import type { Plan, PlacementProblem } from '../placementProblem';

/** What Berth needs to run a service; the caller builds it from the compose service. */
export interface SwarmServiceTemplate {
  readonly image: string;
  /** compose `command`: replaces the image's CMD (Swarm's `Args`), not its entrypoint. */
  readonly command?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** compose `stop_grace_period`; Swarm's default is 10 s. */
  readonly stopGracePeriodMillis?: number;
}

/** How to pin a service to one plan node and which generic-resource kind its GPUs are advertised as. */
export interface SwarmNodeTarget {
  /** `node.hostname == gpu-1`, or `node.id == …` when the hostname is not unique in the swarm. */
  readonly constraint: string;
  /** `gpu` unless the node advertises its GPUs under another kind (`NVIDIA-GPU`, say). */
  readonly gpuKind: string;
}

export interface SwarmServicePlan {
  /** The Swarm service name. */
  readonly name: string;
  /** The plan's service and node. */
  readonly service: string;
  readonly node: string;
  readonly replicas: number;
  readonly spec: Docker.ServiceSpec;
}

export const PLAN_LABEL = 'berth.plan';
export const SERVICE_LABEL = 'berth.service';
export const NODE_LABEL = 'berth.plan.node';

/** The engine refuses smaller memory reservations (`invalid memory value …: Must be at least 4MiB`). */
const MIN_MEMORY_BYTES = 4 * 1024 ** 2;
/** Swarm's rule for service names (a DNS label): letters, digits, `-` and `_`, starting and ending alphanumeric, at most 63. */
const MAX_NAME = 63;

/**
 * Specs named `<prefix><service>` when the plan puts all of a service's replicas on one node, else
 * `<prefix><service>-<node>` per node. Throws on a plan that cannot be applied as it stands.
 */
export function swarmServiceSpecs(
  plan: Plan,
  problem: PlacementProblem,
  templates: ReadonlyMap<string, SwarmServiceTemplate>,
  targets: ReadonlyMap<string, SwarmNodeTarget>,
  prefix = '',
): SwarmServicePlan[] {
  if (plan.status === 'infeasible') {
    throw new Error(`The plan is infeasible and cannot be applied${plan.explanation?.length ? `: ${plan.explanation.join(' ')}` : '.'}`);
  }
  const demands = new Map(problem.services.map((s) => [s.name, s]));
  const nodes = new Map(problem.nodes.map((n) => [n.name, n]));
  const groups = new Map<string, Map<string, number>>();
  for (const a of plan.assignments) {
    if (!Number.isInteger(a.replicas) || a.replicas < 0) throw new Error(`The plan gives ${a.service} ${a.replicas} replicas on ${a.node}: not a count.`);
    if (a.replicas === 0) continue;
    if (!demands.has(a.service)) throw new Error(`The plan places ${a.service}, which the problem does not have.`);
    if (!nodes.has(a.node)) throw new Error(`The plan uses node ${a.node}, which the problem does not have.`);
    let perNode = groups.get(a.service);
    if (!perNode) groups.set(a.service, (perNode = new Map<string, number>()));
    perNode.set(a.node, (perNode.get(a.node) ?? 0) + a.replicas);
  }

  const out: SwarmServicePlan[] = [];
  const byName = new Map<string, string>();
  for (const [service, perNode] of groups) {
    const demand = demands.get(service);
    const template = templates.get(service);
    if (!demand) continue;
    if (!template) throw new Error(`No image for ${service}: the plan places it but no service template was given.`);
    if (demand.memoryBytes > 0 && demand.memoryBytes < MIN_MEMORY_BYTES) {
      throw new Error(`${service} reserves ${demand.memoryBytes} bytes of memory; Swarm accepts no reservation below 4 MiB (or none at all).`);
    }
    for (const [nodeName, replicas] of perNode) {
      const node = nodes.get(nodeName);
      const target = targets.get(nodeName);
      if (!node) continue;
      if (!target) throw new Error(`Node ${nodeName} of the plan is not a node of this swarm.`);
      const name = serviceName(perNode.size === 1 ? `${prefix}${service}` : `${prefix}${service}-${nodeName}`);
      const clash = byName.get(name);
      if (clash) throw new Error(`${clash} and ${service} on ${nodeName} would both be the Swarm service ${name}: rename one.`);
      byName.set(name, `${service} on ${nodeName}`);
      const gpus = demand.gpus === 'all' ? node.gpus : demand.gpus;
      const labels = { [PLAN_LABEL]: prefix, [SERVICE_LABEL]: service, [NODE_LABEL]: nodeName };
      out.push({
        name,
        service,
        node: nodeName,
        replicas,
        spec: {
          Name: name,
          Labels: labels,
          TaskTemplate: {
            ContainerSpec: {
              Image: template.image,
              Labels: labels,
              ...(template.command ? { Args: [...template.command] } : {}),
              ...(template.env ? { Env: Object.entries(template.env).map(([k, v]) => `${k}=${v}`) } : {}),
              ...(template.stopGracePeriodMillis !== undefined ? { StopGracePeriod: Math.round(template.stopGracePeriodMillis * 1e6) } : {}),
            },
            Resources: {
              Reservations: {
                ...(demand.cpuMillis > 0 ? { NanoCPUs: Math.round(demand.cpuMillis * 1e6) } : {}),
                ...(demand.memoryBytes > 0 ? { MemoryBytes: demand.memoryBytes } : {}),
                ...(gpus > 0 ? { GenericResources: gpuReservation(target.gpuKind, gpus) } : {}),
              },
            },
            Placement: {
              // The service's own constraints stay: should a label change, Swarm stops placing there instead of trusting an old plan.
              Constraints: [target.constraint, ...(demand.constraints ?? []).map((c) => `${c.key} ${c.op} ${c.value}`)],
              ...(demand.maxReplicasPerNode !== undefined ? { MaxReplicas: demand.maxReplicasPerNode } : {}),
            },
          },
          Mode: { Replicated: { Replicas: replicas } },
          // Reserved GPUs cannot hold an old and a new task at once: stop the old one first.
          UpdateConfig: { Parallelism: 1, Order: 'stop-first', FailureAction: 'pause' },
        },
      });
    }
  }
  return out;
}

/** The Engine API's shape; @types/dockerode flattens it to `{Kind, Value}`, which the engine rejects. */
function gpuReservation(kind: string, count: number): Docker.GenericResource[] {
  return [{ DiscreteResourceSpec: { Kind: kind, Value: count } }] as unknown as Docker.GenericResource[];
}

/** A valid Swarm service name for `wanted`: other characters become `-`; a long name keeps its start and a hash of the rest. */
function serviceName(wanted: string): string {
  const cleaned = wanted.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (cleaned.length === 0) throw new Error(`"${wanted}" cannot be made a Swarm service name.`);
  if (cleaned.length <= MAX_NAME) return cleaned;
  const hash = fnv1a(wanted).toString(36).padStart(7, '0');
  return `${cleaned.slice(0, MAX_NAME - hash.length - 1).replace(/[^A-Za-z0-9]+$/, '')}-${hash}`;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
