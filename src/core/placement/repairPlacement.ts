// Places left-out replicas by making room: a node the replica could use sheds a few smaller replicas, which move
// to other nodes (open ones first, else the cheapest that fits). Undone when any of them finds no place. Gangs stay
// whole: a left-out gang is tried as a unit, and moved members are placed again.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';
import * as bestFit from './leftOverShare';
import type { PlacementState } from './placementState';
import { type SearchContext, timeLeft } from './searchContext';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { leftOverShare } = bestFit;
const { RESOURCES, demandOn, fitsWithin } = compiled;

type Move = readonly [service: number, from: number, to: number];

/** Replicas one node may shed to make room for one. */
const MAX_EVICTIONS = 12;

/** `allowed`: the nodes replicas may go to (default all); closing a node passes the other open ones. */
export function repairPlacement(state: PlacementState, ctx: SearchContext, allowed: (n: number) => boolean = () => true): void {
  const p = state.p;
  let progress = true;
  while (progress && state.unplacedReplicas() > 0 && timeLeft(ctx) > 0) {
    progress = false;
    for (const unit of leftOutUnits(p, state)) {
      if (timeLeft(ctx) <= 0) return;
      const log: Move[] = [];
      let ok = true;
      for (const s of unit) {
        while ((state.placed[s] ?? 0) < (p.replicas[s] ?? 0)) {
          if (!placeWithRoom(state, s, log, allowed)) {
            ok = false;
            break;
          }
        }
        if (!ok) break;
      }
      if (ok) {
        progress = true;
        ctx.improved(state);
      } else if ((p.gangOf[unit[0] ?? 0] ?? -1) >= 0) undo(state, log);
    }
  }
}

function leftOutUnits(p: CompiledProblem, state: PlacementState): number[][] {
  const units: number[][] = [];
  const seenGang = new Set<number>();
  for (let s = 0; s < p.serviceNames.length; s += 1) {
    if ((state.placed[s] ?? 0) >= (p.replicas[s] ?? 0) || (p.eligible[s]?.length ?? 0) === 0) continue;
    const g = p.gangOf[s] ?? -1;
    if (g < 0) units.push([s]);
    else if (!seenGang.has(g)) {
      seenGang.add(g);
      units.push([...(p.gangs[g] ?? [])]);
    }
  }
  return units.sort((a, b) => (p.priority[b[0] ?? 0] ?? 0) - (p.priority[a[0] ?? 0] ?? 0));
}

function undo(state: PlacementState, log: Move[]): void {
  for (let i = log.length - 1; i >= 0; i -= 1) {
    const [s, from, to] = log[i] ?? [0, -1, -1];
    if (to >= 0) state.remove(s, to);
    if (from >= 0) state.add(s, from);
  }
  log.length = 0;
}

/** One more replica of s, moving others out of its way if needed; logs every change (from -1: newly placed). */
function placeWithRoom(state: PlacementState, s: number, log: Move[], allowed: (n: number) => boolean): boolean {
  const p = state.p;
  const N = p.nodeNames.length;
  const direct = anyNode(state, s, -1, allowed);
  if (direct >= 0) {
    state.add(s, direct);
    log.push([s, -1, direct]);
    return true;
  }
  // Nodes where s is allowed another replica, open ones first.
  const targets = (p.eligible[s] ?? []).filter((n) => allowed(n) && state.countOf(s, n) < (p.maxOn[s * N + n] ?? 0));
  targets.sort((a, b) => Number(state.isOpen(b)) - Number(state.isOpen(a)) || (p.cost[a] ?? 0) - (p.cost[b] ?? 0));
  for (const n of targets) {
    const evict = chooseEvictions(state, s, n);
    if (!evict) continue;
    const mark = log.length;
    for (const t of evict) {
      state.remove(t, n);
      log.push([t, n, -1]);
    }
    if (!state.canAdd(s, n)) {
      undoTo(state, log, mark);
      continue;
    }
    state.add(s, n);
    log.push([s, -1, n]);
    let moved = true;
    for (const t of evict) {
      const m = anyNode(state, t, n, allowed);
      if (m < 0) {
        moved = false;
        break;
      }
      state.add(t, m);
      log.push([t, -1, m]);
    }
    if (moved) return true;
    undoTo(state, log, mark);
  }
  return false;
}

function undoTo(state: PlacementState, log: Move[], mark: number): void {
  const tail = log.splice(mark);
  for (let i = tail.length - 1; i >= 0; i -= 1) {
    const [s, from, to] = tail[i] ?? [0, -1, -1];
    if (to >= 0) state.remove(s, to);
    if (from >= 0) state.add(s, from);
  }
}

/** Replicas on n (not of s, not of a gang) whose removal makes room for one replica of s; smallest first. */
function chooseEvictions(state: PlacementState, s: number, n: number): number[] | undefined {
  const p = state.p;
  const deficit: number[] = [];
  for (let k = 0; k < RESOURCES; k += 1) {
    const cap = p.capacity[n * RESOURCES + k] ?? 0;
    const used = (state.used[n * RESOURCES + k] ?? 0) + demandOn(p, s, n, k);
    deficit.push(fitsWithin(used, cap) ? 0 : used - cap);
  }
  if (deficit.every((d) => d <= 0)) return undefined;
  const candidates: number[] = [];
  for (const t of state.servicesOn(n)) {
    // Replicas with nowhere else to go stay (gang members may move: they stay placed).
    if (t === s || (p.eligible[t]?.length ?? 0) < 2) continue;
    for (let i = 0; i < state.countOf(t, n); i += 1) candidates.push(t);
  }
  // Greedy cover of what is short: each step the replica that covers most of what is still missing.
  const chosen: number[] = [];
  const left = deficit.slice();
  while (left.some((d) => d > 0) && chosen.length < MAX_EVICTIONS) {
    let bestIndex = -1;
    let bestGain = 0;
    candidates.forEach((t, i) => {
      let gain = 0;
      for (let k = 0; k < RESOURCES; k += 1) {
        const d = left[k] ?? 0;
        if (d > 0) gain += Math.min(d, demandOn(p, t, n, k)) / (deficit[k] ?? 1);
      }
      if (gain > bestGain) {
        bestGain = gain;
        bestIndex = i;
      }
    });
    if (bestIndex < 0) return undefined;
    const t = candidates.splice(bestIndex, 1)[0] ?? 0;
    chosen.push(t);
    for (let k = 0; k < RESOURCES; k += 1) left[k] = (left[k] ?? 0) - demandOn(p, t, n, k);
  }
  return left.every((d) => d <= 0) ? chosen : undefined;
}

/** A node other than `avoid` where one more replica of s fits: best fit among open nodes, else the cheapest. */
function anyNode(state: PlacementState, s: number, avoid: number, allowed: (n: number) => boolean): number {
  const p = state.p;
  let best = -1;
  let bestScore = Infinity;
  for (const n of p.eligible[s] ?? []) {
    if (n === avoid || !allowed(n) || !state.canAdd(s, n)) continue;
    const score = state.isOpen(n) ? leftOverShare(p, state, s, n) - 10 : (p.cost[n] ?? 0);
    if (score < bestScore) {
      bestScore = score;
      best = n;
    }
  }
  return best;
}
