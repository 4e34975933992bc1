// Services grouped by the exact set of nodes they may use, with their total demand per resource: the shape the
// bounds and the infeasibility proofs reason about (far fewer groups than services in real inventories).
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import { FlowNetwork } from './maxFlow';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { GPU, RESOURCES, demandOn } = compiled;

export interface DemandGroup {
  readonly services: number[];
  readonly nodes: readonly number[];
  /** RESOURCES entries: replicas × per-replica demand; an `'all'` replica counts the fewest GPUs it could take. */
  readonly demand: Float64Array;
}

/** Groups of the services with replicas to place and at least one eligible node; `replicasOf` overrides p.replicas. */
export function demandGroups(p: CompiledProblem, replicasOf: (s: number) => number = (s) => p.replicas[s] ?? 0): DemandGroup[] {
  const byKey = new Map<string, DemandGroup>();
  for (let s = 0; s < p.serviceNames.length; s += 1) {
    const r = replicasOf(s);
    const nodes = p.eligible[s] ?? [];
    if (r <= 0 || nodes.length === 0) continue;
    const key = nodes.join(',');
    let g = byKey.get(key);
    if (!g) {
      g = { services: [], nodes, demand: new Float64Array(RESOURCES) };
      byKey.set(key, g);
    }
    g.services.push(s);
    for (let k = 0; k < RESOURCES; k += 1) g.demand[k] = (g.demand[k] ?? 0) + r * fewestOf(p, s, k, nodes);
  }
  return [...byKey.values()];
}

/** The least a replica of s takes of resource k on any of the given nodes. */
function fewestOf(p: CompiledProblem, s: number, k: number, nodes: readonly number[]): number {
  if (k !== GPU || p.allGpus[s] !== 1) return p.demand[s * RESOURCES + k] ?? 0;
  let least = Infinity;
  for (const n of nodes) least = Math.min(least, demandOn(p, s, n, k));
  return Number.isFinite(least) ? least : 0;
}

export interface ResourceFlow {
  /** Demand that found room (in the resource's own unit). */
  readonly placed: number;
  readonly demand: number;
  /** Groups whose demand cannot all be met: the source side of a minimum cut. */
  readonly shortGroups: readonly number[];
  /** Nodes on the source side of the cut (full, and all the short groups can use). */
  readonly fullNodes: readonly number[];
}

/**
 * How much of resource k's demand fits when node n offers `scale × capacity`, each group using only its nodes and
 * (unless `capacityOnly`) at most maxOn replicas per node: a transportation relaxation (replicas may split), so a
 * shortfall here is a proof.
 */
export function resourceFlow(p: CompiledProblem, groups: readonly DemandGroup[], k: number, scale: number, options: { readonly capacityOnly?: boolean } = {}): ResourceFlow {
  const N = p.nodeNames.length;
  const G = groups.length;
  const source = G + N;
  const sink = source + 1;
  const net = new FlowNetwork(G + N + 2);
  // Normalised so that the largest capacity is 1: the flow's epsilon then means the same for CPU millis and bytes.
  let unit = 0;
  for (let n = 0; n < N; n += 1) unit = Math.max(unit, p.capacity[n * RESOURCES + k] ?? 0);
  for (const g of groups) unit = Math.max(unit, g.demand[k] ?? 0);
  if (unit <= 0) return { placed: 0, demand: 0, shortGroups: [], fullNodes: [] };
  let demand = 0;
  groups.forEach((g, gi) => {
    const d = g.demand[k] ?? 0;
    if (d <= 0) return;
    demand += d;
    net.addArc(source, gi, d / unit);
    for (const n of g.nodes) {
      let most = 0;
      for (const s of g.services) most += Math.min(p.maxOn[s * N + n] ?? 0, p.replicas[s] ?? 0) * demandOn(p, s, n, k);
      if (most > 0) net.addArc(gi, G + n, options.capacityOnly ? d / unit : most / unit);
    }
  });
  for (let n = 0; n < N; n += 1) {
    const cap = (p.capacity[n * RESOURCES + k] ?? 0) * scale;
    if (cap > 0) net.addArc(G + n, sink, cap / unit);
  }
  const placed = net.maxFlow(source, sink) * unit;
  const side = net.sourceSide(source);
  const shortGroups: number[] = [];
  const fullNodes: number[] = [];
  for (let gi = 0; gi < G; gi += 1) if (side[gi]) shortGroups.push(gi);
  for (let n = 0; n < N; n += 1) if (side[G + n]) fullNodes.push(n);
  return { placed, demand, shortGroups, fullNodes };
}
