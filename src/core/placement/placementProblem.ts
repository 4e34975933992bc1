// The placement model: each service replica runs on exactly one node, and no node's supply is exceeded.

export type Objective = 'pack' | 'spread' | 'priority';

/** A `node.*` condition a node must meet. Keys: `node.labels.<name>`, `node.role`, `node.hostname`, `node.id`, `node.platform.os`, `node.platform.arch`. */
export interface NodeConstraint {
  readonly key: string;
  readonly op: '==' | '!=';
  readonly value: string;
}

export interface ServiceDemand {
  readonly name: string;
  /** Copies to place; each copy is a whole container on one node. Default 1. */
  readonly replicas?: number;
  /** Per replica. */
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  /** Whole GPUs per replica; `'all'` takes every GPU of its node (and needs at least one). */
  readonly gpus: number | 'all';
  /** Memory each of those GPUs must have. */
  readonly gpuMemoryBytes?: number;
  readonly constraints?: readonly NodeConstraint[];
  /** Anti-affinity: at most this many replicas on one node (Swarm's `max_replicas_per_node`). */
  readonly maxReplicasPerNode?: number;
  /** Only these nodes (by name). */
  readonly pinnedNodes?: readonly string[];
  /** Objective `priority` maximises the total priority placed (per replica). Default 1. */
  readonly priority?: number;
  /** All replicas of all services in a gang are placed, or none. */
  readonly gang?: string;
}

export interface NodeCapacity {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
  /** Memory of each GPU (0 or absent when unknown). */
  readonly gpuMemoryBytes?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly role?: 'manager' | 'worker';
  /** Defaults to `name`. */
  readonly hostname?: string;
  readonly platform?: { readonly os?: string; readonly arch?: string };
  /** Objective `pack` minimises the total cost of nodes used; without costs it minimises their count. */
  readonly costPerHour?: number;
  /** Inventory node type this node came from (`h100 × 8` gives 8 nodes of type `h100`); identical nodes break symmetry. */
  readonly type?: string;
}

export interface PlacementProblem {
  readonly services: readonly ServiceDemand[];
  readonly nodes: readonly NodeCapacity[];
}

/** `replicas` copies of `service` on `node`. */
export interface Assignment {
  readonly service: string;
  readonly node: string;
  readonly replicas: number;
}

export interface UnplacedService {
  readonly service: string;
  readonly replicas: number;
  /** A sentence a person can act on: "needs 8 GPUs; the largest node has 4". */
  readonly reason: string;
}

export type PlanStatus =
  /** Proven optimal (gap 0 within tolerance). */
  | 'optimal'
  /** A valid plan, not proven optimal in the budget; `gap` says how far it can be from the best. */
  | 'feasible'
  /** Nothing valid places every service (objectives pack and spread); `explanation` says why. */
  | 'infeasible';

export interface Plan {
  readonly objective: Objective;
  readonly status: PlanStatus;
  readonly assignments: readonly Assignment[];
  readonly unplaced: readonly UnplacedService[];
  /** Recomputed from the assignments, never taken from the solver's report. pack: cost (or node count); spread: highest utilisation 0..1; priority: total priority placed. */
  readonly objectiveValue: number;
  /** A proven bound on the best objective (lower for pack/spread, upper for priority). */
  readonly bound: number;
  /** |objective - bound| / max(|objective|, tiny); 0 when proven optimal. */
  readonly gap: number;
  readonly solveMillis: number;
  /** For an infeasible problem: what is short and by how much, or which service fits nowhere and why. */
  readonly explanation?: readonly string[];
  /** Which stages ran: `heuristic`, `exact`, `improve`, `timeout`. */
  readonly stages: readonly string[];
}
