// Carries a Plan out on a Docker Swarm: creates or updates one pinned service per (service, node) group and removes
// the services an earlier apply of the same plan prefix made that the plan no longer has. Nothing else is touched.
import type Docker from 'dockerode';
import type { PlacementProblem, Plan } from '../placementProblem';
import type { SwarmNodeInfo } from './nodesFromSwarm';
import { swarmGpus } from './swarmGpus';
import { swarmNodeNames } from './swarmNodeNames';
import { PLAN_LABEL, SERVICE_LABEL, swarmServiceSpecs, type SwarmNodeTarget, type SwarmServiceTemplate } from './swarmServiceSpecs';

export type { SwarmServiceTemplate } from './swarmServiceSpecs';

export interface ApplyOptions {
  /** Starts every service name and tells this plan's services apart from another plan's (label `berth.plan`). Default ''. */
  readonly prefix?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
  /** How long to wait for the tasks of removed services to stop, so that what they hold is free. Default: their stop grace period + 5 s. */
  readonly stopTimeoutMs?: number;
}

export interface AppliedService {
  readonly name: string;
  readonly id: string;
  readonly service: string;
  readonly node: string;
  readonly replicas: number;
  readonly action: 'created' | 'updated';
}

export interface ApplyResult {
  readonly services: readonly AppliedService[];
  /** Names of the services removed because the plan no longer has them. */
  readonly removed: readonly string[];
  /** The IDs of `services`, for observeSwarmPlacement. */
  readonly serviceIds: readonly string[];
  readonly millis: number;
}

interface ExistingService {
  readonly ID: string;
  readonly Version?: { readonly Index?: number };
  readonly Spec?: {
    readonly Name?: string;
    readonly Labels?: Readonly<Record<string, string>> | null;
    readonly TaskTemplate?: { readonly ContainerSpec?: { readonly StopGracePeriod?: number } };
  };
}

interface TaskState {
  readonly ServiceID?: string;
  readonly Status?: { readonly State?: string };
}

/** Swarm's stop grace period when a service sets none. */
const DEFAULT_STOP_GRACE_MS = 10_000;
const ENDED = new Set(['complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned']);

export async function applyPlanToSwarm(
  docker: Docker,
  plan: Plan,
  problem: PlacementProblem,
  templates: ReadonlyMap<string, SwarmServiceTemplate>,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const started = Date.now();
  const { prefix = '', signal, onProgress } = options;
  const progress = (message: string) => onProgress?.(message);
  signal?.throwIfAborted();
  // Only a defined signal: dockerode would send an undefined one as an empty query parameter.
  const abort = signal ? { abortSignal: signal } : {};

  const swarmNodes = (await docker.listNodes(abort)) as SwarmNodeInfo[];
  const targets = nodeTargets(problem, swarmNodes, new Set(plan.assignments.filter((a) => a.replicas > 0).map((a) => a.node)));
  const wanted = swarmServiceSpecs(plan, problem, templates, targets, prefix);
  for (const u of plan.unplaced) progress(`${u.service}: ${u.replicas} replica(s) not placed by the plan (${u.reason})`);

  // Check every name before changing anything: a service of the same name that is not this plan's is left alone.
  const existing = (await docker.listServices(abort)) as ExistingService[];
  const byName = new Map(existing.map((s) => [s.Spec?.Name ?? s.ID, s]));
  const ours = (s: ExistingService) => s.Spec?.Labels?.[PLAN_LABEL] === prefix && s.Spec.Labels[SERVICE_LABEL] !== undefined;
  for (const w of wanted) {
    const found = byName.get(w.name);
    if (found && !ours(found)) {
      throw new Error(`A Swarm service named ${w.name} exists and was not made by this Berth plan (prefix "${prefix}"): remove or rename it, or apply with another prefix.`);
    }
  }

  // Stale services go first so that the resources they hold are free for the new ones.
  const wantedNames = new Set(wanted.map((w) => w.name));
  const stale = existing.filter((s) => ours(s) && !wantedNames.has(s.Spec?.Name ?? s.ID));
  const removed: string[] = [];
  for (const s of stale) {
    const name = s.Spec?.Name ?? s.ID;
    progress(`removing ${name}: no longer in the plan`);
    signal?.throwIfAborted();
    await docker.getService(s.ID).remove(abort);
    removed.push(name);
  }
  if (stale.length > 0) {
    const graceMs = Math.max(...stale.map((s) => (s.Spec?.TaskTemplate?.ContainerSpec?.StopGracePeriod ?? DEFAULT_STOP_GRACE_MS * 1e6) / 1e6));
    await waitForTasksToEnd(docker, new Set(stale.map((s) => s.ID)), options.stopTimeoutMs ?? graceMs + 5000, progress, signal);
  }

  // Updates before creations for the same reason: a node's replicas may move from one group to another.
  const ordered = [...wanted].sort((a, b) => Number(byName.has(b.name)) - Number(byName.has(a.name)));
  const services: AppliedService[] = [];
  for (const w of ordered) {
    const found = byName.get(w.name);
    progress(`${found ? 'updating' : 'creating'} ${w.name}: ${w.replicas} × ${w.service} on ${w.node}`);
    signal?.throwIfAborted();
    if (found) {
      // _query and _body keep the version in the query string and the spec in the body (dockerode would put both in each).
      await docker.getService(found.ID).update({ _query: { version: found.Version?.Index ?? 0 }, _body: w.spec, ...abort });
      services.push({ name: w.name, id: found.ID, service: w.service, node: w.node, replicas: w.replicas, action: 'updated' });
    } else {
      const created = await docker.createService({ ...w.spec, ...abort });
      services.push({ name: w.name, id: created.id, service: w.service, node: w.node, replicas: w.replicas, action: 'created' });
    }
  }
  return { services, removed, serviceIds: services.map((s) => s.id), millis: Date.now() - started };
}

/**
 * A removed service's tasks stop within their grace period and hold their CPUs, memory and GPUs until then: the plan's
 * new tasks would meanwhile wait as pending. Past the timeout, go on: Swarm places them once the old ones have stopped.
 */
async function waitForTasksToEnd(docker: Docker, serviceIds: ReadonlySet<string>, timeoutMs: number, progress: (m: string) => void, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    signal?.throwIfAborted();
    // A removed service can no longer be a task filter (`service … not found`): list all tasks.
    const tasks = (await docker.listTasks(signal ? { abortSignal: signal } : {})) as TaskState[];
    const left = tasks.filter((t) => t.ServiceID !== undefined && serviceIds.has(t.ServiceID) && !ENDED.has(t.Status?.State ?? '')).length;
    if (left === 0) return;
    if (Date.now() >= deadline) {
      progress(`${left} task(s) of removed services still stopping after ${timeoutMs} ms; going on`);
      return;
    }
    if (!told) progress(`waiting for ${left} task(s) of removed services to stop`);
    told = true;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** For each plan node in use: the constraint that pins a task to it and the GPU kind it advertises. */
function nodeTargets(problem: PlacementProblem, swarmNodes: readonly SwarmNodeInfo[], used: ReadonlySet<string>): Map<string, SwarmNodeTarget> {
  const names = swarmNodeNames(swarmNodes);
  const hostnameCount = new Map<string, number>();
  for (const n of swarmNodes) {
    const h = n.Description?.Hostname;
    if (h) hostnameCount.set(h, (hostnameCount.get(h) ?? 0) + 1);
  }
  const targets = new Map<string, SwarmNodeTarget>();
  for (const node of problem.nodes) {
    if (!used.has(node.name)) continue;
    // The name nodesFromSwarm gave, else the hostname a hand-written problem states.
    const hostname = node.hostname ?? node.name;
    const matches = swarmNodes.filter((n) => names.get(n.ID) === node.name);
    const swarmNode = matches[0] ?? onlyOne(swarmNodes.filter((n) => n.Description?.Hostname === hostname), node.name, hostname);
    if (!swarmNode) throw new Error(`Node ${node.name} of the plan is not in this swarm (no node has hostname ${hostname}).`);
    const swarmHostname = swarmNode.Description?.Hostname;
    const constraint = swarmHostname && hostnameCount.get(swarmHostname) === 1 ? `node.hostname == ${swarmHostname}` : `node.id == ${swarmNode.ID}`;
    const kinds = [...swarmGpus(swarmNode.Description?.Resources?.GenericResources)].sort((a, b) => b[1] - a[1]);
    targets.set(node.name, { constraint, gpuKind: kinds[0]?.[0] ?? 'gpu' });
  }
  return targets;
}

function onlyOne(nodes: readonly SwarmNodeInfo[], name: string, hostname: string): SwarmNodeInfo | undefined {
  if (nodes.length > 1) throw new Error(`Node ${name} of the plan is ambiguous: ${nodes.length} swarm nodes have hostname ${hostname}.`);
  return nodes[0];
}
