// A plan regrouped per service for exporters: which nodes run how many of its replicas, and what was left out and why.
import type { NodeCapacity, PlacementProblem, Plan, ServiceDemand } from '../placementProblem';

export interface NodeShare {
  readonly node: string;
  /** What Swarm's node.hostname and Kubernetes' kubernetes.io/hostname match: NodeCapacity.hostname, else the name. */
  readonly hostname: string;
  readonly replicas: number;
  /** Undefined when the plan names a node the problem does not have. */
  readonly capacity?: NodeCapacity;
}

export interface ServicePlacement {
  readonly service: string;
  readonly demand?: ServiceDemand;
  /** Replicas the service asks for. */
  readonly requested: number;
  /** Nodes in the problem's order, each with at least one replica. */
  readonly shares: readonly NodeShare[];
  readonly placed: number;
  readonly unplaced: number;
  readonly reasons: readonly string[];
}

/** Services in the problem's order, then any the plan alone mentions. */
export function groupPlan(plan: Plan, problem: PlacementProblem): ServicePlacement[] {
  const nodeOrder = new Map(problem.nodes.map((n, i) => [n.name, i]));
  const nodeByName = new Map(problem.nodes.map((n) => [n.name, n]));
  const names = [...new Set([...problem.services.map((s) => s.name), ...plan.assignments.map((a) => a.service), ...plan.unplaced.map((u) => u.service)])];
  return names.map((service) => {
    const demand = problem.services.find((s) => s.name === service);
    const counts = new Map<string, number>();
    for (const a of plan.assignments) {
      if (a.service === service && a.replicas > 0) counts.set(a.node, (counts.get(a.node) ?? 0) + a.replicas);
    }
    const shares = [...counts.entries()]
      .sort(([a], [b]) => (nodeOrder.get(a) ?? Infinity) - (nodeOrder.get(b) ?? Infinity) || a.localeCompare(b))
      .map(([node, replicas]): NodeShare => {
        const capacity = nodeByName.get(node);
        return { node, hostname: capacity?.hostname ?? node, replicas, ...(capacity ? { capacity } : {}) };
      });
    const placed = shares.reduce((sum, s) => sum + s.replicas, 0);
    const left = plan.unplaced.filter((u) => u.service === service);
    const unplaced = left.reduce((sum, u) => sum + u.replicas, 0);
    return {
      service,
      ...(demand ? { demand } : {}),
      requested: demand ? (demand.replicas ?? 1) : placed + unplaced,
      shares,
      placed,
      unplaced,
      reasons: left.map((u) => u.reason),
    };
  });
}
