// Maximum flow (Dinic) on a small graph with real capacities: the per-resource relaxation behind the spread bound and
// the "short in total" infeasibility proofs.

export class FlowNetwork {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly next: number[] = [];
  private readonly residual: number[] = [];

  constructor(readonly size: number) {
    this.head = new Array<number>(size).fill(-1);
  }

  addArc(from: number, to: number, capacity: number): void {
    const id = this.to.length;
    this.to.push(to, from);
    this.residual.push(capacity, 0);
    this.next.push(this.head[from] ?? -1, this.head[to] ?? -1);
    this.head[from] = id;
    this.head[to] = id + 1;
  }

  /** Nodes reachable from `source` in the residual graph after `maxFlow`: the source side of a minimum cut. */
  sourceSide(source: number, epsilon = 1e-9): boolean[] {
    const seen = new Array<boolean>(this.size).fill(false);
    const stack = [source];
    seen[source] = true;
    while (stack.length > 0) {
      const v = stack.pop() ?? 0;
      for (let e = this.head[v] ?? -1; e >= 0; e = this.next[e] ?? -1) {
        const w = this.to[e] ?? 0;
        if (!seen[w] && (this.residual[e] ?? 0) > epsilon) {
          seen[w] = true;
          stack.push(w);
        }
      }
    }
    return seen;
  }

  maxFlow(source: number, sink: number, epsilon = 1e-9): number {
    let total = 0;
    const level = new Array<number>(this.size);
    const iter = new Array<number>(this.size);
    for (;;) {
      level.fill(-1);
      level[source] = 0;
      const queue = [source];
      for (let qi = 0; qi < queue.length; qi += 1) {
        const v = queue[qi] ?? 0;
        for (let e = this.head[v] ?? -1; e >= 0; e = this.next[e] ?? -1) {
          const w = this.to[e] ?? 0;
          if ((level[w] ?? -1) < 0 && (this.residual[e] ?? 0) > epsilon) {
            level[w] = (level[v] ?? 0) + 1;
            queue.push(w);
          }
        }
      }
      if ((level[sink] ?? -1) < 0) return total;
      for (let v = 0; v < this.size; v += 1) iter[v] = this.head[v] ?? -1;
      for (;;) {
        const pushed = this.augment(source, sink, Infinity, level, iter, epsilon);
        if (pushed <= epsilon) break;
        total += pushed;
      }
    }
  }

  private augment(v: number, sink: number, limit: number, level: number[], iter: number[], epsilon: number): number {
    if (v === sink) return limit;
    for (let e = iter[v] ?? -1; e >= 0; e = this.next[e] ?? -1, iter[v] = e) {
      const w = this.to[e] ?? 0;
      const cap = this.residual[e] ?? 0;
      if (cap > epsilon && (level[w] ?? -1) === (level[v] ?? 0) + 1) {
        const pushed = this.augment(w, sink, Math.min(limit, cap), level, iter, epsilon);
        if (pushed > epsilon) {
          this.residual[e] = cap - pushed;
          this.residual[e ^ 1] = (this.residual[e ^ 1] ?? 0) + pushed;
          return pushed;
        }
      }
    }
    return 0;
  }
}
