// The exact placement model for yalps (and, through the same object, for HiGHS in the benchmark). Replicas of a
// service are one integer count per eligible node, not one binary each; identical nodes are opened in order
// (symmetry breaking) and counts are tied to their node by strong rows (count <= most × used), which is what lets
// branch and bound prove small instances optimal in milliseconds. Capacity rows are scaled by the node's capacity.
import type { Model, Solution } from 'yalps';
import { type CompiledProblem, RESOURCES, compileProblem, demandOn } from './compileProblem';
import type { Assignment, Objective, PlacementProblem } from './placementProblem';

export interface CompiledFormulation {
  readonly model: Model;
  /** [service, node, replicas] for each count > 0 in a solution. */
  readonly decodeCounts: (solution: Solution) => [number, number, number][];
}

export interface PlacementFormulation {
  readonly model: Model;
  /** The assignments a solution of `model` (from yalps, or any solver answering in its shape) stands for. */
  readonly decode: (solution: Solution) => Assignment[];
}

export function formulatePlacement(problem: PlacementProblem, objective: Objective): PlacementFormulation {
  const p = compileProblem(problem);
  const f = formulateCompiled(p, objective);
  return {
    model: f.model,
    decode: (solution) => f.decodeCounts(solution).map(([s, n, replicas]) => ({ service: p.serviceNames[s] ?? '', node: p.nodeNames[n] ?? '', replicas })),
  };
}

export function formulateCompiled(p: CompiledProblem, objective: Objective): CompiledFormulation {
  const S = p.serviceNames.length;
  const N = p.nodeNames.length;
  const constraints = new Map<string, { min?: number; max?: number; equal?: number }>();
  const variables: [string, [string, number][]][] = [];
  const integers: string[] = [];
  const binaries: string[] = [];
  const pairOf = new Map<string, [number, number]>();
  const objectiveKey = objective === 'pack' ? 'cost' : objective === 'spread' ? 'z' : 'priority';
  const usedVar: [string, number][][] = Array.from({ length: N }, () => []);
  const loadRow = new Set<string>();

  // Which nodes can host anything, and the resources each is asked for.
  const hosts = new Array<boolean>(N).fill(false);
  for (let s = 0; s < S; s += 1) {
    if ((p.replicas[s] ?? 0) <= 0) continue;
    for (const n of p.eligible[s] ?? []) hosts[n] = true;
  }

  const largest = [0, 1, 2].map((k) => Math.max(1, maxCapacity(p, k)));
  const symmetryWeight = (s: number): number => {
    let w = 0;
    for (let k = 0; k < RESOURCES; k += 1) w += (p.demand[s * RESOURCES + k] ?? 0) / (largest[k] ?? 1);
    return w + (p.allGpus[s] ?? 0);
  };
  const previousOfClass = previousIdentical(p, hosts);
  const nextOfClass = new Array<number>(N).fill(-1);
  previousOfClass.forEach((prev, n) => {
    if (prev !== undefined) nextOfClass[prev] = n;
  });

  for (let s = 0; s < S; s += 1) {
    const r = p.replicas[s] ?? 0;
    if (r <= 0) continue;
    const gang = p.gangOf[s] ?? -1;
    const demandRow = `d${s}`;
    if (objective === 'priority') constraints.set(demandRow, gang >= 0 ? { equal: 0 } : { max: r });
    else constraints.set(demandRow, { equal: r });
    for (const n of p.eligible[s] ?? []) {
      const most = Math.min(p.maxOn[s * N + n] ?? 0, r);
      if (most <= 0) continue;
      const name = `x${s}_${n}`;
      const coef: [string, number][] = [[demandRow, 1]];
      for (let k = 0; k < RESOURCES; k += 1) {
        const d = demandOn(p, s, n, k);
        const cap = p.capacity[n * RESOURCES + k] ?? 0;
        if (d <= 0 || cap <= 0) continue;
        const row = `c${n}_${k}`;
        loadRow.add(row);
        coef.push([row, d / cap]);
      }
      if (objective === 'pack') {
        // Strong linking: no replica on a node that is not paid for.
        const link = `l${s}_${n}`;
        constraints.set(link, { max: 0 });
        coef.push([link, 1]);
        usedVar[n]?.push([link, -most]);
      } else if (most < r || objective === 'priority') {
        const bound = `m${s}_${n}`;
        constraints.set(bound, { max: most });
        coef.push([bound, 1]);
      }
      if (objective === 'priority') coef.push(['priority', p.priority[s] ?? 0]);
      if (objective === 'spread' && previousOfClass[n] !== undefined) {
        // Identical nodes in order of load.
        coef.push([`o${n}`, -symmetryWeight(s)]);
      }
      if (objective === 'spread') {
        const next = nextOfClass[n] ?? -1;
        if (next >= 0) coef.push([`o${next}`, symmetryWeight(s)]);
      }
      variables.push([name, coef]);
      integers.push(name);
      pairOf.set(name, [s, n]);
    }
  }
  for (const row of loadRow) constraints.set(row, { max: objective === 'pack' ? 0 : objective === 'spread' ? 0 : 1 });

  if (objective === 'pack') {
    // Valid cuts: a service whose replicas need m distinct nodes opens at least m of those it may use.
    const coverSeen = new Set<string>();
    for (let s = 0; s < S; s += 1) {
      const r = p.replicas[s] ?? 0;
      const eligible = (p.eligible[s] ?? []).filter((n) => (p.maxOn[s * N + n] ?? 0) > 0);
      if (r <= 0 || eligible.length === 0) continue;
      let most = 0;
      for (const n of eligible) most = Math.max(most, Math.min(p.maxOn[s * N + n] ?? 0, r));
      const needed = Math.ceil(r / most);
      const key = `${eligible.join(',')}:${needed}`;
      if (coverSeen.has(key)) continue;
      coverSeen.add(key);
      const row = `v${s}`;
      constraints.set(row, { min: needed });
      for (const n of eligible) usedVar[n]?.push([row, 1]);
    }
    for (let n = 0; n < N; n += 1) {
      if (!hosts[n]) continue;
      const name = `u${n}`;
      const coef: [string, number][] = [['cost', p.cost[n] ?? 0], ...(usedVar[n] ?? [])];
      for (let k = 0; k < RESOURCES; k += 1) if (loadRow.has(`c${n}_${k}`)) coef.push([`c${n}_${k}`, -1]);
      const prev = previousOfClass[n];
      if (prev !== undefined) {
        // Identical nodes are opened in order: used[prev] >= used[n].
        constraints.set(`o${n}`, { min: 0 });
        coef.push([`o${n}`, -1]);
      }
      const next = nextOfClass[n] ?? -1;
      if (next >= 0) coef.push([`o${next}`, 1]);
      variables.push([name, coef]);
      binaries.push(name);
    }
  } else if (objective === 'spread') {
    const coef: [string, number][] = [['z', 1]];
    for (const row of loadRow) coef.push([row, -1]);
    variables.push(['z', coef]);
    for (let n = 0; n < N; n += 1) if (previousOfClass[n] !== undefined) constraints.set(`o${n}`, { min: 0 });
  } else {
    p.gangs.forEach((members, g) => {
      const name = `g${g}`;
      const coef: [string, number][] = [];
      for (const s of members) if ((p.replicas[s] ?? 0) > 0) coef.push([`d${s}`, -(p.replicas[s] ?? 0)]);
      variables.push([name, coef]);
      binaries.push(name);
    });
  }

  const model: Model = {
    direction: objective === 'priority' ? 'maximize' : 'minimize',
    objective: objectiveKey,
    constraints,
    variables,
    integers,
    binaries,
  };
  return {
    model,
    decodeCounts: (solution) => {
      const out: [number, number, number][] = [];
      for (const [name, value] of solution.variables) {
        const pair = pairOf.get(name);
        const count = Math.round(value);
        if (pair && count > 0) out.push([pair[0], pair[1], count]);
      }
      return out;
    },
  };
}

function maxCapacity(p: CompiledProblem, k: number): number {
  let most = 0;
  for (let n = 0; n < p.nodeNames.length; n += 1) most = Math.max(most, p.capacity[n * RESOURCES + k] ?? 0);
  return most;
}

/** For each hosting node, the previous hosting node of its class (identical nodes), if any. */
function previousIdentical(p: CompiledProblem, hosts: readonly boolean[]): (number | undefined)[] {
  const last = new Map<number, number>();
  const out: (number | undefined)[] = [];
  for (let n = 0; n < p.nodeNames.length; n += 1) {
    if (!hosts[n]) {
      out.push(undefined);
      continue;
    }
    const c = p.nodeClass[n] ?? n;
    out.push(last.get(c));
    last.set(c, n);
  }
  return out;
}
