// Turns a placement state into the Plan the caller sees: assignments by name, each left-out service with a reason,
// the objective recomputed from the assignments, the proven bound and the gap between them.
import { type CompiledProblem, CPU, GPU, MEMORY } from './compileProblem';
import { amount, whyNoNode } from './explainInfeasible';
import type { Assignment, Objective, PlacementProblem, Plan, PlanStatus, UnplacedService } from './placementProblem';
import { planObjective } from './planObjective';
import type { PlacementState } from './placementState';

export interface PlanFacts {
  readonly objective: Objective;
  /** Proven bound (lower for pack and spread, upper for priority). */
  readonly bound: number;
  /** The search proved this state optimal (exact solve finished). */
  readonly proven: boolean;
  readonly stages: readonly string[];
  readonly startedAt: number;
  /** Why nothing places every replica (pack and spread); given when some replica is left out. */
  readonly explanation?: readonly string[];
}

export function buildPlan(problem: PlacementProblem, p: CompiledProblem, state: PlacementState, facts: PlanFacts): Plan {
  const N = p.nodeNames.length;
  const assignments: Assignment[] = [];
  const unplaced: UnplacedService[] = [];
  for (let s = 0; s < p.serviceNames.length; s += 1) {
    const service = p.serviceNames[s] ?? '';
    for (let n = 0; n < N; n += 1) {
      const replicas = state.countOf(s, n);
      if (replicas > 0) assignments.push({ service, node: p.nodeNames[n] ?? '', replicas });
    }
    const missing = (p.replicas[s] ?? 0) - (state.placed[s] ?? 0);
    if (missing > 0) unplaced.push({ service, replicas: missing, reason: unplacedReason(problem, p, state, s, facts.objective) });
  }
  const objectiveValue = planObjective(problem, facts.objective, assignments);
  const complete = unplaced.length === 0;
  let status: PlanStatus;
  let bound = facts.bound;
  if (facts.objective !== 'priority' && !complete) {
    // No complete plan, so no optimum to bound: the partial plan's own value stands in (gap 0), never Infinity,
    // which JSON cannot carry to the webview.
    status = 'infeasible';
    bound = objectiveValue;
  } else {
    if (facts.proven) bound = objectiveValue;
    // A bound can only be on its own side of a valid plan; rounding must not push it past.
    bound = facts.objective === 'priority' ? Math.max(bound, objectiveValue) : Math.min(bound, objectiveValue);
    status = gapOf(objectiveValue, bound) <= 1e-9 ? 'optimal' : 'feasible';
  }
  const plan: Plan = {
    objective: facts.objective,
    status,
    assignments,
    unplaced,
    objectiveValue,
    bound,
    gap: status === 'infeasible' ? 0 : gapOf(objectiveValue, bound),
    solveMillis: Math.round((performance.now() - facts.startedAt) * 10) / 10,
    stages: facts.stages,
  };
  return !complete && facts.explanation && facts.explanation.length > 0 ? { ...plan, explanation: facts.explanation } : plan;
}

function gapOf(value: number, bound: number): number {
  return Math.abs(value - bound) / Math.max(Math.abs(value), 1e-9);
}

function unplacedReason(problem: PlacementProblem, p: CompiledProblem, state: PlacementState, s: number, objective: Objective): string {
  const svc = problem.services[s];
  if (!svc) return 'unknown service';
  const none = whyNoNode(problem, svc);
  if (none) return none;
  const N = p.nodeNames.length;
  const g = p.gangOf[s] ?? -1;
  if (g >= 0 && (state.placed[s] ?? 0) === 0) {
    const members = (p.gangs[g] ?? []).map((m) => p.serviceNames[m] ?? '');
    return `Left out with its gang "${svc.gang ?? ''}" (${members.join(', ')}): a gang is placed whole or not at all, and all of it does not fit.`;
  }
  let room = 0;
  for (const n of p.eligible[s] ?? []) room += p.maxOn[s * N + n] ?? 0;
  const replicas = p.replicas[s] ?? 0;
  if (room < replicas) {
    const eligible = p.eligible[s]?.length ?? 0;
    return `At most ${svc.maxReplicasPerNode ?? room} per node and only ${eligible} node${eligible === 1 ? '' : 's'} can take it: room for ${room} of ${replicas} replicas.`;
  }
  const need = [amount(CPU, svc.cpuMillis), `${amount(MEMORY, svc.memoryBytes)} of memory`];
  if (svc.gpus === 'all') need.push('all GPUs of a node');
  else if (svc.gpus > 0) need.push(amount(GPU, svc.gpus));
  const why = objective === 'priority' ? 'the room went to replicas of higher priority, or does not add up on any one node' : 'no room was found for it';
  return `The nodes it may use have no room left for another replica (${need.join(', ')} each): ${why}.`;
}
