// The placement model: each service replica runs on exactly one node, and no node's supply is exceeded.

export interface ServiceDemand {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
}

export interface NodeCapacity {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
}

export interface PlacementProblem {
  readonly services: readonly ServiceDemand[];
  readonly nodes: readonly NodeCapacity[];
}
