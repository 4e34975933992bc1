import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMessage, ipcCommand, type IpcMessage } from '../../../src/protocol/ipc';
import {
  createPlanPreviewCommand,
  isPlanPreviewState,
  isWhatIfEdit,
  PlanPreviewStateNotification,
  toPlanPreviewCommand,
  toPlanPreviewState,
  type PlanPreviewCommandMessage,
  type PlanPreviewState,
} from '../../../src/protocol/planPreview';

const state: PlanPreviewState = {
  berthVersion: '0.2.0',
  title: 'Placement preview',
  source: { compose: 'compose.yaml', nodes: 'swarm' },
  objective: 'pack',
  status: 'feasible',
  message: 'Stopped at the time budget.',
  nodes: [
    {
      name: 'h100-1',
      type: 'h100',
      costPerHour: 12,
      bars: [
        { resource: 'cpu', capacity: 64, used: 16.5, unit: 'cores', segments: [{ service: 'vllm', amount: 16 }, { service: 'gateway', amount: 0.5 }] },
        { resource: 'gpu', capacity: 8, used: 4, unit: 'GPUs', segments: [{ service: 'vllm', amount: 4 }] },
      ],
    },
  ],
  assignments: [{ service: 'vllm', node: 'h100-1', replicas: 2, cpuMillis: 16000, memoryBytes: 2 ** 37, gpus: 4 }],
  unplaced: [{ service: 'trainer', replicas: 1, reason: 'needs 16 GPUs; the largest node has 8' }],
  explanation: ['GPUs short by 8'],
  planObjective: 'pack',
  objectiveValue: 12,
  bound: 11,
  gap: 1 / 12,
  solveMillis: 840,
  stages: ['heuristic', 'exact', 'timeout'],
  nodeTypes: [{ type: 'h100', count: 1 }, { type: 'cpu', count: 0 }],
  services: [{ name: 'vllm', replicas: 2 }, { name: 'trainer', replicas: 1 }],
  canApply: true,
  whatIf: [{ kind: 'removeNode', type: 'cpu' }, { kind: 'setReplicas', service: 'vllm', replicas: 2 }],
};

/** A copy of the state with one value at a path replaced (or removed with `undefined`). */
function corrupt(path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(state) as unknown as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) Reflect.deleteProperty(at, last);
  else at[last] = value;
  return copy;
}

test('a complete state passes, also after a JSON round trip as postMessage does', () => {
  assert.equal(isPlanPreviewState(state), true);
  assert.equal(isPlanPreviewState(JSON.parse(JSON.stringify(state))), true);
  const before: PlanPreviewState = { ...state, status: 'solving', planObjective: null, objectiveValue: null, bound: null, gap: null, solveMillis: null, assignments: [], unplaced: [], stages: [] };
  assert.equal(isPlanPreviewState(before), true);
  assert.equal(isPlanPreviewState({ ...state, source: {} }), true);
});

test('a state with any field of the wrong shape is rejected', () => {
  const cases: readonly [readonly (string | number)[], unknown][] = [
    [['berthVersion'], 1],
    [['source'], 'compose.yaml'],
    [['source', 'compose'], 3],
    [['objective'], 'fastest'],
    [['planObjective'], undefined],
    [['planObjective'], 'fastest'],
    [['status'], 'done'],
    [['message'], null],
    [['nodes'], {}],
    [['nodes', 0, 'name'], ''],
    [['nodes', 0, 'costPerHour'], -1],
    [['nodes', 0, 'bars', 0, 'resource'], 'disk'],
    [['nodes', 0, 'bars', 0, 'capacity'], Number.NaN],
    [['nodes', 0, 'bars', 0, 'used'], '16'],
    [['nodes', 0, 'bars', 0, 'unit'], undefined],
    [['nodes', 0, 'bars', 0, 'segments', 1, 'amount'], -0.5],
    [['nodes', 0, 'bars', 0, 'segments', 1, 'service'], 7],
    [['assignments', 0, 'replicas'], 1.5],
    [['assignments', 0, 'gpus'], undefined],
    [['unplaced', 0, 'reason'], undefined],
    [['explanation'], 'GPUs short'],
    [['explanation', 0], 4],
    [['objectiveValue'], Number.POSITIVE_INFINITY],
    [['bound'], undefined],
    [['gap'], '0'],
    [['stages', 1], null],
    [['nodeTypes', 1, 'count'], -1],
    [['services', 0, 'replicas'], undefined],
    [['canApply'], 'yes'],
    [['whatIf', 1, 'replicas'], 1001],
    [['whatIf', 0, 'kind'], 'drop'],
  ];
  for (const [path, value] of cases) {
    assert.equal(isPlanPreviewState(corrupt(path, value)), false, `${path.join('.')} = ${String(value)}`);
  }
  for (const value of [null, undefined, [], 'state', 42]) assert.equal(isPlanPreviewState(value), false);
});

test('the webview takes a state only from a planPreview/state message whose params are valid', () => {
  assert.deepEqual(toPlanPreviewState(createMessage(PlanPreviewStateNotification, state)), state);
  assert.equal(toPlanPreviewState({ id: 1, method: 'planPreview/state', params: { ...state, nodes: null } }), undefined);
  assert.equal(toPlanPreviewState({ id: 1, method: 'planPreview/other', params: state }), undefined);
  assert.equal(toPlanPreviewState({ method: 'planPreview/state', params: state }), undefined);
  assert.equal(toPlanPreviewState({ type: 'vscode-internal' }), undefined);
});

test('every command the webview can send comes back out unchanged on the host', () => {
  const commands: readonly PlanPreviewCommandMessage[] = [
    { command: 'setObjective', objective: 'spread' },
    { command: 'whatIf', edit: { kind: 'addNode', type: 'h100' } },
    { command: 'whatIf', edit: { kind: 'removeNode', type: 'h100' } },
    { command: 'whatIf', edit: { kind: 'setReplicas', service: 'vllm', replicas: 0 } },
    { command: 'whatIf', edit: { kind: 'setReplicas', service: 'vllm', replicas: 1000 } },
    { command: 'whatIf', edit: { kind: 'reset' } },
    { command: 'export', format: 'compose' },
    { command: 'export', format: 'kubernetes' },
    { command: 'apply' },
    { command: 'openSource' },
  ];
  const methods = new Set<string>();
  for (const command of commands) {
    const message = createPlanPreviewCommand(command);
    methods.add(message.method);
    assert.match(message.method, /^planPreview\/\w+$/);
    assert.deepEqual(toPlanPreviewCommand(JSON.parse(JSON.stringify(message)) as IpcMessage), command);
  }
  assert.deepEqual([...methods].sort(), ['planPreview/apply', 'planPreview/export', 'planPreview/openSource', 'planPreview/setObjective', 'planPreview/whatIf']);
});

test('malformed or unknown commands are dropped', () => {
  const message = (method: string, params: unknown): IpcMessage => ({ id: 1, method, params });
  const dropped = [
    message('planPreview/setObjective', { objective: 'cheapest' }),
    message('planPreview/setObjective', {}),
    message('planPreview/setObjective', null),
    message('planPreview/whatIf', { edit: { kind: 'setReplicas', service: 'vllm', replicas: 1001 } }),
    message('planPreview/whatIf', { edit: { kind: 'setReplicas', service: 'vllm', replicas: -1 } }),
    message('planPreview/whatIf', { edit: { kind: 'setReplicas', service: 'vllm', replicas: 2.5 } }),
    message('planPreview/whatIf', { edit: { kind: 'setReplicas', service: 'vllm', replicas: '3' } }),
    message('planPreview/whatIf', { edit: { kind: 'setReplicas', service: '', replicas: 3 } }),
    message('planPreview/whatIf', { edit: { kind: 'addNode' } }),
    message('planPreview/whatIf', { edit: { kind: 'removeNode', type: 'x'.repeat(254) } }),
    message('planPreview/whatIf', { edit: { kind: 'explode' } }),
    message('planPreview/whatIf', { edit: [] }),
    message('planPreview/export', { format: 'helm' }),
    message('planPreview/apply', 'now'),
    message('planPreview/delete', {}),
    message('webview/ready', {}),
  ];
  for (const m of dropped) assert.equal(toPlanPreviewCommand(m), undefined, JSON.stringify(m));
  // A descriptor of another scope with the same method name is not ours either.
  assert.equal(toPlanPreviewCommand(createMessage(ipcCommand<Record<string, never>>('other', 'apply'), {})), undefined);
});

test('what-if edits: replicas are whole numbers from 0 to 1000', () => {
  assert.equal(isWhatIfEdit({ kind: 'setReplicas', service: 's', replicas: 0 }), true);
  assert.equal(isWhatIfEdit({ kind: 'setReplicas', service: 's', replicas: 1000 }), true);
  assert.equal(isWhatIfEdit({ kind: 'setReplicas', service: 's', replicas: Number.NaN }), false);
  assert.equal(isWhatIfEdit({ kind: 'setReplicas', service: 's' }), false);
  assert.equal(isWhatIfEdit({ kind: 'reset' }), true);
});
