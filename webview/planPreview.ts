// Placement preview webview: renders the state the host sends after `webview/ready`, and keeps it across reloads.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import { createMessage, isIpcMessage, isMessageOf, WebviewReadyCommand } from '../src/protocol/ipc';
import { isPlanPreviewState, PlanPreviewStateNotification, type PlanPreviewState } from '../src/protocol/planPreview';
import { vscodeApi } from './vscodeApi';
import { el } from './dom';

const api = vscodeApi<PlanPreviewState>();
const root = document.getElementById('root') as HTMLElement;

function formatCpu(cpuMillis: number): string {
  return `${(cpuMillis / 1000).toLocaleString('en-US', { maximumFractionDigits: 2 })} CPU`;
}

function formatMemory(bytes: number): string {
  return bytes === 0 ? '—' : `${(bytes / 1024 ** 3).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB`;
}

function table(testId: string, headers: readonly string[], rows: readonly (readonly string[])[]): HTMLElement {
  return el('vscode-table', { 'data-testid': testId, zebra: '', 'bordered-rows': '', 'min-column-width': '4em' }, [
    el('vscode-table-header', { slot: 'header' }, headers.map((h) => el('vscode-table-header-cell', {}, [h]))),
    el('vscode-table-body', { slot: 'body' }, rows.map((r) => el('vscode-table-row', {}, r.map((c) => el('vscode-table-cell', {}, [c]))))),
  ]);
}

function render(state: PlanPreviewState): void {
  root.replaceChildren(
    el('header', { class: 'title' }, [
      el('vscode-icon', { name: 'server-process' }),
      el('h1', {}, [state.title]),
      el('vscode-badge', { 'data-testid': 'berth-source' }, [state.source]),
    ]),
    el('h2', {}, ['Services']),
    table('berth-services', ['Service', 'CPU', 'Memory', 'GPUs'], state.services.map((s) => [s.name, formatCpu(s.cpuMillis), formatMemory(s.memoryBytes), String(s.gpus)])),
    el('h2', {}, ['Nodes']),
    table('berth-nodes', ['Node', 'CPU', 'Memory', 'GPUs'], state.nodes.map((n) => [n.name, formatCpu(n.cpuMillis), formatMemory(n.memoryBytes), String(n.gpus)])),
    el('footer', {}, ['Berth ', el('span', { 'data-testid': 'berth-version' }, [state.berthVersion])]),
  );
  root.setAttribute('aria-busy', 'false');
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isIpcMessage(message)) return; // not ours: VS Code also posts its own messages into the frame
  if (isMessageOf(PlanPreviewStateNotification, message) && isPlanPreviewState(message.params)) {
    api.setState(message.params);
    render(message.params);
  }
});

const saved = api.getState();
if (saved && isPlanPreviewState(saved)) render(saved);
api.postMessage(createMessage(WebviewReadyCommand, {}));
