// Placement preview webview: draws the state the host sends after `webview/ready`, keeps it across reloads, and turns
// the user's choices (objective, what-if, export, apply) into commands, showing "solving…" until the next state.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { createMessage, WebviewReadyCommand } from '../src/protocol/ipc';
import { createPlanPreviewCommand, isPlanPreviewState, toPlanPreviewState, type PlanPreviewCommandMessage, type PlanPreviewState } from '../src/protocol/planPreview';
import { el } from './dom';
import { renderPlanPreview } from './renderPlanPreview';
import { vscodeApi } from './vscodeApi';

const api = vscodeApi<PlanPreviewState>();
const root = document.getElementById('root') as HTMLElement;

let state: PlanPreviewState | undefined;
let pending = false;
// Outside the root, which every draw replaces: a live region is announced only when an element that stays changes.
const announcer = el('div', { class: 'berth-sr-only', role: 'status', 'aria-live': 'polite' });
document.body.append(announcer);

function draw(): void {
  if (!state) return;
  // Every control carries a data-testid; after a redraw the one that had focus gets it back, so keyboard users stay put.
  const focused = document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid');
  root.replaceChildren(...renderPlanPreview({ state, pending }, send));
  const busy = pending || state.status === 'solving';
  root.setAttribute('aria-busy', String(busy));
  const status = busy ? 'Solving…' : `Plan ${state.status}${state.unplaced.length > 0 ? `, ${state.unplaced.length} services unplaced` : ''}`;
  if (announcer.textContent !== status) announcer.textContent = status;
  const again = focused ? [...root.querySelectorAll<HTMLElement>('[data-testid]')].find((e) => e.getAttribute('data-testid') === focused) : undefined;
  // A Lit component is focusable only once its first update has set its tabindex.
  if (again) void ((again as Partial<{ updateComplete: Promise<unknown> }>).updateComplete ?? Promise.resolve()).then(() => again.focus());
}

function send(command: PlanPreviewCommandMessage): void {
  api.postMessage(createPlanPreviewCommand(command));
  // Export, apply and open leave the plan as it is; the others make the host solve again.
  if (command.command === 'setObjective' || command.command === 'whatIf') {
    pending = true;
    draw();
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // VS Code posts its own messages into the frame too; anything that is not a valid state is dropped.
  const next = toPlanPreviewState(event.data);
  if (!next) return;
  state = next;
  pending = false;
  api.setState(next);
  draw();
});

const saved = api.getState();
if (saved && isPlanPreviewState(saved)) {
  state = saved;
  draw();
}
api.postMessage(createMessage(WebviewReadyCommand, {}));
