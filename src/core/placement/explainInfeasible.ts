// Proven reasons why no plan places every replica, as sentences a person can act on: a service no node can take
// (and the filter that rules the last nodes out, with the largest value on offer), anti-affinity that needs more
// nodes than there are, and a resource short in total or for a group of services, with by how much.
import { type CompiledProblem, CPU, GPU, MEMORY, RESOURCES } from './compileProblem';
import { demandGroups, resourceFlow } from './demandGroups';
import { matchesConstraint } from './matchesConstraint';
import type { NodeCapacity, PlacementProblem, ServiceDemand } from './placementProblem';

const GiB = 1024 ** 3;

export function explainInfeasible(problem: PlacementProblem, p: CompiledProblem): string[] {
  const out: string[] = [];
  const N = p.nodeNames.length;
  problem.services.forEach((svc, s) => {
    const replicas = p.replicas[s] ?? 0;
    if (replicas <= 0) return;
    const why = whyNoNode(problem, svc);
    if (why) {
      out.push(why);
      return;
    }
    let room = 0;
    for (const n of p.eligible[s] ?? []) room += p.maxOn[s * N + n] ?? 0;
    if (room >= replicas) return;
    const nodes = p.eligible[s]?.length ?? 0;
    const cap = svc.maxReplicasPerNode;
    if (cap !== undefined && cap > 0 && room === nodes * Math.min(cap, replicas)) {
      out.push(
        `${svc.name} needs ${replicas} replicas with at most ${cap} per node, but only ${nodes} node${nodes === 1 ? '' : 's'} can take it (room for ${room}): add nodes it may use or raise max_replicas_per_node.`,
      );
    } else {
      out.push(`${svc.name} needs ${replicas} replicas, but the nodes it may use hold at most ${room} of them (${perReplica(svc)} each, on ${nodes} node${nodes === 1 ? '' : 's'}).`);
    }
  });
  // Services no node takes are not in the groups: the flows below are about the others.
  const groups = demandGroups(p);
  for (let k = 0; k < RESOURCES; k += 1) {
    const flow = resourceFlow(p, groups, k, 1, { capacityOnly: true });
    const short = flow.demand - flow.placed;
    if (short <= flow.demand * 1e-9 + 1e-9) continue;
    let capacity = 0;
    for (let n = 0; n < N; n += 1) capacity += p.capacity[n * RESOURCES + k] ?? 0;
    if (flow.demand > capacity * (1 + 1e-12)) {
      out.push(`In total the services need ${amount(k, flow.demand)}${k === MEMORY ? ' of memory' : ''} and the nodes have ${amount(k, capacity)}: short by ${amount(k, short)}${k === MEMORY ? ' of memory' : ''}.`);
      continue;
    }
    const services = flow.shortGroups.flatMap((gi) => groups[gi]?.services ?? []).map((s) => p.serviceNames[s] ?? '');
    let needed = 0;
    for (const gi of flow.shortGroups) needed += groups[gi]?.demand[k] ?? 0;
    let offered = 0;
    for (const n of flow.fullNodes) offered += p.capacity[n * RESOURCES + k] ?? 0;
    const names = flow.fullNodes.map((n) => p.nodeNames[n] ?? '');
    out.push(
      `${list(services)} need${services.length === 1 ? 's' : ''} ${amount(k, needed)} in total, but the nodes ${services.length === 1 ? 'it' : 'they'} may use (${list(names)}) have ${amount(k, offered)}: short by ${amount(k, short)}${k === MEMORY ? ' of memory' : ''}.`,
    );
  }
  return out;
}

/** Why no node can take even one replica of the service, or undefined when some node can. */
export function whyNoNode(problem: PlacementProblem, svc: ServiceDemand): string | undefined {
  let nodes: readonly NodeCapacity[] = problem.nodes;
  if (nodes.length === 0) return `${svc.name} has no node to run on: the inventory is empty.`;
  const pins = svc.pinnedNodes ?? [];
  if (pins.length > 0) {
    const pinned = new Set(pins);
    nodes = nodes.filter((n) => pinned.has(n.name));
    if (nodes.length === 0) return `${svc.name} is pinned to ${list(pins.map((x) => `"${x}"`))}, which ${pins.length === 1 ? 'is' : 'are'} not in the node inventory.`;
  }
  const where = pins.length > 0 ? 'the nodes it is pinned to' : 'the nodes';
  for (const c of svc.constraints ?? []) {
    const left = nodes.filter((n) => matchesConstraint(n, c));
    if (left.length === 0) {
      const known = /^node\.(labels\..+|id|hostname|role|platform\.(os|arch))$/i.test(c.key);
      if (!known) return `${svc.name} requires ${c.key} ${c.op} ${c.value}, a key Swarm does not know, so no node matches.`;
      return `${svc.name} requires ${c.key} ${c.op} ${c.value}, which none of ${where} meets.`;
    }
    nodes = left;
  }
  const needsGpu = svc.gpus === 'all' || svc.gpus > 0;
  const gpuMemoryBytes = svc.gpuMemoryBytes ?? 0;
  if (needsGpu) {
    const withGpus = nodes.filter((n) => n.gpus > 0);
    if (withGpus.length === 0) return `${svc.name} needs ${svc.gpus === 'all' ? 'GPUs' : gpuCount(svc.gpus)} per replica; none of ${where} it may use has a GPU.`;
    if (gpuMemoryBytes > 0) {
      const big = withGpus.filter((n) => (n.gpuMemoryBytes ?? 0) >= gpuMemoryBytes);
      if (big.length === 0) {
        const largest = Math.max(...withGpus.map((n) => n.gpuMemoryBytes ?? 0));
        return `${svc.name} needs GPUs with ${bytes(gpuMemoryBytes)} of memory each; the largest GPUs on ${where} it may use have ${largest > 0 ? bytes(largest) : 'no known memory size'}.`;
      }
      nodes = big;
    } else nodes = withGpus;
    if (svc.gpus !== 'all') {
      const need = svc.gpus;
      const fit = nodes.filter((n) => n.gpus >= need);
      if (fit.length === 0) return `${svc.name} needs ${gpuCount(need)} per replica; the largest node it may use has ${Math.max(...nodes.map((n) => n.gpus))}.`;
      nodes = fit;
    }
  }
  const cpu = nodes.filter((n) => n.cpuMillis >= svc.cpuMillis);
  if (cpu.length === 0) {
    return `${svc.name} needs ${amount(CPU, svc.cpuMillis)} per replica; the largest node it may use has ${amount(CPU, Math.max(...nodes.map((n) => n.cpuMillis)))}.`;
  }
  const memory = cpu.filter((n) => n.memoryBytes >= svc.memoryBytes);
  if (memory.length === 0) {
    const largest = Math.max(...cpu.map((n) => n.memoryBytes));
    return `${svc.name} needs ${amount(MEMORY, svc.memoryBytes)} of memory per replica; the largest node it may use${cpu.length < nodes.length ? ' with enough CPU' : ''} has ${amount(MEMORY, largest)}.`;
  }
  return undefined;
}

export function amount(k: number, value: number): string {
  if (k === CPU) {
    const cpus = Number((value / 1000).toFixed(2));
    return `${cpus} CPU${cpus === 1 ? '' : 's'}`;
  }
  if (k === GPU) return gpuCount(value);
  return bytes(value);
}

function perReplica(svc: ServiceDemand): string {
  const parts = [amount(CPU, svc.cpuMillis), `${amount(MEMORY, svc.memoryBytes)} of memory`];
  if (svc.gpus === 'all') parts.push('all GPUs of a node');
  else if (svc.gpus > 0) parts.push(gpuCount(svc.gpus));
  return parts.join(', ');
}

function gpuCount(n: number): string {
  const shown = Number(n.toFixed(2));
  return `${shown} GPU${shown === 1 ? '' : 's'}`;
}

function bytes(value: number): string {
  if (value >= GiB) return `${Number((value / GiB).toFixed(1))} GiB`;
  return `${Number((value / 1024 ** 2).toFixed(1))} MiB`;
}

function list(items: readonly string[]): string {
  const shown = items.length > 6 ? [...items.slice(0, 6), `${items.length - 6} more`] : items;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}
