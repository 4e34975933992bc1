// Worker-thread entry of the solver: runs solvePlacement on the problem it is given and posts every plan it finds,
// so the extension host's event loop never waits on the search (solveInWorker enforces the budget by terminating it).
import { parentPort, workerData } from 'node:worker_threads';
import type { Objective, PlacementProblem, Plan } from './placementProblem';
import { solvePlacement } from './solvePlacement';

export interface PlacementWorkerInput {
  readonly problem: PlacementProblem;
  readonly objective: Objective;
  readonly timeLimitMs: number;
}

export type PlacementWorkerMessage =
  | { readonly kind: 'plan'; readonly plan: Plan }
  | { readonly kind: 'done'; readonly plan: Plan }
  | { readonly kind: 'error'; readonly message: string };

if (parentPort) {
  const port = parentPort;
  const input = workerData as PlacementWorkerInput;
  try {
    const plan = solvePlacement(input.problem, {
      objective: input.objective,
      timeLimitMs: input.timeLimitMs,
      onPlan: (p) => port.postMessage({ kind: 'plan', plan: p } satisfies PlacementWorkerMessage),
    });
    port.postMessage({ kind: 'done', plan } satisfies PlacementWorkerMessage);
  } catch (e) {
    port.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) } satisfies PlacementWorkerMessage);
  }
}
