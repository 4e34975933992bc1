// The objective of a set of assignments, computed from the problem itself (never taken from a solver's report).
// pack: total cost per hour of the nodes used (their count when no node has a cost); spread: the highest share of
// any resource in use on any node (0..1 when valid); priority: the total priority of the replicas placed.
import type { Assignment, Objective, PlacementProblem } from './placementProblem';

export function planObjective(problem: PlacementProblem, objective: Objective, assignments: readonly Assignment[]): number {
  const services = new Map(problem.services.map((s) => [s.name, s]));
  const nodes = new Map(problem.nodes.map((n) => [n.name, n]));
  switch (objective) {
    case 'pack': {
      const usesCost = problem.nodes.some((n) => n.costPerHour !== undefined);
      const used = new Set(assignments.filter((a) => a.replicas > 0 && nodes.has(a.node)).map((a) => a.node));
      let total = 0;
      for (const name of used) total += usesCost ? (nodes.get(name)?.costPerHour ?? 0) : 1;
      return total;
    }
    case 'priority': {
      let total = 0;
      for (const a of assignments) total += a.replicas * (services.get(a.service)?.priority ?? 1);
      return total;
    }
    case 'spread': {
      const load = new Map<string, [number, number, number]>();
      for (const a of assignments) {
        const service = services.get(a.service);
        const node = nodes.get(a.node);
        if (!service || !node) continue;
        const l = load.get(a.node) ?? [0, 0, 0];
        l[0] += a.replicas * service.cpuMillis;
        l[1] += a.replicas * service.memoryBytes;
        l[2] += a.replicas * (service.gpus === 'all' ? node.gpus : service.gpus);
        load.set(a.node, l);
      }
      let worst = 0;
      for (const [name, [cpuMillis, memoryBytes, gpus]] of load) {
        const node = nodes.get(name);
        if (!node) continue;
        if (node.cpuMillis > 0) worst = Math.max(worst, cpuMillis / node.cpuMillis);
        if (node.memoryBytes > 0) worst = Math.max(worst, memoryBytes / node.memoryBytes);
        if (node.gpus > 0) worst = Math.max(worst, gpus / node.gpus);
      }
      return worst;
    }
  }
}
