// Plan versus what Swarm runs: per service and node, the replica counts that differ, and why tasks wait.
import type { Plan } from '../placementProblem';
import type { ObservedPlacement } from './observeSwarmPlacement';

export interface PlacementComparison {
  readonly matches: boolean;
  /** One sentence per difference: `llm on berth-n2: plan 1, running 0`. */
  readonly differences: readonly string[];
}

export function comparePlacement(plan: Plan, observed: Pick<ObservedPlacement, 'running' | 'pending'>): PlacementComparison {
  const expected = new Map<string, Map<string, number>>();
  for (const a of plan.assignments) {
    if (a.replicas <= 0) continue;
    let perNode = expected.get(a.service);
    if (!perNode) expected.set(a.service, (perNode = new Map<string, number>()));
    perNode.set(a.node, (perNode.get(a.node) ?? 0) + a.replicas);
  }
  const differences: string[] = [];
  const services = [...new Set([...expected.keys(), ...observed.running.keys()])];
  for (const service of services) {
    const want = expected.get(service);
    const have = observed.running.get(service);
    if (!want) {
      const where = [...(have ?? [])].map(([node, n]) => `${n} on ${node}`).join(', ');
      differences.push(`${service} is not in the plan, yet runs: ${where}`);
      continue;
    }
    const nodes = [...new Set([...want.keys(), ...(have?.keys() ?? [])])].sort();
    for (const node of nodes) {
      const planned = want.get(node) ?? 0;
      const running = have?.get(node) ?? 0;
      if (planned !== running) differences.push(`${service} on ${node}: plan ${planned}, running ${running}`);
    }
  }
  for (const p of observed.pending) {
    differences.push(`${p.service} (${p.swarmService}): ${p.replicas} replica${p.replicas === 1 ? '' : 's'} pending: ${p.reason}`);
  }
  return { matches: differences.length === 0, differences };
}
