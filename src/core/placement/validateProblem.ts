// Rejects problems the solver cannot take, before any work: impossible sizes (NaN, negative, fractional GPUs),
// duplicate names, and inputs too large for a bounded solve. Each problem is a sentence naming the field.
import type { PlacementProblem } from './placementProblem';

/** services × nodes pairs the solver holds in memory (dense arrays) and scans per replica. */
export const MAX_SERVICE_NODE_PAIRS = 4_000_000;
export const MAX_REPLICAS = 200_000;

export class InvalidPlacementProblem extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The placement problem is not valid: ${problems.slice(0, 5).join(' ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
    this.name = 'InvalidPlacementProblem';
  }
}

export function validateProblem(problem: PlacementProblem): string[] {
  const out: string[] = [];
  // Problems come from files and messages too: check the shape before trusting the types.
  const shape: { services: unknown; nodes: unknown } = problem;
  if (!Array.isArray(shape.services) || !Array.isArray(shape.nodes)) return ['The problem needs a list of services and a list of nodes.'];
  const size = (what: string, value: unknown, integer = false): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
      out.push(`${what} is ${String(value)}; it must be a ${integer ? 'whole ' : ''}number, 0 or more.`);
    }
  };
  const seenServices = new Set<string>();
  let replicas = 0;
  for (const [i, s] of problem.services.entries()) {
    const name = typeof s.name === 'string' && s.name !== '' ? s.name : `service #${i + 1}`;
    if (typeof s.name !== 'string' || s.name === '') out.push(`Service #${i + 1} has no name.`);
    else if (seenServices.has(s.name)) out.push(`Two services are named "${s.name}".`);
    seenServices.add(name);
    if (s.replicas !== undefined) size(`${name}: replicas`, s.replicas, true);
    replicas += typeof s.replicas === 'number' && Number.isFinite(s.replicas) ? s.replicas : 1;
    size(`${name}: cpuMillis`, s.cpuMillis);
    size(`${name}: memoryBytes`, s.memoryBytes);
    if (s.gpus !== 'all') size(`${name}: gpus`, s.gpus, true);
    if (s.gpuMemoryBytes !== undefined) size(`${name}: gpuMemoryBytes`, s.gpuMemoryBytes);
    if (s.maxReplicasPerNode !== undefined) size(`${name}: maxReplicasPerNode`, s.maxReplicasPerNode, true);
    if (s.priority !== undefined) size(`${name}: priority`, s.priority);
    for (const c of s.constraints ?? []) {
      const { key, value, op }: { key: unknown; value: unknown; op: unknown } = c;
      if (typeof key !== 'string' || typeof value !== 'string' || (op !== '==' && op !== '!=')) {
        out.push(`${name}: constraint ${JSON.stringify(c)} must be a key, == or !=, and a value.`);
      }
    }
    const pins: unknown = s.pinnedNodes;
    if (pins !== undefined && (!Array.isArray(pins) || pins.some((pin: unknown) => typeof pin !== 'string'))) {
      out.push(`${name}: pinnedNodes must be a list of node names.`);
    }
    if (s.gang !== undefined && typeof s.gang !== 'string') out.push(`${name}: gang must be a name.`);
  }
  const seenNodes = new Set<string>();
  for (const [i, n] of problem.nodes.entries()) {
    const name = typeof n.name === 'string' && n.name !== '' ? n.name : `node #${i + 1}`;
    if (typeof n.name !== 'string' || n.name === '') out.push(`Node #${i + 1} has no name.`);
    else if (seenNodes.has(n.name)) out.push(`Two nodes are named "${n.name}".`);
    seenNodes.add(name);
    size(`${name}: cpuMillis`, n.cpuMillis);
    size(`${name}: memoryBytes`, n.memoryBytes);
    size(`${name}: gpus`, n.gpus, true);
    if (n.gpuMemoryBytes !== undefined) size(`${name}: gpuMemoryBytes`, n.gpuMemoryBytes);
    if (n.costPerHour !== undefined) size(`${name}: costPerHour`, n.costPerHour);
  }
  const pairs = problem.services.length * problem.nodes.length;
  if (pairs > MAX_SERVICE_NODE_PAIRS) {
    out.push(
      `${problem.services.length} services × ${problem.nodes.length} nodes is more than Berth plans at once (${MAX_SERVICE_NODE_PAIRS.toLocaleString('en')} pairs): plan fewer services or nodes at a time.`,
    );
  }
  if (replicas > MAX_REPLICAS) out.push(`${replicas} replicas is more than Berth plans at once (${MAX_REPLICAS.toLocaleString('en')}).`);
  return out;
}
