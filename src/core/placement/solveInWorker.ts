// Runs the solver in a worker thread under a wall-clock budget that holds even while yalps is inside one long LP:
// at the budget the worker is terminated and the best plan it sent so far is returned, marked `timeout`.
import { Worker } from 'node:worker_threads';
import type { PlacementWorkerInput, PlacementWorkerMessage } from './placementWorker';
import type { Objective, PlacementProblem, Plan } from './placementProblem';
import { InvalidPlacementProblem, validateProblem } from './validateProblem';

export interface WorkerSolveOptions {
  readonly objective: Objective;
  /** Wall clock from this call to the answer, worker start-up included. */
  readonly budgetMs: number;
  /** Abort terminates the worker and rejects with the signal's reason (an `AbortError` DOMException by default). */
  readonly signal?: AbortSignal;
  /** Each better plan as the worker finds it, the greedy one first. */
  readonly onPlan?: (plan: Plan) => void;
}

/** Worker start-up (loading the solver and yalps) and the message round trip, taken off the solver's own limit. */
const STARTUP_MS = 60;

/**
 * Resolves with the solver's final plan, or at the budget with the best plan so far (stage `timeout`; status
 * `feasible` unless it was proven optimal or places less than everything). Rejects on an invalid problem (with
 * InvalidPlacementProblem, before any thread starts), on abort, and when the worker fails or has no plan at all by
 * the budget plus a grace period (a problem so large that even the greedy plan takes longer).
 */
export function solveInWorker(problem: PlacementProblem, options: WorkerSolveOptions, workerFile: string): Promise<Plan> {
  const issues = validateProblem(problem);
  if (issues.length > 0) return Promise.reject(new InvalidPlacementProblem(issues));
  const { signal, onPlan } = options;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const budgetMs = Math.max(1, options.budgetMs);
  const input: PlacementWorkerInput = {
    problem,
    objective: options.objective,
    timeLimitMs: Math.max(Math.min(budgetMs / 2, 50), budgetMs * 0.9 - STARTUP_MS),
  };
  return new Promise<Plan>((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: input });
    let best: Plan | undefined;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      settle();
    };
    const onAbort = (): void => finish(() => reject(signal ? abortReason(signal) : new Error('aborted')));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      const sofar = best;
      if (sofar) finish(() => resolve(timedOut(sofar)));
      else {
        grace = setTimeout(() => {
          finish(() =>
            reject(
              new Error(
                `The placement solver had no plan after ${Math.round(budgetMs + graceMs(budgetMs))} ms (${problem.services.length} services × ${problem.nodes.length} nodes): allow more time or plan fewer services at once.`,
              ),
            ),
          );
        }, graceMs(budgetMs));
      }
    }, budgetMs);
    worker.on('message', (message: PlacementWorkerMessage) => {
      if (settled) return;
      if (message.kind === 'plan') {
        best = message.plan;
        onPlan?.(message.plan);
        // Past the budget already: the first plan is the answer.
        if (grace) finish(() => resolve(timedOut(message.plan)));
      } else if (message.kind === 'done') finish(() => resolve(message.plan));
      else finish(() => reject(new Error(message.message)));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => {
      const sofar = best;
      finish(() => (sofar ? resolve(timedOut(sofar)) : reject(new Error(`The placement worker stopped (exit code ${code}) before it had a plan.`))));
    });
  });
}

function graceMs(budgetMs: number): number {
  return Math.max(2000, budgetMs);
}

function timedOut(plan: Plan): Plan {
  const status = plan.status === 'optimal' || plan.status === 'infeasible' ? plan.status : 'feasible';
  return { ...plan, status, stages: plan.stages.includes('timeout') ? plan.stages : [...plan.stages, 'timeout'] };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('The placement solve was cancelled.'), { name: 'AbortError' });
}
