// Seeded generator of realistic GPU-cluster placement instances for bench/placement: H100, L40S, CPU and NVMe nodes;
// LLM servers, embedders, rerankers, vector databases, gateways, caches, ETL. Built around a hidden witness placement,
// so every instance is feasible (pins included), with GPU demand at 70-85 % of GPU capacity.
import type { Assignment, NodeCapacity, NodeConstraint, PlacementProblem, ServiceDemand } from '../../src/core/placement/placementProblem';
import { matchesConstraint } from '../../src/core/placement/matchesConstraint';
import { seededRandom } from '../../src/core/placement/seededRandom';

const GiB = 1024 ** 3;
const CORE = 1000;

export interface InstanceSize {
  /** Services (each may have several replicas). */
  readonly services: number;
  readonly nodes: number;
  /** PRNG seed: the same seed and size give the same instance. */
  readonly seed?: number;
  /**
   * No replica asks for more GPUs than this (default 8). With 8, a 70B server fills an H100 node and pins objective
   * spread at 1; with 4 it runs tensor-parallel on half a node (FP8), and spread has something to balance.
   */
  readonly maxGpusPerReplica?: number;
}

export interface GeneratedInstance {
  readonly problem: PlacementProblem;
  /** A placement of every replica that the instance was built around: the proof that it is feasible. */
  readonly witness: readonly Assignment[];
}

type NodeKind = 'h100' | 'l40s' | 'cpu' | 'mem';

interface NodeType {
  readonly gpus: number;
  readonly gpuMemoryBytes: number;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly costPerHour: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Share of the nodes of an instance. */
  readonly share: number;
}

const NODE_TYPES: Readonly<Record<NodeKind, NodeType>> = {
  h100: { gpus: 8, gpuMemoryBytes: 80 * GiB, cpuMillis: 96 * CORE, memoryBytes: 1024 * GiB, costPerHour: 100, share: 0.2, labels: { gpu: 'h100', accelerator: 'nvidia' } },
  l40s: { gpus: 4, gpuMemoryBytes: 48 * GiB, cpuMillis: 48 * CORE, memoryBytes: 384 * GiB, costPerHour: 30, share: 0.3, labels: { gpu: 'l40s', accelerator: 'nvidia' } },
  cpu: { gpus: 0, gpuMemoryBytes: 0, cpuMillis: 64 * CORE, memoryBytes: 256 * GiB, costPerHour: 4, share: 0.35, labels: { pool: 'general' } },
  mem: { gpus: 0, gpuMemoryBytes: 0, cpuMillis: 32 * CORE, memoryBytes: 512 * GiB, costPerHour: 5, share: 0.15, labels: { pool: 'storage', nvme: 'true' } },
};

/** One kind of service: its size ranges (cores, GiB), replicas and what it asks of a node. */
interface ServiceKind {
  readonly prefix: string;
  readonly gpus: number;
  readonly gpuMemoryGiB?: number;
  readonly cores: readonly [number, number];
  readonly memoryGiB: readonly [number, number];
  readonly replicas: readonly [number, number];
  readonly priority: number;
  /** maxReplicasPerNode when replicas > 1. */
  readonly antiAffinity?: number;
  readonly constraints?: readonly NodeConstraint[];
  readonly weight: number;
}

// A 70B model in fp16 is ~140 GB of weights plus KV cache: 4 or 8 GPUs of 80 GB. 34B fits two 48 GB GPUs, 8B one.
const GPU_KINDS: readonly ServiceKind[] = [
  { prefix: 'llm-70b', gpus: 8, gpuMemoryGiB: 80, cores: [24, 32], memoryGiB: [256, 384], replicas: [1, 2], priority: 10, antiAffinity: 1, weight: 2 },
  { prefix: 'llm-70b-tp4', gpus: 4, gpuMemoryGiB: 80, cores: [12, 16], memoryGiB: [160, 200], replicas: [1, 2], priority: 10, antiAffinity: 1, weight: 2 },
  { prefix: 'llm-34b', gpus: 2, gpuMemoryGiB: 48, cores: [8, 16], memoryGiB: [64, 96], replicas: [1, 2], priority: 9, antiAffinity: 1, weight: 3 },
  { prefix: 'llm-8b', gpus: 1, gpuMemoryGiB: 24, cores: [4, 8], memoryGiB: [32, 48], replicas: [1, 3], priority: 8, antiAffinity: 1, weight: 4 },
  { prefix: 'embed-gpu', gpus: 1, gpuMemoryGiB: 16, cores: [2, 4], memoryGiB: [8, 16], replicas: [1, 2], priority: 5, antiAffinity: 1, weight: 2 },
  { prefix: 'rerank-gpu', gpus: 1, gpuMemoryGiB: 16, cores: [2, 4], memoryGiB: [8, 16], replicas: [1, 2], priority: 5, antiAffinity: 1, weight: 1 },
];

const PREPROCESS: ServiceKind = { prefix: 'preprocess', gpus: 0, cores: [2, 8], memoryGiB: [4, 16], replicas: [1, 4], priority: 3, weight: 22 };
const NOT_ON_GPU_NODES: NodeConstraint = { key: 'node.labels.accelerator', op: '!=', value: 'nvidia' };
const NVME: NodeConstraint = { key: 'node.labels.nvme', op: '==', value: 'true' };

const CPU_KINDS: readonly ServiceKind[] = [
  { prefix: 'embed-cpu', gpus: 0, cores: [4, 8], memoryGiB: [8, 16], replicas: [1, 3], priority: 5, antiAffinity: 1, weight: 10 },
  { prefix: 'rerank-cpu', gpus: 0, cores: [4, 8], memoryGiB: [8, 16], replicas: [1, 2], priority: 5, antiAffinity: 1, weight: 7 },
  { prefix: 'vectordb', gpus: 0, cores: [4, 8], memoryGiB: [48, 128], replicas: [1, 3], priority: 6, antiAffinity: 1, constraints: [NVME], weight: 8 },
  PREPROCESS,
  { prefix: 'gateway', gpus: 0, cores: [1, 2], memoryGiB: [1, 4], replicas: [2, 3], priority: 7, antiAffinity: 1, weight: 12 },
  { prefix: 'cache', gpus: 0, cores: [1, 4], memoryGiB: [8, 32], replicas: [1, 2], priority: 4, antiAffinity: 1, weight: 15 },
  { prefix: 'etl', gpus: 0, cores: [8, 16], memoryGiB: [16, 64], replicas: [1, 2], priority: 1, constraints: [NOT_ON_GPU_NODES], weight: 16 },
];

/** Mulberry32 (the solver's seeded generator): an instance depends only on its seed. */
const prng = seededRandom;

interface Draw {
  float(lo: number, hi: number): number;
  int(lo: number, hi: number): number;
  pick<T extends { readonly weight: number }>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
}

function draw(random: () => number): Draw {
  return {
    float: (lo, hi) => lo + (hi - lo) * random(),
    int: (lo, hi) => lo + Math.floor(random() * (hi - lo + 1)),
    pick(items) {
      let r = random() * items.reduce((s, i) => s + i.weight, 0);
      for (const item of items) {
        r -= item.weight;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error('pick from an empty list');
      return last;
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [items[i], items[j]] = [items[j] as never, items[i] as never];
      }
      return items;
    },
  };
}

/** How many nodes of each kind: every kind at least once (when there are 4+ nodes), CPU nodes take the rounding. */
function nodeCounts(total: number): Record<NodeKind, number> {
  const h100 = Math.max(1, Math.round(total * NODE_TYPES.h100.share));
  const l40s = Math.max(1, Math.round(total * NODE_TYPES.l40s.share));
  const mem = Math.max(1, Math.round(total * NODE_TYPES.mem.share));
  const cpu = total - h100 - l40s - mem;
  if (cpu < 1) throw new Error(`generateInstance needs at least 4 nodes, got ${total}`);
  return { h100, l40s, cpu, mem };
}

function makeNodes(total: number): { nodes: NodeCapacity[]; kinds: NodeKind[] } {
  const counts = nodeCounts(total);
  const managers = total <= 10 ? 1 : 3;
  const nodes: NodeCapacity[] = [];
  const kinds: NodeKind[] = [];
  const zones = ['a', 'b', 'c'];
  for (const kind of ['h100', 'l40s', 'cpu', 'mem'] as const) {
    const t = NODE_TYPES[kind];
    for (let i = 1; i <= counts[kind]; i += 1) {
      const name = `${kind}-${String(i).padStart(2, '0')}`;
      // Swarm managers are the small general-purpose nodes.
      const role = kind === 'cpu' && i <= managers ? 'manager' : 'worker';
      nodes.push({
        name,
        hostname: name,
        cpuMillis: t.cpuMillis,
        memoryBytes: t.memoryBytes,
        gpus: t.gpus,
        ...(t.gpus > 0 ? { gpuMemoryBytes: t.gpuMemoryBytes } : {}),
        labels: { ...t.labels, zone: zones[nodes.length % zones.length] ?? 'a' },
        role,
        platform: { os: 'linux', arch: 'amd64' },
        costPerHour: t.costPerHour,
        type: kind,
      });
      kinds.push(kind);
    }
  }
  return { nodes, kinds };
}

/** A service being generated, with where the witness put its replicas. */
interface Draft {
  name: string;
  kind: ServiceKind;
  replicas: number;
  cpuMillis: number;
  memoryBytes: number;
  witness: number[];
}

/** What is left on each node in the witness placement. */
class Witness {
  readonly cpu: number[];
  readonly memory: number[];
  readonly gpus: number[];

  constructor(readonly nodes: readonly NodeCapacity[]) {
    this.cpu = nodes.map((n) => n.cpuMillis);
    this.memory = nodes.map((n) => n.memoryBytes);
    this.gpus = nodes.map((n) => n.gpus);
  }

  private fits(d: Draft, n: number): boolean {
    const node = this.nodes[n];
    if (node === undefined) return false;
    if (!(d.kind.constraints ?? []).every((c) => matchesConstraint(node, c))) return false;
    if (d.kind.gpus > 0 && (node.gpuMemoryBytes ?? 0) < (d.kind.gpuMemoryGiB ?? 0) * GiB) return false;
    return (this.gpus[n] ?? 0) >= d.kind.gpus && (this.cpu[n] ?? 0) >= d.cpuMillis && (this.memory[n] ?? 0) >= d.memoryBytes;
  }

  /**
   * Places the draft's replicas, best fit on the scarcest resource (GPUs, else CPU) so that the witness fills nodes the
   * way a tight cluster is filled; with anti-affinity each replica on another node. Returns false (and places nothing) if
   * they do not all fit.
   */
  place(d: Draft, random: () => number): boolean {
    const perNode = d.replicas > 1 ? (d.kind.antiAffinity ?? Infinity) : Infinity;
    const chosen: number[] = [];
    const taken = new Map<number, number>();
    for (let r = 0; r < d.replicas; r += 1) {
      let best = -1;
      let bestLeft = Infinity;
      for (let n = 0; n < this.nodes.length; n += 1) {
        if ((taken.get(n) ?? 0) >= perNode || !this.fits(d, n)) continue;
        const left = d.kind.gpus > 0 ? (this.gpus[n] ?? 0) - d.kind.gpus : ((this.cpu[n] ?? 0) - d.cpuMillis) / (this.nodes[n]?.cpuMillis ?? 1);
        // A little noise so that equal nodes do not always fill in the same order.
        const noisy = left + random() * 0.5;
        if (noisy < bestLeft) {
          bestLeft = noisy;
          best = n;
        }
      }
      if (best < 0) {
        for (const n of chosen) this.release(d, n);
        return false;
      }
      this.take(d, best);
      chosen.push(best);
      taken.set(best, (taken.get(best) ?? 0) + 1);
    }
    d.witness = chosen;
    return true;
  }

  private take(d: Draft, n: number): void {
    this.cpu[n] = (this.cpu[n] ?? 0) - d.cpuMillis;
    this.memory[n] = (this.memory[n] ?? 0) - d.memoryBytes;
    this.gpus[n] = (this.gpus[n] ?? 0) - d.kind.gpus;
  }

  private release(d: Draft, n: number): void {
    this.cpu[n] = (this.cpu[n] ?? 0) + d.cpuMillis;
    this.memory[n] = (this.memory[n] ?? 0) + d.memoryBytes;
    this.gpus[n] = (this.gpus[n] ?? 0) + d.kind.gpus;
  }
}

const sumOf = <T>(items: readonly T[], f: (item: T) => number): number => items.reduce((s, item) => s + f(item), 0);
const roundCpu = (millis: number): number => Math.max(100, Math.round(millis / 100) * 100);
const roundMemory = (bytes: number): number => Math.max(128 * 1024 ** 2, Math.round(bytes / (128 * 1024 ** 2)) * 128 * 1024 ** 2);

/**
 * A realistic instance of `services` services on `nodes` nodes (at least 4), the same for the same seed. GPU demand is
 * 70-85 % of the GPUs, CPU 55-75 % of the cores; about a quarter of the services are pinned (to nodes that hold them in
 * the witness placement, sometimes plus one more), so pack, spread and priority all have real choices to make.
 */
export function generateInstance(size: InstanceSize): GeneratedInstance {
  const random = prng(size.seed ?? 1);
  const d = draw(random);
  const { nodes, kinds } = makeNodes(size.nodes);
  const witness = new Witness(nodes);
  const drafts: Draft[] = [];
  const counter = new Map<string, number>();
  const newDraft = (kind: ServiceKind): Draft => {
    const n = (counter.get(kind.prefix) ?? 0) + 1;
    counter.set(kind.prefix, n);
    return {
      name: `${kind.prefix}-${n}`,
      kind,
      replicas: d.int(kind.replicas[0], kind.replicas[1]),
      cpuMillis: roundCpu(d.float(kind.cores[0], kind.cores[1]) * CORE),
      memoryBytes: roundMemory(d.float(kind.memoryGiB[0], kind.memoryGiB[1]) * GiB),
      witness: [],
    };
  };

  // GPU services until the witness uses the target share of the GPUs (at most 40 % of the services).
  const totalGpus = nodes.reduce((s, n) => s + n.gpus, 0);
  const gpuTarget = Math.round(totalGpus * d.float(0.7, 0.85));
  const gpuServiceCap = Math.max(1, Math.floor(size.services * 0.4));
  let gpusUsed = 0;
  for (let attempt = 0; attempt < 2000 && gpusUsed < gpuTarget && drafts.length < gpuServiceCap; attempt += 1) {
    const left = gpuTarget - gpusUsed;
    const candidates = GPU_KINDS.filter((k) => k.gpus <= left && k.gpus <= (size.maxGpusPerReplica ?? 8));
    if (candidates.length === 0) break;
    const draft = newDraft(d.pick(candidates));
    draft.replicas = Math.max(1, Math.min(draft.replicas, Math.floor(left / draft.kind.gpus)));
    while (draft.replicas > 0 && !witness.place(draft, random)) draft.replicas -= 1;
    if (draft.replicas === 0) {
      counter.set(draft.kind.prefix, (counter.get(draft.kind.prefix) ?? 1) - 1);
      continue;
    }
    gpusUsed += draft.replicas * draft.kind.gpus;
    drafts.push(draft);
  }

  // The rest are CPU services, sized so that the cluster's cores end up 55-75 % requested.
  const totalCpu = nodes.reduce((s, n) => s + n.cpuMillis, 0);
  const cpuBudget = totalCpu * d.float(0.55, 0.75) - drafts.reduce((s, x) => s + x.cpuMillis * x.replicas, 0);
  const cpuDrafts = Array.from({ length: size.services - drafts.length }, () => newDraft(d.pick(CPU_KINDS)));
  const asked = cpuDrafts.reduce((s, x) => s + x.cpuMillis * x.replicas, 0);
  const scale = Math.min(4, Math.max(0.1, cpuBudget / Math.max(1, asked)));
  for (const x of cpuDrafts) {
    x.cpuMillis = roundCpu(x.cpuMillis * scale);
    x.memoryBytes = roundMemory(x.memoryBytes * Math.min(scale, 1.5));
  }
  // Vector databases only run on the NVMe nodes: at most ~70 % of those nodes' cores and memory.
  const nvmeDrafts = cpuDrafts.filter((x) => x.kind.constraints?.includes(NVME));
  const nvmeNodes = nodes.filter((n) => matchesConstraint(n, NVME));
  const fit = (capacity: number, asked: number): number => Math.min(1, (0.7 * capacity) / Math.max(1, asked));
  const nvmeCpu = fit(sumOf(nvmeNodes, (n) => n.cpuMillis), sumOf(nvmeDrafts, (x) => x.cpuMillis * x.replicas));
  const nvmeMemory = fit(sumOf(nvmeNodes, (n) => n.memoryBytes), sumOf(nvmeDrafts, (x) => x.memoryBytes * x.replicas));
  for (const x of nvmeDrafts) {
    x.cpuMillis = roundCpu(x.cpuMillis * nvmeCpu);
    x.memoryBytes = roundMemory(x.memoryBytes * nvmeMemory);
  }
  // The most constrained first (NVMe only, then off GPU nodes), then biggest first, so that the witness fits them all;
  // the output order is shuffled anyway.
  const rank = (x: Draft): number => (x.kind.constraints?.includes(NVME) ? 2 : x.kind.constraints ? 1 : 0);
  for (const x of [...cpuDrafts].sort((a, b) => rank(b) - rank(a) || b.cpuMillis * b.replicas - a.cpuMillis * a.replicas)) {
    if (!placeShrinking(x, witness, random)) {
      // Last resort: a small preprocessor, which fits wherever a core is free.
      const fallback = newDraft(PREPROCESS);
      Object.assign(x, { name: fallback.name, kind: PREPROCESS, replicas: 1, cpuMillis: 100, memoryBytes: 128 * 1024 ** 2 });
      if (!witness.place(x, random)) throw new Error(`generateInstance: no room left for ${x.name}`);
    }
    drafts.push(x);
  }

  const services = d.shuffle(drafts).map((x) => toService(x));
  pinAndGang(services, drafts, nodes, kinds, d, random);
  const witnessed: Assignment[] = [];
  for (const x of drafts) {
    const perNode = new Map<string, number>();
    for (const n of x.witness) perNode.set(nodes[n]?.name ?? '', (perNode.get(nodes[n]?.name ?? '') ?? 0) + 1);
    for (const [node, replicas] of perNode) witnessed.push({ service: x.name, node, replicas });
  }
  return { problem: { services, nodes }, witness: witnessed };
}

/** Places a CPU draft, halving it and then dropping replicas until it fits; false if even one small replica does not. */
function placeShrinking(x: Draft, witness: Witness, random: () => number): boolean {
  for (let i = 0; i < 4; i += 1) {
    if (witness.place(x, random)) return true;
    x.cpuMillis = roundCpu(x.cpuMillis / 2);
    x.memoryBytes = roundMemory(x.memoryBytes / 2);
  }
  while (x.replicas > 1) {
    x.replicas -= 1;
    if (witness.place(x, random)) return true;
  }
  return false;
}

function toService(x: Draft): ServiceDemand {
  return {
    name: x.name,
    replicas: x.replicas,
    cpuMillis: x.cpuMillis,
    memoryBytes: x.memoryBytes,
    gpus: x.kind.gpus,
    ...(x.kind.gpus > 0 ? { gpuMemoryBytes: (x.kind.gpuMemoryGiB ?? 0) * GiB } : {}),
    ...(x.kind.constraints ? { constraints: x.kind.constraints } : {}),
    ...(x.replicas > 1 && x.kind.antiAffinity !== undefined ? { maxReplicasPerNode: x.kind.antiAffinity } : {}),
    priority: x.kind.priority,
  };
}

/**
 * Pins about a quarter of the services to the nodes the witness put them on (half of them may also use one more node
 * of the same type), and ties a few LLM servers to a companion service in all-or-nothing gangs (RAG stacks).
 */
function pinAndGang(services: ServiceDemand[], drafts: readonly Draft[], nodes: readonly NodeCapacity[], kinds: readonly NodeKind[], d: Draw, random: () => number): void {
  const byName = new Map(drafts.map((x) => [x.name, x]));
  const set = (i: number, extra: Partial<ServiceDemand>): void => {
    const s = services[i];
    if (s !== undefined) services[i] = { ...s, ...extra };
  };
  services.forEach((s, i) => {
    if (random() >= 0.25) return;
    const x = byName.get(s.name);
    if (x === undefined) return;
    const pins = new Set(x.witness.map((n) => nodes[n]?.name ?? ''));
    if (random() < 0.5) {
      const first = x.witness[0] ?? 0;
      const sameType = nodes.filter((node, n) => kinds[n] === kinds[first] && !pins.has(node.name));
      const more = sameType[Math.floor(random() * sameType.length)];
      if (more) pins.add(more.name);
    }
    set(i, { pinnedNodes: [...pins] });
  });
  const llms = services.map((s, i) => ({ s, i })).filter(({ s }) => s.name.startsWith('llm-'));
  const companions = services.map((s, i) => ({ s, i })).filter(({ s }) => /^(embed-cpu|vectordb|cache)-/.test(s.name));
  const gangs = Math.min(llms.length, companions.length, Math.max(1, Math.round(services.length / 40)));
  d.shuffle(llms);
  d.shuffle(companions);
  for (let g = 0; g < gangs; g += 1) {
    const llm = llms[g];
    const companion = companions[g];
    if (!llm || !companion) break;
    set(llm.i, { gang: `rag-${g + 1}` });
    set(companion.i, { gang: `rag-${g + 1}` });
  }
}
