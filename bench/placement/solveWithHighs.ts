// Solves a yalps Model with HiGHS (WebAssembly, the benchmark's reference) and answers in yalps' Solution shape, so
// that the formulation's own decode() reads it; with HiGHS's status and proven bound beside it.
import highsLoader, { type Highs } from 'highs';
import type { Model, Solution } from 'yalps';
import { toLpFormat } from './toLpFormat';

export interface HighsRun {
  /** HiGHS's model status, e.g. `optimal`, `timeLimit`, `infeasible`. */
  readonly status: string;
  /** Proven optimal (with mip_rel_gap 0). */
  readonly proven: boolean;
  /** yalps-shaped: status `optimal`, `timedout` (best incumbent, or result NaN when none), `infeasible`, `unbounded`. */
  readonly solution: Solution;
  /** HiGHS's own objective for the incumbent (for reference only: callers recompute it from the decoded plan). */
  readonly objective: number;
  /** Proven bound on the optimum: HiGHS's MIP dual bound (the objective for a pure LP solved to optimality). */
  readonly bound: number;
  /** Parsing the LP text and solving, wall clock. */
  readonly millis: number;
}

let loaded: Promise<Highs> | undefined;

const PRIMAL_FEASIBLE = 2;

export async function solveWithHighs(model: Model, options: { readonly timeLimitSeconds: number }): Promise<HighsRun> {
  loaded ??= highsLoader();
  const highs = await loaded;
  const lp = toLpFormat(model);
  const statusName = new Map<number, string>(Object.entries(highs.constants.modelStatus).map(([name, code]) => [code as number, name]));
  const started = performance.now();
  const m = highs.createModel({ format: 'lp', data: lp.text });
  try {
    m.options.set({ output_flag: false, time_limit: options.timeLimitSeconds, mip_rel_gap: 0, mip_abs_gap: 1e-9 });
    m.run();
    const millis = performance.now() - started;
    const code = m.getModelStatus() as number;
    const status = statusName.get(code) ?? String(code);
    const hasSolution = Number(m.info.get('primal_solution_status')) === PRIMAL_FEASIBLE;
    const objective = hasSolution ? m.getObjectiveValue() : Number.NaN;
    const isMip = lp.integerColumns.size > 0;
    const bound = isMip ? Number(m.info.get('mip_dual_bound')) : status === 'optimal' ? objective : Number.NaN;
    const variables: [string, number][] = [];
    if (hasSolution) {
      const values = m.getSolution().colValue;
      // HiGHS keeps the LP file's columns in order of first appearance, not the model's: match them by name.
      const byName = new Map<string, number>();
      for (let i = 0; i < values.length; i += 1) byName.set(m.getColName(i), values[i] ?? 0);
      for (const { lpName, key } of lp.columns) {
        let v = byName.get(lpName) ?? 0;
        if (lp.integerColumns.has(lpName) && Math.abs(v - Math.round(v)) < 1e-6) v = Math.round(v);
        if (Math.abs(v) > 1e-9) variables.push([key, v]);
      }
    }
    const yalpsStatus: Solution['status'] =
      status === 'optimal' ? 'optimal' : status === 'infeasible' ? 'infeasible' : status === 'unbounded' ? 'unbounded' : 'timedout';
    return {
      status,
      proven: status === 'optimal',
      solution: { status: yalpsStatus, result: objective, variables },
      objective,
      bound,
      millis,
    };
  } finally {
    m.dispose();
  }
}
