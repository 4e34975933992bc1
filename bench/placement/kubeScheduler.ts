// The reference a cluster would give without Berth: kube-scheduler's default flow, one replica at a time. Filter
// (resources, GPUs and their memory, constraints, pins, maxReplicasPerNode), then score with the NodeResourcesFit
// plugin's LeastAllocated (spread) or MostAllocated (pack) strategy, and bind to the best node. It never moves a replica
// placed earlier and knows nothing of gangs.
import { matchesConstraint } from '../../src/core/placement/matchesConstraint';
import type { Assignment, NodeCapacity, PlacementProblem, ServiceDemand, UnplacedService } from '../../src/core/placement/placementProblem';

export type KubeScoring = 'LeastAllocated' | 'MostAllocated';

export interface KubeSchedulerOptions {
  readonly scoring: KubeScoring;
  /**
   * `input`: replicas in the order of the services (a queue of equal-priority pods). `priority`: kube's PrioritySort
   * queue, higher priority first, input order among equals.
   */
  readonly order?: 'input' | 'priority';
}

export interface KubeSchedule {
  readonly assignments: readonly Assignment[];
  readonly unplaced: readonly UnplacedService[];
  readonly placedAll: boolean;
  /** Gangs of which some replicas were placed and some were not: the all-or-nothing rule kube-scheduler cannot keep. */
  readonly gangsBroken: readonly string[];
}

/** kube-scheduler's MaxNodeScore. */
const MAX_SCORE = 100;

interface NodeState {
  cpu: number;
  memory: number;
  gpus: number;
  readonly replicasOf: Map<string, number>;
}

/** Why a node rejects a replica, or undefined when it accepts it. */
function rejection(svc: ServiceDemand, node: NodeCapacity, state: NodeState): string | undefined {
  if (svc.pinnedNodes && svc.pinnedNodes.length > 0 && !svc.pinnedNodes.includes(node.name)) return 'not one of its pinned nodes';
  const failed = (svc.constraints ?? []).find((c) => !matchesConstraint(node, c));
  if (failed) return `constraint ${failed.key} ${failed.op} ${failed.value}`;
  const limit = svc.maxReplicasPerNode;
  if (limit !== undefined && limit > 0 && (state.replicasOf.get(svc.name) ?? 0) >= limit) return `already ${limit} replica(s) on the node`;
  const gpus = gpusOn(svc, node);
  if (svc.gpus === 'all' && node.gpus < 1) return 'needs every GPU of a node that has some';
  if (svc.gpus === 'all' && state.gpus < node.gpus) return 'needs every GPU, some are taken';
  if (gpus > state.gpus) return 'not enough free GPUs';
  if (gpus > 0 && (svc.gpuMemoryBytes ?? 0) > (node.gpuMemoryBytes ?? 0)) return 'GPU memory too small';
  if (svc.cpuMillis > state.cpu) return 'not enough free CPU';
  if (svc.memoryBytes > state.memory) return 'not enough free memory';
  return undefined;
}

function gpusOn(svc: ServiceDemand, node: NodeCapacity): number {
  return svc.gpus === 'all' ? node.gpus : svc.gpus;
}

/**
 * NodeResourcesFit's score for placing `svc` on the node: per resource with allocatable > 0 (cpu, memory, and GPUs as
 * an extended resource), (allocatable - requested) * 100 / allocatable for LeastAllocated or requested * 100 /
 * allocatable for MostAllocated, with `requested` counting the replica; the weighted mean (all weights 1), in
 * integers as kube-scheduler computes it.
 */
export function nodeResourcesFitScore(scoring: KubeScoring, svc: ServiceDemand, node: NodeCapacity, state: Omit<NodeState, 'replicasOf'>): number {
  const pairs: [number, number][] = [
    [node.cpuMillis - state.cpu + svc.cpuMillis, node.cpuMillis],
    [node.memoryBytes - state.memory + svc.memoryBytes, node.memoryBytes],
    [node.gpus - state.gpus + gpusOn(svc, node), node.gpus],
  ];
  let sum = 0;
  let weights = 0;
  for (const [requested, allocatable] of pairs) {
    if (allocatable <= 0) continue;
    const r = Math.min(requested, allocatable);
    sum += scoring === 'MostAllocated' ? Math.floor((r * MAX_SCORE) / allocatable) : Math.floor(((allocatable - r) * MAX_SCORE) / allocatable);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.floor(sum / weights);
}

/** Schedules every replica the kube-scheduler way; ties go to the earlier node (kube picks among ties at random). */
export function kubeScheduler(problem: PlacementProblem, options: KubeSchedulerOptions): KubeSchedule {
  const states: NodeState[] = problem.nodes.map((n) => ({ cpu: n.cpuMillis, memory: n.memoryBytes, gpus: n.gpus, replicasOf: new Map() }));
  const queue = problem.services.map((svc, index) => ({ svc, index }));
  if (options.order === 'priority') queue.sort((a, b) => (b.svc.priority ?? 1) - (a.svc.priority ?? 1) || a.index - b.index);
  const placed = new Map<string, Map<string, number>>();
  const unplaced: UnplacedService[] = [];
  for (const { svc } of queue) {
    const wanted = svc.replicas ?? 1;
    let missing = 0;
    let reason = '';
    for (let r = 0; r < wanted; r += 1) {
      let best = -1;
      let bestScore = -1;
      const reasons = new Map<string, number>();
      problem.nodes.forEach((node, n) => {
        const state = states[n];
        if (!state) return;
        const why = rejection(svc, node, state);
        if (why !== undefined) {
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
          return;
        }
        const score = nodeResourcesFitScore(options.scoring, svc, node, state);
        if (score > bestScore) {
          bestScore = score;
          best = n;
        }
      });
      const node = problem.nodes[best];
      const state = states[best];
      if (!node || !state) {
        missing += 1;
        // kube's FitError message: "0/N nodes are available: 3 not enough free GPUs, ..."
        reason = `0/${problem.nodes.length} nodes are available: ${[...reasons].map(([why, count]) => `${count} ${why}`).join(', ')}`;
        continue;
      }
      state.cpu -= svc.cpuMillis;
      state.memory -= svc.memoryBytes;
      state.gpus -= gpusOn(svc, node);
      state.replicasOf.set(svc.name, (state.replicasOf.get(svc.name) ?? 0) + 1);
      const onNodes = placed.get(svc.name) ?? new Map<string, number>();
      onNodes.set(node.name, (onNodes.get(node.name) ?? 0) + 1);
      placed.set(svc.name, onNodes);
    }
    if (missing > 0) unplaced.push({ service: svc.name, replicas: missing, reason });
  }
  const assignments: Assignment[] = [];
  for (const svc of problem.services) {
    for (const [node, replicas] of placed.get(svc.name) ?? []) assignments.push({ service: svc.name, node, replicas });
  }
  return { assignments, unplaced, placedAll: unplaced.length === 0, gangsBroken: brokenGangs(problem, placed, unplaced) };
}

function brokenGangs(problem: PlacementProblem, placed: ReadonlyMap<string, unknown>, unplaced: readonly UnplacedService[]): string[] {
  const missing = new Set(unplaced.map((u) => u.service));
  const gangs = new Map<string, { some: boolean; all: boolean }>();
  for (const svc of problem.services) {
    if (svc.gang === undefined) continue;
    const g = gangs.get(svc.gang) ?? { some: false, all: true };
    if (placed.has(svc.name)) g.some = true;
    if (missing.has(svc.name)) g.all = false;
    gangs.set(svc.gang, g);
  }
  return [...gangs].filter(([, g]) => g.some && !g.all).map(([name]) => name);
}
