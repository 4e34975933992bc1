// Where Swarm actually put the tasks of some services: waits until every task runs, or stays pending with the
// scheduler's reason (`no suitable node (insufficient resources on 3 nodes)`), and names nodes as plans do.
import type Docker from 'dockerode';
import type { SwarmNodeInfo } from './nodesFromSwarm';
import { swarmNodeNames } from './swarmNodeNames';
import { SERVICE_LABEL } from './swarmServiceSpecs';

export interface PendingTasks {
  /** The plan's service (label `berth.service`), else the Swarm service name. */
  readonly service: string;
  readonly swarmService: string;
  readonly replicas: number;
  /** The scheduler's message, or what the task is still doing when the time ran out. */
  readonly reason: string;
}

export interface ObservedPlacement {
  /** service -> node (as nodesFromSwarm names it) -> running tasks. */
  readonly running: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly pending: readonly PendingTasks[];
  /** Tasks Swarm is still stopping (scaled down, replaced or moved): their containers still run and hold resources. */
  readonly stopping: number;
  /** False when the time ran out with tasks neither running nor pending with a reason, or still stopping. */
  readonly settled: boolean;
  readonly millis: number;
}

interface TaskInfo {
  readonly ServiceID?: string;
  readonly NodeID?: string;
  readonly DesiredState?: string;
  readonly Status?: { readonly State?: string; readonly Err?: string; readonly Message?: string; readonly Timestamp?: string };
}

interface ServiceInfo {
  readonly ID: string;
  readonly Spec?: { readonly Name?: string; readonly Labels?: Readonly<Record<string, string>> | null; readonly Mode?: { readonly Replicated?: { readonly Replicas?: number } } };
}

export interface ObserveOptions {
  readonly signal?: AbortSignal;
  /** Default 200. */
  readonly pollMs?: number;
  /** The scheduler retries pending tasks when resources free up: a task counts as pending once it has stayed so this long. Default 1500. */
  readonly pendingStableMs?: number;
}
/** As an actual state: the task has ended; as a desired state: Swarm no longer means to run it. */
const ENDED = new Set(['complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned']);
/** A task in these states has no container yet. */
const NO_CONTAINER = new Set(['new', 'pending', 'allocated']);

export async function observeSwarmPlacement(docker: Docker, serviceIds: readonly string[], timeoutMs: number, options: ObserveOptions = {}): Promise<ObservedPlacement> {
  const { signal, pollMs = 200, pendingStableMs = 1500 } = options;
  const started = Date.now();
  const deadline = started + timeoutMs;
  let pendingSince: number | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const look = await lookOnce(docker, serviceIds, signal);
    const now = Date.now();
    const stable = look.settled && (look.pending.length === 0 || (pendingSince !== undefined && now - pendingSince >= pendingStableMs));
    if (look.settled && look.pending.length > 0) pendingSince ??= now;
    else pendingSince = undefined;
    if (stable || now >= deadline) return { ...look, settled: stable, millis: now - started };
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, deadline - now))));
  }
}

async function lookOnce(docker: Docker, serviceIds: readonly string[], signal: AbortSignal | undefined): Promise<Omit<ObservedPlacement, 'millis'>> {
  const abort = signal ? { abortSignal: signal } : {};
  const services = (await Promise.all(serviceIds.map((id) => docker.getService(id).inspect(abort)))) as ServiceInfo[];
  const names = swarmNodeNames((await docker.listNodes(abort)) as SwarmNodeInfo[]);
  const tasks = serviceIds.length === 0 ? [] : ((await docker.listTasks({ filters: { service: [...serviceIds] }, ...abort })) as TaskInfo[]);

  const running = new Map<string, Map<string, number>>();
  const pending: PendingTasks[] = [];
  let settled = true;
  let stopping = 0;
  for (const service of services) {
    const swarmService = service.Spec?.Name ?? service.ID;
    const planService = service.Spec?.Labels?.[SERVICE_LABEL] ?? swarmService;
    const own = tasks.filter((t) => t.ServiceID === service.ID);
    // Tasks Swarm still means to run (a restarting one waits in desired state `ready`), not yet ended.
    const live = own.filter((t) => !ENDED.has(t.DesiredState ?? '') && !ENDED.has(t.Status?.State ?? ''));
    const state = (t: TaskInfo) => t.Status?.State ?? '';
    const leaving = own.filter((t) => ENDED.has(t.DesiredState ?? '') && !ENDED.has(state(t)) && !NO_CONTAINER.has(state(t))).length;
    if (leaving > 0) settled = false;
    stopping += leaving;
    const wanted = service.Spec?.Mode?.Replicated?.Replicas ?? live.length;
    const reasons = new Map<string, number>();
    const note = (reason: string, n = 1) => reasons.set(reason, (reasons.get(reason) ?? 0) + n);
    let runningHere = 0;
    for (const t of live) {
      const state = t.Status?.State ?? 'unknown';
      if (state === 'running' && t.NodeID) {
        runningHere += 1;
        const node = names.get(t.NodeID) ?? t.NodeID;
        let perNode = running.get(planService);
        if (!perNode) running.set(planService, (perNode = new Map<string, number>()));
        perNode.set(node, (perNode.get(node) ?? 0) + 1);
      } else if (state === 'pending' && t.Status?.Err) {
        note(t.Status.Err);
      } else {
        settled = false;
        note(`still ${state}${t.Status?.Err ? `: ${t.Status.Err}` : t.Status?.Message ? ` (${t.Status.Message})` : ''}`);
      }
    }
    if (live.length !== wanted) settled = false;
    if (live.length < wanted) {
      const lastError = own
        .filter((t) => t.Status?.Err)
        .sort((a, b) => (a.Status?.Timestamp ?? '').localeCompare(b.Status?.Timestamp ?? ''))
        .at(-1)?.Status?.Err;
      note(lastError ? `not started: ${lastError}` : 'no task yet', wanted - live.length);
    }
    if (runningHere > wanted) settled = false;
    for (const [reason, replicas] of reasons) pending.push({ service: planService, swarmService, replicas, reason });
  }
  return { running, pending, stopping, settled };
}
