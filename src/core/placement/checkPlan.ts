// An independent check of a plan against its problem, written from the problem's definition and sharing no code with
// the solver: every violation as a sentence, none when the plan is valid.
import type { NodeCapacity, NodeConstraint, PlacementProblem, Plan, ServiceDemand } from './placementProblem';

const TOLERANCE = 1e-9;

export function checkPlan(problem: PlacementProblem, plan: Plan): string[] {
  const out: string[] = [];
  const services = new Map<string, ServiceDemand>(problem.services.map((s) => [s.name, s]));
  const nodes = new Map<string, NodeCapacity>(problem.nodes.map((n) => [n.name, n]));
  const placed = new Map<string, number>();
  const seenPairs = new Set<string>();
  const load = new Map<string, { cpuMillis: number; memoryBytes: number; gpus: number }>();

  for (const a of plan.assignments) {
    const service = services.get(a.service);
    const node = nodes.get(a.node);
    if (!service) out.push(`An assignment names service "${a.service}", which the problem does not have.`);
    if (!node) out.push(`An assignment names node "${a.node}", which the problem does not have.`);
    if (!Number.isInteger(a.replicas) || a.replicas <= 0) out.push(`${a.service} on ${a.node}: ${a.replicas} is not a positive whole number of replicas.`);
    const pair = `${a.service}\u0000${a.node}`;
    if (seenPairs.has(pair)) out.push(`${a.service} on ${a.node} is listed more than once.`);
    seenPairs.add(pair);
    if (!service || !node) continue;
    placed.set(a.service, (placed.get(a.service) ?? 0) + a.replicas);
    const l = load.get(a.node) ?? { cpuMillis: 0, memoryBytes: 0, gpus: 0 };
    l.cpuMillis += a.replicas * service.cpuMillis;
    l.memoryBytes += a.replicas * service.memoryBytes;
    l.gpus += a.replicas * (service.gpus === 'all' ? node.gpus : service.gpus);
    load.set(a.node, l);

    if (service.gpus === 'all' && node.gpus < 1) out.push(`${a.service} takes all GPUs of its node, but ${a.node} has none.`);
    if (service.gpus === 'all' && a.replicas > 1) out.push(`${a.service} takes all GPUs of its node, yet ${a.node} runs ${a.replicas} of its replicas.`);
    const needsGpu = service.gpus === 'all' || service.gpus > 0;
    const gpuMemoryBytes = service.gpuMemoryBytes ?? 0;
    if (needsGpu && gpuMemoryBytes > 0 && (node.gpuMemoryBytes ?? 0) < gpuMemoryBytes) {
      out.push(`${a.service} needs GPUs with ${gpuMemoryBytes} bytes of memory; ${a.node}'s have ${node.gpuMemoryBytes ?? 0}.`);
    }
    for (const c of service.constraints ?? []) {
      if (!nodeMeets(node, c)) out.push(`${a.service} requires ${c.key} ${c.op} ${c.value}, which ${a.node} does not meet.`);
    }
    if (service.pinnedNodes && service.pinnedNodes.length > 0 && !service.pinnedNodes.includes(a.node)) {
      out.push(`${a.service} is pinned to ${service.pinnedNodes.join(', ')}, not ${a.node}.`);
    }
    const cap = service.maxReplicasPerNode;
    if (cap !== undefined && cap > 0 && a.replicas > cap) out.push(`${a.service} allows ${cap} replicas per node; ${a.node} has ${a.replicas}.`);
  }

  for (const [name, l] of load) {
    const node = nodes.get(name);
    if (!node) continue;
    if (over(l.cpuMillis, node.cpuMillis)) out.push(`${name} is given ${l.cpuMillis} CPU millis; it has ${node.cpuMillis}.`);
    if (over(l.memoryBytes, node.memoryBytes)) out.push(`${name} is given ${l.memoryBytes} bytes of memory; it has ${node.memoryBytes}.`);
    if (over(l.gpus, node.gpus)) out.push(`${name} is given ${l.gpus} GPUs; it has ${node.gpus}.`);
  }

  const unplaced = new Map<string, number>();
  for (const u of plan.unplaced) {
    if (!services.has(u.service)) out.push(`Unplaced lists service "${u.service}", which the problem does not have.`);
    if (unplaced.has(u.service)) out.push(`${u.service} is listed more than once as unplaced.`);
    if (!Number.isInteger(u.replicas) || u.replicas <= 0) out.push(`Unplaced ${u.service}: ${u.replicas} is not a positive whole number of replicas.`);
    if (u.reason.trim() === '') out.push(`Unplaced ${u.service} has no reason.`);
    unplaced.set(u.service, (unplaced.get(u.service) ?? 0) + u.replicas);
  }
  for (const service of problem.services) {
    const want = service.replicas ?? 1;
    const got = placed.get(service.name) ?? 0;
    const missing = unplaced.get(service.name) ?? 0;
    if (got + missing !== want) out.push(`${service.name} wants ${want} replicas; the plan places ${got} and lists ${missing} as unplaced.`);
  }
  if (plan.objective !== 'priority' && plan.status !== 'infeasible' && plan.unplaced.length > 0) {
    out.push(`A ${plan.status} ${plan.objective} plan must place every replica, yet ${plan.unplaced.length} services are left out.`);
  }

  const gangs = new Map<string, ServiceDemand[]>();
  for (const s of problem.services) if (s.gang !== undefined) gangs.set(s.gang, [...(gangs.get(s.gang) ?? []), s]);
  for (const [gang, members] of gangs) {
    const allPlaced = members.every((s) => (placed.get(s.name) ?? 0) === (s.replicas ?? 1));
    const nonePlaced = members.every((s) => (placed.get(s.name) ?? 0) === 0);
    if (!allPlaced && !nonePlaced) {
      out.push(`Gang ${gang} is placed in part: ${members.map((s) => `${s.name} ${placed.get(s.name) ?? 0}/${s.replicas ?? 1}`).join(', ')}.`);
    }
  }

  const expected = objectiveOf(problem, plan, services, nodes, load);
  if (Math.abs(expected - plan.objectiveValue) > 1e-6 * Math.max(1, Math.abs(expected))) {
    out.push(`The plan reports objective ${plan.objectiveValue}; its assignments give ${expected}.`);
  }
  if (plan.status !== 'infeasible') {
    const boundHolds = plan.objective === 'priority' ? plan.bound >= plan.objectiveValue - 1e-6 : plan.bound <= plan.objectiveValue + 1e-6;
    if (!boundHolds) out.push(`The bound ${plan.bound} is on the wrong side of the objective ${plan.objectiveValue}.`);
    if (plan.status === 'optimal' && plan.gap > 1e-6) out.push(`An optimal plan reports a gap of ${plan.gap}.`);
  }
  if (!(plan.gap >= 0) || !Number.isFinite(plan.gap)) out.push(`The gap ${plan.gap} is not a non-negative number.`);
  return out;
}

function over(used: number, capacity: number): boolean {
  return used > capacity + TOLERANCE * Math.max(1, capacity);
}

/** Swarm's constraint rules: values compare ignoring case, a missing label is "", an unknown key matches no node. */
function nodeMeets(node: NodeCapacity, c: NodeConstraint): boolean {
  const key = c.key.toLowerCase();
  let actual: string | undefined;
  if (key.startsWith('node.labels.') && key.length > 'node.labels.'.length) actual = node.labels?.[c.key.slice('node.labels.'.length)] ?? '';
  else if (key === 'node.id') actual = node.name;
  else if (key === 'node.hostname') actual = node.hostname ?? node.name;
  else if (key === 'node.role') actual = node.role ?? '';
  else if (key === 'node.platform.os') actual = node.platform?.os ?? '';
  else if (key === 'node.platform.arch') actual = node.platform?.arch ?? '';
  if (actual === undefined) return false;
  const same = actual.toLowerCase() === c.value.toLowerCase();
  return c.op === '==' ? same : !same;
}

function objectiveOf(
  problem: PlacementProblem,
  plan: Plan,
  services: Map<string, ServiceDemand>,
  nodes: Map<string, NodeCapacity>,
  load: Map<string, { cpuMillis: number; memoryBytes: number; gpus: number }>,
): number {
  if (plan.objective === 'priority') {
    return plan.assignments.reduce((sum, a) => sum + (services.has(a.service) ? a.replicas * (services.get(a.service)?.priority ?? 1) : 0), 0);
  }
  if (plan.objective === 'pack') {
    const priced = problem.nodes.some((n) => n.costPerHour !== undefined);
    return [...load.keys()].reduce((sum, name) => sum + (priced ? (nodes.get(name)?.costPerHour ?? 0) : 1), 0);
  }
  let highest = 0;
  for (const [name, l] of load) {
    const node = nodes.get(name);
    if (!node) continue;
    if (node.cpuMillis > 0) highest = Math.max(highest, l.cpuMillis / node.cpuMillis);
    if (node.memoryBytes > 0) highest = Math.max(highest, l.memoryBytes / node.memoryBytes);
    if (node.gpus > 0) highest = Math.max(highest, l.gpus / node.gpus);
  }
  return highest;
}
