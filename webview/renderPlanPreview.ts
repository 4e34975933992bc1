// The placement preview as DOM, drawn from the host's state: status and figures, the objective switch, the actions,
// a card per node with its resource bars, unplaced services, the what-if controls and the assignment table.
import type { Objective, PlanPreviewCommandMessage, PlanPreviewNode, PlanPreviewState, PlanPreviewStatus, WhatIfEdit } from '../src/protocol/planPreview';
import { MAX_WHAT_IF_REPLICAS, OBJECTIVES } from '../src/protocol/planPreview';
import { el } from './dom';
import { formatQuantity } from './formatQuantity';
import { resourceBar } from './resourceBar';

export interface PlanPreviewView {
  readonly state: PlanPreviewState;
  /** The user asked for something and the host has not answered with a new state yet. */
  readonly pending: boolean;
}

type Send = (command: PlanPreviewCommandMessage) => void;

const OBJECTIVE_LABELS: Readonly<Record<Objective, string>> = {
  pack: 'Pack: fewest nodes, lowest cost',
  spread: 'Spread: lowest peak load',
  priority: 'Priority: most important first',
};

const STATUS_ICONS: Readonly<Record<PlanPreviewStatus, string>> = {
  solving: 'loading',
  optimal: 'pass-filled',
  feasible: 'pass',
  infeasible: 'warning',
  error: 'error',
};

/** The chart colours of the theme (`--vscode-charts-*`, see media/webview.css); past six, the colours repeat hatched. */
const SERIES_COLOURS = 6;
const SERIES_PATTERNS = 3;

export function renderPlanPreview(view: PlanPreviewView, send: Send): Node[] {
  const { state } = view;
  const status: PlanPreviewStatus = view.pending ? 'solving' : state.status;
  const seriesClass = seriesClassOf(state);
  return [
    header(state, status, send),
    toolbar(state, view.pending, send),
    ...notes(state),
    figures(state),
    el('section', { 'aria-labelledby': 'berth-nodes-heading' }, [
      el('h2', { id: 'berth-nodes-heading' }, ['Nodes']),
      legend(state, seriesClass),
      el('div', { class: 'berth-cards', 'data-testid': 'berth-nodes' }, state.nodes.map((n) => nodeCard(n, seriesClass))),
    ]),
    unplaced(state),
    whatIf(state, send),
    assignments(state),
    el('footer', {}, ['Berth ', el('span', { 'data-testid': 'berth-version' }, [state.berthVersion])]),
  ];
}

function header(state: PlanPreviewState, status: PlanPreviewStatus, send: Send): HTMLElement {
  const { compose, nodes } = state.source;
  const on = nodes === 'swarm' ? 'the connected swarm' : nodes;
  const source = compose === undefined && nodes === undefined ? 'sample' : [compose, on].filter((s) => s !== undefined).join(' on ');
  const icon = el('vscode-icon', { name: STATUS_ICONS[status], class: `berth-status-icon berth-status-${status}` });
  if (status === 'solving') icon.setAttribute('spin', '');
  return el('header', { class: 'title' }, [
    el('vscode-icon', { name: 'server-process' }),
    el('h1', {}, [state.title]),
    el('span', { class: 'berth-status' }, [
      icon,
      el('vscode-badge', { 'data-testid': 'berth-status', 'data-status': status }, [status === 'solving' ? 'solving…' : status]),
    ]),
    el('span', { class: 'berth-source' }, [
      el('span', { 'data-testid': 'berth-source' }, [source]),
      ...(compose === undefined
        ? []
        : [button('berth-open-source', 'Open', { icon: 'go-to-file', secondary: true, label: `Open ${compose}` }, () => send({ command: 'openSource' }))]),
    ]),
  ]);
}

function toolbar(state: PlanPreviewState, pending: boolean, send: Send): HTMLElement {
  const group = el(
    'vscode-radio-group',
    { 'aria-label': 'Objective', 'data-testid': 'berth-objective' },
    OBJECTIVES.map((o) =>
      el('vscode-radio', { name: 'objective', value: o, label: OBJECTIVE_LABELS[o], 'data-testid': `berth-objective-${o}`, ...(o === state.objective ? { checked: '' } : {}) }),
    ),
  );
  // The group moves the check with the arrow keys without a change event (vscode-elements 2.5), so both are watched;
  // the group's own keydown listener runs first, so the new radio is already checked here.
  const onPick = (): void => {
    const checked = [...group.querySelectorAll('vscode-radio')].find((r) => (r as HTMLElement & { checked?: unknown }).checked === true);
    const objective = OBJECTIVES.find((o) => o === checked?.getAttribute('value'));
    if (objective && objective !== state.objective) send({ command: 'setObjective', objective });
  };
  group.addEventListener('change', onPick);
  // The group makes its first radio the tab stop (once its slot fills); Tab should land on the current objective instead.
  requestAnimationFrame(() => {
    for (const radio of group.querySelectorAll<HTMLElement>('vscode-radio')) radio.tabIndex = radio.getAttribute('value') === state.objective ? 0 : -1;
  });
  group.addEventListener('keydown', (event) => {
    if (event.key.startsWith('Arrow')) onPick();
  });
  const hasPlan = state.assignments.length > 0 && !pending && state.status !== 'solving';
  return el('div', { class: 'berth-toolbar' }, [
    el('div', { class: 'berth-objective' }, [el('span', { class: 'berth-label', 'aria-hidden': 'true' }, ['Objective']), group]),
    el('div', { class: 'berth-actions', role: 'group', 'aria-label': 'Use this plan' }, [
      button('berth-export-compose', 'Export Compose Override', { icon: 'file-code', secondary: true, disabled: !hasPlan }, () => send({ command: 'export', format: 'compose' })),
      button('berth-export-kubernetes', 'Export Kubernetes', { icon: 'file-code', secondary: true, disabled: !hasPlan }, () => send({ command: 'export', format: 'kubernetes' })),
      button('berth-apply', 'Apply to Swarm', {
        icon: 'cloud-upload',
        disabled: !(hasPlan && state.canApply),
        title: state.canApply ? 'Deploy this placement to the connected swarm' : 'Connect to a Docker engine that is a swarm manager to apply',
      }, () => send({ command: 'apply' })),
    ]),
  ]);
}

function figures(state: PlanPreviewState): HTMLElement {
  const hasCosts = state.nodes.some((n) => n.costPerHour !== undefined);
  // The figures measure the objective the plan on screen was solved for, which lags the switch while solving.
  const objective = state.planObjective ?? state.objective;
  const value = (v: number | null): string => (v === null ? '—' : formatObjective(objective, v, hasCosts));
  const item = (testId: string, term: string, description: string, help: string): HTMLElement[] => [
    el('div', { class: 'berth-figure' }, [el('dt', { title: help }, [term]), el('dd', { 'data-testid': testId }, [description])]),
  ];
  return el('dl', { class: 'berth-figures-list', 'aria-label': 'Plan figures' }, [
    ...item('berth-objective-value', objectiveTerm(objective, hasCosts), value(state.objectiveValue), 'What the objective measures for this plan'),
    ...item('berth-bound', 'Bound', value(state.bound), 'No plan can do better than this (proven)'),
    ...item('berth-gap', 'Gap', state.gap === null ? '—' : formatQuantity(state.gap * 100, '%'), 'How far this plan can be from the best; 0 % is proven optimal'),
    ...item('berth-solve-time', 'Solve time', state.solveMillis === null ? '—' : formatMillis(state.solveMillis), 'Wall-clock time of the solver'),
    ...(state.stages.length > 0 ? item('berth-stages', 'Stages', state.stages.join(' → '), 'What the solver ran') : []),
  ]);
}

function notes(state: PlanPreviewState): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (state.message !== undefined) {
    out.push(el('p', { class: `berth-note${state.status === 'error' ? ' berth-error' : ''}`, role: state.status === 'error' ? 'alert' : 'note', 'data-testid': 'berth-message' }, [state.message]));
  }
  if (state.explanation && state.explanation.length > 0) {
    out.push(
      el('div', { class: 'berth-note berth-warning', role: 'note', 'data-testid': 'berth-explanation' }, [
        el('strong', {}, ['Why no plan places everything']),
        el('ul', {}, state.explanation.map((line) => el('li', {}, [line]))),
      ]),
    );
  }
  return out;
}

function legend(state: PlanPreviewState, seriesClass: (service: string) => string): HTMLElement {
  return el(
    'ul',
    { class: 'berth-legend', 'aria-label': 'Services', 'data-testid': 'berth-legend' },
    state.services.map((s) => el('li', {}, [el('span', { class: `berth-swatch ${seriesClass(s.name)}`, 'aria-hidden': 'true' }), s.name])),
  );
}

function nodeCard(node: PlanPreviewNode, seriesClass: (service: string) => string): HTMLElement {
  return el('section', { class: 'berth-card', 'aria-label': `Node ${node.name}`, 'data-testid': `berth-node-${node.name}` }, [
    el('div', { class: 'berth-card-header' }, [
      el('h3', {}, [node.name]),
      ...(node.type === undefined ? [] : [el('vscode-badge', { title: 'Node type' }, [node.type])]),
      ...(node.costPerHour === undefined ? [] : [el('span', { class: 'berth-cost', title: 'Cost per hour' }, [formatCost(node.costPerHour)])]),
    ]),
    ...node.bars.map((bar) => resourceBar(node.name, bar, seriesClass)),
  ]);
}

function unplaced(state: PlanPreviewState): HTMLElement {
  return el('section', { 'aria-labelledby': 'berth-unplaced-heading' }, [
    el('h2', { id: 'berth-unplaced-heading' }, ['Unplaced']),
    ...(state.unplaced.length === 0 && state.status !== 'solving' && state.status !== 'error'
      ? [el('p', { class: 'berth-muted' }, ['Every replica has a node.'])]
      : []),
    el(
      'ul',
      { class: 'berth-unplaced', 'data-testid': 'berth-unplaced' },
      state.unplaced.map((u) =>
        el('li', { 'data-service': u.service, 'data-replicas': String(u.replicas) }, [
          el('vscode-icon', { name: 'warning', class: 'berth-warning-icon', 'aria-hidden': 'true' }),
          el('strong', {}, [u.service]),
          ` × ${u.replicas}: ${u.reason}`,
        ]),
      ),
    ),
  ]);
}

function whatIf(state: PlanPreviewState, send: Send): HTMLElement {
  const edit = (e: WhatIfEdit): void => send({ command: 'whatIf', edit: e });
  const types = el('div', { class: 'berth-whatif-grid', role: 'group', 'aria-label': 'Nodes per type' }, [
    ...state.nodeTypes.flatMap((t) => [
      el('span', { class: 'berth-whatif-name' }, [t.type]),
      el('span', { class: 'berth-stepper' }, [
        button(`berth-whatif-remove-${t.type}`, '', { icon: 'remove', iconOnly: true, secondary: true, label: `One node of type ${t.type} less`, disabled: t.count === 0 }, () => edit({ kind: 'removeNode', type: t.type })),
        el('span', { class: 'berth-count', 'data-testid': `berth-whatif-count-${t.type}`, 'aria-label': `${t.count} nodes of type ${t.type}` }, [String(t.count)]),
        button(`berth-whatif-add-${t.type}`, '', { icon: 'add', iconOnly: true, secondary: true, label: `One node of type ${t.type} more` }, () => edit({ kind: 'addNode', type: t.type })),
      ]),
    ]),
  ]);
  const replicas = el('div', { class: 'berth-whatif-grid', role: 'group', 'aria-label': 'Replicas per service' }, [
    ...state.services.flatMap((s) => {
      const field = el('vscode-textfield', {
        type: 'number',
        min: '0',
        max: String(MAX_WHAT_IF_REPLICAS),
        step: '1',
        value: String(s.replicas),
        'aria-label': `Replicas of ${s.name}`,
        'data-testid': `berth-whatif-replicas-${s.name}`,
      });
      field.addEventListener('change', () => {
        const text = String((field as HTMLElement & { value: unknown }).value).trim();
        const value = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
        const valid = Number.isInteger(value) && value <= MAX_WHAT_IF_REPLICAS;
        field.toggleAttribute('invalid', !valid);
        if (valid && value !== s.replicas) edit({ kind: 'setReplicas', service: s.name, replicas: value });
      });
      return [el('span', { class: 'berth-whatif-name', 'aria-hidden': 'true' }, [s.name]), field];
    }),
  ]);
  const changes = describeEdits(state.whatIf);
  return el('section', { 'aria-labelledby': 'berth-whatif-heading', 'data-testid': 'berth-whatif' }, [
    el('h2', { id: 'berth-whatif-heading' }, ['What if…']),
    el('div', { class: 'berth-whatif' }, [
      el('div', {}, [el('h3', {}, ['Nodes']), types]),
      el('div', {}, [el('h3', {}, ['Replicas']), replicas]),
    ]),
    el('div', { class: 'berth-whatif-changes' }, [
      el('span', { class: 'berth-muted', 'data-testid': 'berth-whatif-changes' }, [changes.length === 0 ? 'No changes: this is the plan for your files.' : `Changes: ${changes.join(', ')}`]),
      button('berth-whatif-reset', 'Reset', { icon: 'discard', secondary: true, disabled: changes.length === 0 }, () => edit({ kind: 'reset' })),
    ]),
  ]);
}

function assignments(state: PlanPreviewState): HTMLElement {
  const headers = ['Service', 'Node', 'Replicas', 'CPU', 'Memory', 'GPUs'];
  const rows = state.assignments.map((a) => [
    a.service,
    a.node,
    String(a.replicas),
    formatQuantity(a.cpuMillis / 1000, 'cores'),
    a.memoryBytes === 0 ? '—' : formatQuantity(a.memoryBytes / 1024 ** 3, 'GiB'),
    String(a.gpus),
  ]);
  return el('section', { 'aria-labelledby': 'berth-assignments-heading' }, [
    el('h2', { id: 'berth-assignments-heading' }, ['Assignments']),
    el('vscode-table', { 'data-testid': 'berth-assignments', zebra: '', 'bordered-rows': '', 'min-column-width': '4em', 'aria-label': 'Assignments' }, [
      el('vscode-table-header', { slot: 'header' }, headers.map((h) => el('vscode-table-header-cell', {}, [h]))),
      el('vscode-table-body', { slot: 'body' }, rows.map((r) => el('vscode-table-row', {}, r.map((c) => el('vscode-table-cell', {}, [c]))))),
    ]),
  ]);
}

interface ButtonOptions {
  readonly icon?: string;
  readonly iconOnly?: boolean;
  readonly secondary?: boolean;
  readonly disabled?: boolean;
  /** The accessible name when it differs from the text. */
  readonly label?: string;
  readonly title?: string;
}

function button(testId: string, text: string, options: ButtonOptions, onPress: () => void): HTMLElement {
  const attributes: Record<string, string> = { 'data-testid': testId };
  if (options.icon !== undefined) attributes.icon = options.icon;
  if (options.iconOnly === true) attributes['icon-only'] = '';
  if (options.secondary === true) attributes.secondary = '';
  if (options.disabled === true) attributes.disabled = '';
  if (options.label !== undefined) attributes['aria-label'] = options.label;
  const title = options.title ?? options.label;
  if (title !== undefined) attributes.title = title;
  const node = el('vscode-button', attributes, text ? [text] : []);
  // vscode-button turns Enter and Space into a click; a disabled one sends none.
  node.addEventListener('click', () => {
    if (!node.hasAttribute('disabled')) onPress();
  });
  return node;
}

/** A colour class per service: by its place in the compose file, so colours stay put while the plan changes. */
function seriesClassOf(state: PlanPreviewState): (service: string) => string {
  const index = new Map(state.services.map((s, i) => [s.name, i]));
  return (service) => {
    const i = index.get(service) ?? Array.from({ length: service.length }, (_, k) => service.charCodeAt(k)).reduce((h, c) => (h * 31 + c) % 997, 0);
    const pattern = Math.floor(i / SERIES_COLOURS) % SERIES_PATTERNS;
    return `berth-series-${i % SERIES_COLOURS}${pattern > 0 ? ` berth-pattern-${pattern}` : ''}`;
  };
}

/** The edits since the last reset, in words: "+1 h100", "−1 cpu-small", "vllm × 3". */
function describeEdits(edits: readonly WhatIfEdit[]): string[] {
  const lastReset = edits.map((e) => e.kind).lastIndexOf('reset');
  return edits.slice(lastReset + 1).map((e) => {
    switch (e.kind) {
      case 'addNode':
        return `+1 ${e.type}`;
      case 'removeNode':
        return `−1 ${e.type}`;
      case 'setReplicas':
        return `${e.service} × ${e.replicas}`;
      case 'reset':
        return 'reset';
    }
  });
}

function objectiveTerm(objective: Objective, hasCosts: boolean): string {
  if (objective === 'pack') return hasCosts ? 'Cost' : 'Nodes used';
  return objective === 'spread' ? 'Peak load' : 'Priority placed';
}

function formatObjective(objective: Objective, value: number, hasCosts: boolean): string {
  if (objective === 'pack') return hasCosts ? formatCost(value) : formatQuantity(value, 'nodes');
  if (objective === 'spread') return formatQuantity(value * 100, '%');
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function formatCost(perHour: number): string {
  return `$${perHour.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/h`;
}

function formatMillis(millis: number): string {
  return millis < 1000 ? `${Math.round(millis)} ms` : `${(millis / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
}
