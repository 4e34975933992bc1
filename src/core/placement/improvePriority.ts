// Places more priority when not everything fits: ruin and recreate, and when that stalls, exact steps that take
// the replicas off a few nodes, add left-out replicas (a left-out gang whole) and let yalps choose the most valuable
// set that fits there and in what helpers have left. Placed gang members stay put there, so no gang is ever split.
import type { CompiledProblem } from './compileProblem';
import type { PlacementState } from './placementState';
import { type SearchContext, timeLeft } from './searchContext';
import { ruinAndRecreate } from './ruinAndRecreate';
import { solveCompiled } from './solveCompiled';
import { applySubProblem, subProblem } from './subProblem';

const MAX_SUB_VARIABLES = 200;

export function improvePriority(state: PlacementState, ctx: SearchContext): void {
  while (timeLeft(ctx) > 5 && state.unplacedReplicas() > 0 && state.placedPriority() < ctx.bound - 1e-9) {
    ruinAndRecreate(state, 'priority', ctx, STALL_STEPS);
    exactSteps(state, ctx, 3);
  }
}

/** Ruin-and-recreate steps without a better plan after which the exact search takes a turn. */
const STALL_STEPS = 300;

function exactSteps(state: PlacementState, ctx: SearchContext, steps: number): void {
  const p = state.p;
  const N = p.nodeNames.length;
  const random = ctx.random;
  let stale = 0;
  const kept = (s: number): boolean => (p.gangOf[s] ?? -1) >= 0;
  while (timeLeft(ctx) > 5 && state.unplacedReplicas() > 0 && state.placedPriority() < ctx.bound - 1e-9 && stale < steps) {
    const missing = leftOut(p, state);
    if (missing.length === 0) return;
    // A left-out service (weighted by its priority) and a few nodes it may use.
    const s0 = missing[Math.floor(random() * Math.min(missing.length, 4))] ?? 0;
    const candidates = (p.eligible[s0] ?? []).slice();
    if (candidates.length === 0) {
      stale += 1;
      continue;
    }
    const region: number[] = [];
    const size = Math.min(candidates.length, 1 + Math.floor(random() * 3));
    for (let i = 0; i < size; i += 1) region.push(candidates.splice(Math.floor(random() * candidates.length), 1)[0] ?? 0);
    const inRegion = new Set(region);
    const extra = new Map<number, number>();
    const g0 = p.gangOf[s0] ?? -1;
    const joining = g0 >= 0 ? (p.gangs[g0] ?? []) : [s0, ...missing.filter((s) => s !== s0 && (p.gangOf[s] ?? -1) < 0).slice(0, 4)];
    for (const s of joining) extra.set(s, (p.replicas[s] ?? 0) - (state.placed[s] ?? 0));
    // Other nodes (open or not: priority pays nothing for them) with room for what the region sheds or gains.
    const moving = [...new Set([...joining, ...region.flatMap((n) => state.servicesOn(n))])];
    const helpers = [...Array(N).keys()]
      .filter((h) => !inRegion.has(h) && moving.some((s) => state.canAdd(s, h)))
      .map((h) => [h, random()] as const)
      .sort((a, b) => a[1] - b[1])
      .slice(0, 5)
      .map(([h]) => h);
    const options = { kept: (s: number) => kept(s), extra };
    let sub = subProblem(state, region, helpers, options);
    while (variableCount(sub.p) > MAX_SUB_VARIABLES && helpers.length > 0) {
      helpers.pop();
      sub = subProblem(state, region, helpers, options);
    }
    if (variableCount(sub.p) > MAX_SUB_VARIABLES) {
      stale += 1;
      continue;
    }
    let before = 0;
    for (const n of region) for (const s of state.servicesOn(n)) if (!kept(s)) before += state.countOf(s, n) * (p.priority[s] ?? 0);
    const result = solveCompiled(sub.p, 'priority', Math.min(120, timeLeft(ctx)), 3000);
    const solved = result.state;
    if (!solved || solved.placedPriority() <= before + 1e-9) {
      stale += 1;
      continue;
    }
    applySubProblem(state, sub, solved, region, options);
    stale = 0;
    ctx.improved(state);
  }
}

/** Services with replicas left out, highest priority first. */
function leftOut(p: CompiledProblem, state: PlacementState): number[] {
  const out: number[] = [];
  for (let s = 0; s < p.serviceNames.length; s += 1) if ((state.placed[s] ?? 0) < (p.replicas[s] ?? 0) && (p.eligible[s]?.length ?? 0) > 0) out.push(s);
  return out.sort((a, b) => (p.priority[b] ?? 0) - (p.priority[a] ?? 0));
}

function variableCount(p: CompiledProblem): number {
  let total = 0;
  for (const list of p.eligible) total += list.length;
  return total;
}
