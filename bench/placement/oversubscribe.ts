// The over-subscribed variant bench/placement solves with objective `priority`: the same cluster asked for more
// replicas than it holds, so that choosing what to leave out is the problem.
import type { PlacementProblem, ServiceDemand } from '../../src/core/placement/placementProblem';

/**
 * Multiplies every service's replicas by `factor`, rounding up; a pinned service with anti-affinity gets no more than
 * its pins can hold. With the generator's 70-85 % GPU load, 1.5 asks for roughly 100-130 % of the GPUs and more of
 * the NVMe nodes.
 */
export function oversubscribe(problem: PlacementProblem, factor = 1.5): PlacementProblem {
  return { nodes: problem.nodes, services: problem.services.map((s) => ({ ...s, replicas: moreReplicas(s, factor) })) };
}

function moreReplicas(s: ServiceDemand, factor: number): number {
  const asked = Math.ceil((s.replicas ?? 1) * factor);
  const pins = s.pinnedNodes?.length ?? 0;
  if (pins === 0 || s.maxReplicasPerNode === undefined) return asked;
  return Math.max(s.replicas ?? 1, Math.min(asked, pins * s.maxReplicasPerNode));
}
