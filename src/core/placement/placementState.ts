// A mutable placement the heuristics and local searches edit: replicas per service and node, and what each node has left.
import type { CompiledProblem } from './compileProblem';
import * as compiled from './compileProblem';

// Read once: the one-to-one CommonJS build (tests, bench) reaches imported bindings through a getter at every use.
const { RESOURCES, demandOn, fitsWithin } = compiled;

export class PlacementState {
  /** Row-major services × nodes: replicas of the service on the node. */
  readonly count: Int32Array;
  /** Per node, RESOURCES entries in use. */
  readonly used: Float64Array;
  /** Replicas on each node (a node with any is open, and pays its cost). */
  readonly replicasOn: Int32Array;
  /** Replicas placed per service. */
  readonly placed: Int32Array;

  constructor(
    readonly p: CompiledProblem,
    from?: PlacementState,
  ) {
    const S = p.serviceNames.length;
    const N = p.nodeNames.length;
    this.count = from ? from.count.slice() : new Int32Array(S * N);
    this.used = from ? from.used.slice() : new Float64Array(N * RESOURCES);
    this.replicasOn = from ? from.replicasOn.slice() : new Int32Array(N);
    this.placed = from ? from.placed.slice() : new Int32Array(S);
  }

  get nodeCount(): number {
    return this.p.nodeNames.length;
  }

  clone(): PlacementState {
    return new PlacementState(this.p, this);
  }

  copyFrom(other: PlacementState): void {
    this.count.set(other.count);
    this.used.set(other.used);
    this.replicasOn.set(other.replicasOn);
    this.placed.set(other.placed);
  }

  countOf(s: number, n: number): number {
    return this.count[s * this.nodeCount + n] ?? 0;
  }

  isOpen(n: number): boolean {
    return (this.replicasOn[n] ?? 0) > 0;
  }

  /** Whether `times` more replicas of service s fit on node n now. */
  canAdd(s: number, n: number, times = 1): boolean {
    const p = this.p;
    const N = this.nodeCount;
    if ((this.count[s * N + n] ?? 0) + times > (p.maxOn[s * N + n] ?? 0)) return false;
    for (let k = 0; k < RESOURCES; k += 1) {
      const d = demandOn(p, s, n, k);
      if (d > 0 && !fitsWithin((this.used[n * RESOURCES + k] ?? 0) + d * times, p.capacity[n * RESOURCES + k] ?? 0)) return false;
    }
    return true;
  }

  add(s: number, n: number, times = 1): void {
    this.shift(s, n, times);
  }

  remove(s: number, n: number, times = 1): void {
    this.shift(s, n, -times);
  }

  private shift(s: number, n: number, times: number): void {
    const N = this.nodeCount;
    this.count[s * N + n] = (this.count[s * N + n] ?? 0) + times;
    this.replicasOn[n] = (this.replicasOn[n] ?? 0) + times;
    this.placed[s] = (this.placed[s] ?? 0) + times;
    for (let k = 0; k < RESOURCES; k += 1) {
      const d = demandOn(this.p, s, n, k);
      if (d !== 0) this.used[n * RESOURCES + k] = (this.used[n * RESOURCES + k] ?? 0) + d * times;
    }
    if (this.replicasOn[n] === 0) this.used.fill(0, n * RESOURCES, n * RESOURCES + RESOURCES); // no drift from float sums
  }

  /** Removes every replica from node n; returns [service, replicas] pairs that were there. */
  clearNode(n: number): [number, number][] {
    const out: [number, number][] = [];
    const N = this.nodeCount;
    for (let s = 0; s < this.p.serviceNames.length; s += 1) {
      const c = this.count[s * N + n] ?? 0;
      if (c > 0) {
        out.push([s, c]);
        this.remove(s, n, c);
      }
    }
    return out;
  }

  /** Services with replicas on node n (scans the column). */
  servicesOn(n: number): number[] {
    const out: number[] = [];
    const N = this.nodeCount;
    for (let s = 0; s < this.p.serviceNames.length; s += 1) if ((this.count[s * N + n] ?? 0) > 0) out.push(s);
    return out;
  }

  /** The highest share of any resource in use on node n (0..1), over resources the node has. */
  utilisation(n: number, extraService = -1, extraTimes = 0): number {
    let worst = 0;
    for (let k = 0; k < RESOURCES; k += 1) {
      const cap = this.p.capacity[n * RESOURCES + k] ?? 0;
      if (cap <= 0) continue;
      let u = this.used[n * RESOURCES + k] ?? 0;
      if (extraService >= 0) u += demandOn(this.p, extraService, n, k) * extraTimes;
      worst = Math.max(worst, u / cap);
    }
    return worst;
  }

  openCost(): number {
    let total = 0;
    for (let n = 0; n < this.nodeCount; n += 1) if (this.isOpen(n)) total += this.p.cost[n] ?? 0;
    return total;
  }

  maxUtilisation(): number {
    let worst = 0;
    for (let n = 0; n < this.nodeCount; n += 1) worst = Math.max(worst, this.utilisation(n));
    return worst;
  }

  placedPriority(): number {
    let total = 0;
    for (let s = 0; s < this.placed.length; s += 1) total += (this.placed[s] ?? 0) * (this.p.priority[s] ?? 0);
    return total;
  }

  unplacedReplicas(): number {
    let total = 0;
    for (let s = 0; s < this.placed.length; s += 1) total += (this.p.replicas[s] ?? 0) - (this.placed[s] ?? 0);
    return total;
  }
}
