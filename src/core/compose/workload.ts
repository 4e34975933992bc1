// What a set of compose files asks for, after compose semantics (merge, extends, profiles, interpolation) are applied:
// the input of placement, linting and code lenses. Every value keeps where it came from for diagnostics.

/** A place in a source file. Lines and columns are 0-based (as in VS Code and LSP); `end` is exclusive. */
export interface SourceRange {
  readonly file: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type ComposeDiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem found while reading compose files (malformed YAML, `count: two`, an unknown unit, a missing `.env` variable…). */
export interface ComposeDiagnostic {
  readonly severity: ComposeDiagnosticSeverity;
  readonly message: string;
  readonly range: SourceRange;
  /** Stable id, e.g. `yaml-syntax`, `invalid-gpu-count`, `unknown-unit`, `undefined-variable`. */
  readonly code: string;
}

export interface GpuRequest {
  /** A number of GPUs, or every GPU of the node (`count: all`, `gpus: all`, legacy `runtime: nvidia`). */
  readonly count: number | 'all';
  readonly deviceIds: readonly string[];
  readonly capabilities: readonly string[];
  readonly driver?: string;
  /** Which compose form asked for it. */
  readonly source: 'devices' | 'gpus' | 'runtime' | 'generic_resources';
  readonly range: SourceRange;
}

/** One `deploy.placement.constraints` entry, e.g. `node.labels.gpu == h100`. */
export interface PlacementConstraint {
  /** `node.labels.<name>`, `node.role`, `node.hostname`, `node.id`, `node.platform.os`, `node.platform.arch`, `engine.labels.<name>`. */
  readonly key: string;
  readonly op: '==' | '!=';
  readonly value: string;
  readonly range: SourceRange;
}

/** Berth's own per-service settings, from the `x-berth` extension field (compose ignores `x-` fields). */
export interface BerthServiceExtension {
  /** Higher is placed first when not everything fits (objective `priority`). Default 1. */
  readonly priority?: number;
  /** Services sharing a gang name are placed all together or not at all. */
  readonly gang?: string;
  /** Node names this service may only run on. */
  readonly pin?: readonly string[];
  /** Memory each GPU must have, e.g. `40GB`, in bytes. */
  readonly gpuMemoryBytes?: number;
}

export interface WorkloadService {
  readonly name: string;
  /** The service's key in the (last) file that defines it. */
  readonly range: SourceRange;
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile?: string };
  /** `command`, as words (a string command is split as compose splits it). */
  readonly command?: readonly string[];
  /** `environment` values written in the file (a name without a value, taken from the shell, is left out). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly profiles: readonly string[];
  readonly replicas: number;
  /** What the scheduler reserves: `deploy.resources.reservations`, else the limit (as Kubernetes defaults a request to its limit), else `cpus`/`mem_limit`/`mem_reservation`, else 0. */
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly cpuLimitMillis?: number;
  readonly memoryLimitBytes?: number;
  readonly gpu?: GpuRequest;
  /** Swarm discrete generic resources other than GPUs (`{ kind: value }`); GPU kinds (`gpu`, `nvidia.com/gpu`, `NVIDIA-GPU`) become `gpu`. */
  readonly genericResources: Readonly<Record<string, number>>;
  readonly constraints: readonly PlacementConstraint[];
  readonly maxReplicasPerNode?: number;
  readonly berth: BerthServiceExtension;
  /** Where each resource value came from, for diagnostics and code lenses. */
  readonly ranges: Readonly<Partial<Record<'replicas' | 'cpus' | 'memory' | 'gpus' | 'constraints' | 'maxReplicasPerNode' | 'x-berth', SourceRange>>>;
}

export interface Workload {
  /** Services in file order, after `profiles` filtering. */
  readonly services: readonly WorkloadService[];
  /** Services left out because none of their profiles is active. */
  readonly inactiveServices: readonly string[];
}
