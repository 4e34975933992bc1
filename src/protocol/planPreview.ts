// Messages of the placement preview panel, both ways, with guards that check every field that arrives: the host
// trusts nothing the webview posts and the webview renders nothing the host did not send in this shape.
import type { Objective, PlanStatus } from '../core/placement/placementProblem';
import type { WhatIfEdit } from '../core/placement/whatIf';
import { createMessage, ipcCommand, ipcNotification, isIpcMessage, isMessageOf, type IpcMessage } from './ipc';

export type { Objective, WhatIfEdit };

export const OBJECTIVES: readonly Objective[] = ['pack', 'spread', 'priority'];
export const MAX_WHAT_IF_REPLICAS = 1000;

export type PlanPreviewStatus = 'solving' | PlanStatus | 'error';
export const PLAN_PREVIEW_STATUSES: readonly PlanPreviewStatus[] = ['solving', 'optimal', 'feasible', 'infeasible', 'error'];

export type PlanPreviewResource = 'cpu' | 'memory' | 'gpu' | 'gpuMemory';
export const PLAN_PREVIEW_RESOURCES: readonly PlanPreviewResource[] = ['cpu', 'memory', 'gpu', 'gpuMemory'];

/** What one service takes of one node's resource, in the bar's unit. */
export interface PlanPreviewSegment {
  readonly service: string;
  readonly amount: number;
}

/** One resource of one node. `capacity`, `used` and the segments' amounts are in `unit` ("cores", "GiB", "GPUs"). */
export interface PlanPreviewBar {
  readonly resource: PlanPreviewResource;
  readonly capacity: number;
  readonly used: number;
  readonly unit: string;
  readonly segments: readonly PlanPreviewSegment[];
}

export interface PlanPreviewNode {
  readonly name: string;
  readonly type?: string;
  readonly costPerHour?: number;
  readonly bars: readonly PlanPreviewBar[];
}

/** One row of the assignment table: what `replicas` copies of `service` take on `node`, all copies together. */
export interface PlanPreviewAssignmentRow {
  readonly service: string;
  readonly node: string;
  readonly replicas: number;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
}

export interface PlanPreviewUnplaced {
  readonly service: string;
  readonly replicas: number;
  readonly reason: string;
}

/** Where the problem came from. */
export interface PlanPreviewSource {
  /** The compose file of the services, as shown to the user (workspace-relative); absent for the built-in sample. */
  readonly compose?: string;
  /** The nodes: an inventory file path, or `swarm` for the nodes of the connected swarm; absent for the sample. */
  readonly nodes?: string;
}

export interface PlanPreviewState {
  readonly berthVersion: string;
  readonly title: string;
  readonly source: PlanPreviewSource;
  /** The objective asked for (the plan on screen may still be of the previous one while `status` is `solving`). */
  readonly objective: Objective;
  readonly status: PlanPreviewStatus;
  /** What went wrong (status `error`) or a note on the plan, in a sentence. */
  readonly message?: string;
  readonly nodes: readonly PlanPreviewNode[];
  readonly assignments: readonly PlanPreviewAssignmentRow[];
  readonly unplaced: readonly PlanPreviewUnplaced[];
  /** Why the problem is infeasible. */
  readonly explanation?: readonly string[];
  /** The objective the plan on screen was solved for (its figures measure that one); null before the first plan. */
  readonly planObjective: Objective | null;
  /** The plan's figures; null before the first plan arrives. See `Plan` for their meaning per objective. */
  readonly objectiveValue: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly solveMillis: number | null;
  readonly stages: readonly string[];
  /** Node types the what-if controls can add to or remove from, with how many nodes of each the problem has now. */
  readonly nodeTypes: readonly { readonly type: string; readonly count: number }[];
  /** Services with their replica counts now (after the what-if edits), in the compose file's order. */
  readonly services: readonly { readonly name: string; readonly replicas: number }[];
  /** A swarm is connected, so the plan can be applied to it. */
  readonly canApply: boolean;
  /** The what-if edits applied to the original problem so far, in order. */
  readonly whatIf: readonly WhatIfEdit[];
}

/** Host -> webview: the whole state to render (sent after `webview/ready`, and on every change). */
export const PlanPreviewStateNotification = ipcNotification<PlanPreviewState>('planPreview', 'state');

export type ExportFormat = 'compose' | 'kubernetes';
type NoParams = Record<string, never>;

/** Webview -> host: solve again for another objective. */
export const SetObjectiveCommand = ipcCommand<{ readonly objective: Objective }>('planPreview', 'setObjective');
/** Webview -> host: add one what-if edit (or `reset`) and solve again. */
export const WhatIfCommand = ipcCommand<{ readonly edit: WhatIfEdit }>('planPreview', 'whatIf');
/** Webview -> host: write the plan as a compose override or Kubernetes manifests. */
export const ExportCommand = ipcCommand<{ readonly format: ExportFormat }>('planPreview', 'export');
/** Webview -> host: apply the plan to the connected swarm (the host asks for confirmation). */
export const ApplyCommand = ipcCommand<NoParams>('planPreview', 'apply');
/** Webview -> host: reveal the compose file the services came from. */
export const OpenSourceCommand = ipcCommand<NoParams>('planPreview', 'openSource');

/** A command from the webview after validation, as the host's handler receives it. */
export type PlanPreviewCommandMessage =
  | { readonly command: 'setObjective'; readonly objective: Objective }
  | { readonly command: 'whatIf'; readonly edit: WhatIfEdit }
  | { readonly command: 'export'; readonly format: ExportFormat }
  | { readonly command: 'apply' }
  | { readonly command: 'openSource' };

/** The message the webview posts for a command (the inverse of `toPlanPreviewCommand`). */
export function createPlanPreviewCommand(command: PlanPreviewCommandMessage): IpcMessage {
  switch (command.command) {
    case 'setObjective':
      return createMessage(SetObjectiveCommand, { objective: command.objective });
    case 'whatIf':
      return createMessage(WhatIfCommand, { edit: command.edit });
    case 'export':
      return createMessage(ExportCommand, { format: command.format });
    case 'apply':
      return createMessage(ApplyCommand, {});
    case 'openSource':
      return createMessage(OpenSourceCommand, {});
  }
}

/** The command a message carries, or undefined when its method is unknown or its params are malformed. */
export function toPlanPreviewCommand(message: IpcMessage): PlanPreviewCommandMessage | undefined {
  const params: unknown = message.params;
  if (!isRecord(params)) return undefined;
  if (isMessageOf(SetObjectiveCommand, message)) {
    return isObjective(params.objective) ? { command: 'setObjective', objective: params.objective } : undefined;
  }
  if (isMessageOf(WhatIfCommand, message)) return isWhatIfEdit(params.edit) ? { command: 'whatIf', edit: params.edit } : undefined;
  if (isMessageOf(ExportCommand, message)) {
    return params.format === 'compose' || params.format === 'kubernetes' ? { command: 'export', format: params.format } : undefined;
  }
  if (isMessageOf(ApplyCommand, message)) return { command: 'apply' };
  if (isMessageOf(OpenSourceCommand, message)) return { command: 'openSource' };
  return undefined;
}

/** The state a message carries, or undefined when it is not a valid `planPreview/state`. */
export function toPlanPreviewState(message: unknown): PlanPreviewState | undefined {
  if (!isIpcMessage(message) || !isMessageOf(PlanPreviewStateNotification, message)) return undefined;
  return isPlanPreviewState(message.params) ? message.params : undefined;
}

export function isObjective(value: unknown): value is Objective {
  return OBJECTIVES.includes(value as Objective);
}

/** Names a user wrote (services, node types): non-empty and short enough to render. */
function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 253;
}

export function isWhatIfEdit(value: unknown): value is WhatIfEdit {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'addNode':
    case 'removeNode':
      return isName(value.type);
    case 'setReplicas':
      return isName(value.service) && Number.isInteger(value.replicas) && (value.replicas as number) >= 0 && (value.replicas as number) <= MAX_WHAT_IF_REPLICAS;
    case 'reset':
      return true;
    default:
      return false;
  }
}

export function isPlanPreviewState(value: unknown): value is PlanPreviewState {
  if (!isRecord(value)) return false;
  const s = value;
  return (
    typeof s.berthVersion === 'string' &&
    typeof s.title === 'string' &&
    isSource(s.source) &&
    isObjective(s.objective) &&
    (s.planObjective === null || isObjective(s.planObjective)) &&
    PLAN_PREVIEW_STATUSES.includes(s.status as PlanPreviewStatus) &&
    isOptional(s.message, isString) &&
    isArrayOf(s.nodes, isNode) &&
    isArrayOf(s.assignments, isAssignmentRow) &&
    isArrayOf(s.unplaced, isUnplaced) &&
    isOptional(s.explanation, (e) => isArrayOf(e, isString)) &&
    [s.objectiveValue, s.bound, s.gap, s.solveMillis].every((n) => n === null || isFiniteNumber(n)) &&
    isArrayOf(s.stages, isString) &&
    isArrayOf(s.nodeTypes, (t) => isRecord(t) && isName(t.type) && isCount(t.count)) &&
    isArrayOf(s.services, (t) => isRecord(t) && isName(t.name) && isCount(t.replicas)) &&
    typeof s.canApply === 'boolean' &&
    isArrayOf(s.whatIf, isWhatIfEdit)
  );
}

function isSource(value: unknown): value is PlanPreviewSource {
  return isRecord(value) && isOptional(value.compose, isString) && isOptional(value.nodes, isString);
}

function isNode(value: unknown): value is PlanPreviewNode {
  return (
    isRecord(value) &&
    isName(value.name) &&
    isOptional(value.type, isName) &&
    isOptional(value.costPerHour, isAmount) &&
    isArrayOf(value.bars, isBar)
  );
}

function isBar(value: unknown): value is PlanPreviewBar {
  return (
    isRecord(value) &&
    PLAN_PREVIEW_RESOURCES.includes(value.resource as PlanPreviewResource) &&
    isAmount(value.capacity) &&
    isAmount(value.used) &&
    typeof value.unit === 'string' &&
    isArrayOf(value.segments, (g) => isRecord(g) && isName(g.service) && isAmount(g.amount))
  );
}

function isAssignmentRow(value: unknown): value is PlanPreviewAssignmentRow {
  return (
    isRecord(value) &&
    isName(value.service) &&
    isName(value.node) &&
    isCount(value.replicas) &&
    isAmount(value.cpuMillis) &&
    isAmount(value.memoryBytes) &&
    isAmount(value.gpus)
  );
}

function isUnplaced(value: unknown): value is PlanPreviewUnplaced {
  return isRecord(value) && isName(value.service) && isCount(value.replicas) && isString(value.reason);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isAmount(value: unknown): value is number {
  return isFiniteNumber(value) && value >= 0;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isOptional(value: unknown, guard: (v: unknown) => boolean): boolean {
  return value === undefined || guard(value);
}

function isArrayOf(value: unknown, guard: (v: unknown) => boolean): value is readonly unknown[] {
  return Array.isArray(value) && value.every((item) => guard(item));
}
