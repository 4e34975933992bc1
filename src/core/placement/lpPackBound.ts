// A lower bound on pack cost from a relaxation small enough for yalps at any size Berth plans: services with the
// same eligible nodes become one group, each resource flows separately from groups to the nodes they may use, and
// every service opens at least as many of its nodes as anti-affinity demands. Nodes open fractionally (an LP, fast)
// or whole (`integral`: a MIP with one binary per node, much stronger, solved only if it finishes in time). Each of
// these only relaxes the exact model, so its optimum is a proven bound.
import { solve } from 'yalps';
import { type CompiledProblem, RESOURCES, demandOn } from './compileProblem';
import { demandGroups } from './demandGroups';

/** Flow variables above which the LP is skipped (yalps keeps a dense tableau). */
const MAX_FLOW_VARIABLES = 2500;

export interface PackBoundOptions {
  /** Whole nodes (binary) instead of fractional ones. */
  readonly integral?: boolean;
  /** Branch-and-bound limit for `integral` (the first LP is not interruptible; the model is kept small for that). */
  readonly timeoutMs?: number;
}

/** The relaxation's optimum, or undefined when it is too large or (integral) not finished in time. */
export function lpPackBound(p: CompiledProblem, deadline: number, options: PackBoundOptions = {}): number | undefined {
  const N = p.nodeNames.length;
  const groups = demandGroups(p);
  let flowVariables = 0;
  for (const g of groups) for (let k = 0; k < RESOURCES; k += 1) if ((g.demand[k] ?? 0) > 0) flowVariables += g.nodes.length;
  if (flowVariables > MAX_FLOW_VARIABLES || performance.now() > deadline) return undefined;

  const unit: number[] = [];
  for (let k = 0; k < RESOURCES; k += 1) {
    let most = 0;
    for (let n = 0; n < N; n += 1) most = Math.max(most, p.capacity[n * RESOURCES + k] ?? 0);
    unit.push(most > 0 ? most : 1);
  }
  const constraints = new Map<string, { min?: number; max?: number; equal?: number }>();
  const variables: [string, [string, number][]][] = [];
  const open: [string, number][][] = Array.from({ length: N }, () => []);
  const hosts = new Set<number>();

  groups.forEach((g, gi) => {
    for (let k = 0; k < RESOURCES; k += 1) {
      const d = g.demand[k] ?? 0;
      if (d <= 0) continue;
      const u = unit[k] ?? 1;
      const row = `d${gi}_${k}`;
      constraints.set(row, { equal: d / u });
      for (const n of g.nodes) {
        hosts.add(n);
        const coef: [string, number][] = [
          [row, 1],
          [`c${n}_${k}`, 1],
        ];
        // Anti-affinity and size cap what the group can put on one node: tie that to the node being open.
        let most = 0;
        for (const s of g.services) most += Math.min(p.maxOn[s * N + n] ?? 0, p.replicas[s] ?? 0) * demandOn(p, s, n, k);
        const cap = p.capacity[n * RESOURCES + k] ?? 0;
        if (most < cap * 0.999) {
          const link = `e${gi}_${k}_${n}`;
          constraints.set(link, { max: 0 });
          coef.push([link, 1]);
          open[n]?.push([link, -most / u]);
        }
        variables.push([`f${gi}_${k}_${n}`, coef]);
      }
    }
    for (const n of g.nodes) hosts.add(n);
  });
  const coverSeen = new Set<string>();
  for (let s = 0; s < p.serviceNames.length; s += 1) {
    const r = p.replicas[s] ?? 0;
    const eligible = p.eligible[s] ?? [];
    if (r <= 0 || eligible.length === 0) continue;
    let most = 0;
    for (const n of eligible) most = Math.max(most, Math.min(p.maxOn[s * N + n] ?? 0, r));
    const needed = Math.ceil(r / most);
    const key = eligible.join(',');
    if (coverSeen.has(`${key}:${needed}`)) continue;
    coverSeen.add(`${key}:${needed}`);
    constraints.set(`v${s}`, { min: needed });
    for (const n of eligible) open[n]?.push([`v${s}`, 1]);
  }
  // Identical nodes open in order (the relaxation is symmetric in them, so this loses nothing and prunes the search).
  const lastOfClass = new Map<number, number>();
  const ordered = [...hosts].sort((a, b) => a - b);
  for (const n of ordered) {
    const c = p.nodeClass[n] ?? n;
    const prev = lastOfClass.get(c);
    lastOfClass.set(c, n);
    if (prev === undefined || !options.integral) continue;
    constraints.set(`o${n}`, { min: 0 });
    open[prev]?.push([`o${n}`, 1]);
    open[n]?.push([`o${n}`, -1]);
  }
  for (const n of ordered) {
    const coef: [string, number][] = [['cost', p.cost[n] ?? 0], [`y${n}`, 1], ...(open[n] ?? [])];
    for (let k = 0; k < RESOURCES; k += 1) {
      const cap = p.capacity[n * RESOURCES + k] ?? 0;
      if (!constraints.has(`c${n}_${k}`)) constraints.set(`c${n}_${k}`, { max: 0 });
      coef.push([`c${n}_${k}`, -cap / (unit[k] ?? 1)]);
    }
    constraints.set(`y${n}`, { max: 1 });
    variables.push([`u${n}`, coef]);
  }
  let solution;
  try {
    const binaries = options.integral ? [...hosts].map((n) => `u${n}`) : [];
    solution = solve({ direction: 'minimize', objective: 'cost', constraints, variables, binaries }, { maxPivots: 50_000, timeout: Math.max(1, options.timeoutMs ?? 1000) });
  } catch {
    return undefined;
  }
  if (solution.status !== 'optimal' || !Number.isFinite(solution.result)) return undefined;
  // Leave room for the simplex's rounding.
  return Math.max(0, solution.result * (1 - 1e-7) - 1e-7);
}
