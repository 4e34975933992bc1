// Test helper: the best objective of a tiny placement problem by trying every assignment of every replica, written
// from the problem's definition alone (its own constraint rules, loads and objectives), to check the solver against.
import type { NodeCapacity, NodeConstraint, Objective, PlacementProblem, ServiceDemand } from '../../../src/core/placement/placementProblem';

export interface BruteForceResult {
  /** Best objective over valid plans; undefined when none places every replica (pack, spread). */
  readonly best: number | undefined;
  /** Valid complete plans examined (pack, spread) or valid plans (priority). */
  readonly plans: number;
}

export function bruteForce(problem: PlacementProblem, objective: Objective): BruteForceResult {
  const replicas: number[] = [];
  problem.services.forEach((s, i) => {
    for (let r = 0; r < (s.replicas ?? 1); r += 1) replicas.push(i);
  });
  if (replicas.length > 9) throw new Error('bruteForce is for tiny problems');
  const N = problem.nodes.length;
  const choice = new Array<number>(replicas.length).fill(-1);
  let best: number | undefined;
  let plans = 0;
  const allowUnplaced = objective === 'priority';
  const visit = (i: number): void => {
    if (i === replicas.length) {
      const value = evaluate(problem, objective, replicas, choice);
      if (value === undefined) return;
      plans += 1;
      if (best === undefined || (objective === 'priority' ? value > best : value < best)) best = value;
      return;
    }
    for (let n = allowUnplaced ? -1 : 0; n < N; n += 1) {
      choice[i] = n;
      visit(i + 1);
    }
  };
  visit(0);
  return { best, plans };
}

function allows(node: NodeCapacity, c: NodeConstraint): boolean {
  let value: string | undefined;
  if (c.key.startsWith('node.labels.')) value = node.labels?.[c.key.slice('node.labels.'.length)] ?? '';
  else if (c.key === 'node.role') value = node.role ?? '';
  else if (c.key === 'node.hostname') value = node.hostname ?? node.name;
  else if (c.key === 'node.id') value = node.name;
  if (value === undefined) return false;
  const same = value.toLowerCase() === c.value.toLowerCase();
  return c.op === '==' ? same : !same;
}

function mayRun(s: ServiceDemand, node: NodeCapacity): boolean {
  if (s.pinnedNodes && s.pinnedNodes.length > 0 && !s.pinnedNodes.includes(node.name)) return false;
  if (!(s.constraints ?? []).every((c) => allows(node, c))) return false;
  const gpu = s.gpus === 'all' || s.gpus > 0;
  if (gpu && (s.gpuMemoryBytes ?? 0) > 0 && (node.gpuMemoryBytes ?? 0) < (s.gpuMemoryBytes ?? 0)) return false;
  if (s.gpus === 'all' && node.gpus === 0) return false;
  return true;
}

/** The plan's objective, or undefined when it breaks a rule. */
function evaluate(problem: PlacementProblem, objective: Objective, replicas: readonly number[], choice: readonly number[]): number | undefined {
  const N = problem.nodes.length;
  const cpu = new Array<number>(N).fill(0);
  const memory = new Array<number>(N).fill(0);
  const gpus = new Array<number>(N).fill(0);
  const perNode = new Map<string, number>();
  const placed = new Array<number>(problem.services.length).fill(0);
  for (let i = 0; i < replicas.length; i += 1) {
    const n = choice[i] ?? -1;
    if (n < 0) continue;
    const si = replicas[i] ?? 0;
    const s = problem.services[si];
    const node = problem.nodes[n];
    if (!s || !node || !mayRun(s, node)) return undefined;
    cpu[n] = (cpu[n] ?? 0) + s.cpuMillis;
    memory[n] = (memory[n] ?? 0) + s.memoryBytes;
    gpus[n] = (gpus[n] ?? 0) + (s.gpus === 'all' ? node.gpus : s.gpus);
    const key = `${si}/${n}`;
    perNode.set(key, (perNode.get(key) ?? 0) + 1);
    const cap = s.maxReplicasPerNode;
    if ((perNode.get(key) ?? 0) > (s.gpus === 'all' ? 1 : cap !== undefined && cap > 0 ? cap : Infinity)) return undefined;
    placed[si] = (placed[si] ?? 0) + 1;
  }
  for (let n = 0; n < N; n += 1) {
    const node = problem.nodes[n];
    if (!node) continue;
    if ((cpu[n] ?? 0) > node.cpuMillis || (memory[n] ?? 0) > node.memoryBytes || (gpus[n] ?? 0) > node.gpus) return undefined;
  }
  const gangs = new Map<string, number[]>();
  problem.services.forEach((s, i) => {
    if (s.gang !== undefined) gangs.set(s.gang, [...(gangs.get(s.gang) ?? []), i]);
  });
  for (const members of gangs.values()) {
    const whole = members.every((i) => (placed[i] ?? 0) === (problem.services[i]?.replicas ?? 1));
    const none = members.every((i) => (placed[i] ?? 0) === 0);
    if (!whole && !none) return undefined;
  }
  if (objective === 'priority') return problem.services.reduce((sum, s, i) => sum + (placed[i] ?? 0) * (s.priority ?? 1), 0);
  if (objective === 'pack') {
    const priced = problem.nodes.some((n) => n.costPerHour !== undefined);
    let total = 0;
    for (let n = 0; n < N; n += 1) if (choice.includes(n)) total += priced ? (problem.nodes[n]?.costPerHour ?? 0) : 1;
    return total;
  }
  let worst = 0;
  for (let n = 0; n < N; n += 1) {
    const node = problem.nodes[n];
    if (!node) continue;
    if (node.cpuMillis > 0) worst = Math.max(worst, (cpu[n] ?? 0) / node.cpuMillis);
    if (node.memoryBytes > 0) worst = Math.max(worst, (memory[n] ?? 0) / node.memoryBytes);
    if (node.gpus > 0) worst = Math.max(worst, (gpus[n] ?? 0) / node.gpus);
  }
  return worst;
}
