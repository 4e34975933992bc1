// Messages of the placement preview panel.
import { ipcNotification } from './ipc';

export interface PlanPreviewService {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
}

export interface PlanPreviewNode {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly gpus: number;
}

export interface PlanPreviewState {
  readonly berthVersion: string;
  readonly title: string;
  /** Where the problem came from, shown to the user ("sample", a compose file path, …). */
  readonly source: string;
  readonly services: readonly PlanPreviewService[];
  readonly nodes: readonly PlanPreviewNode[];
}

/** Host -> webview: the whole state to render (sent after `webview/ready`, and on every change). */
export const PlanPreviewStateNotification = ipcNotification<PlanPreviewState>('planPreview', 'state');

export function isPlanPreviewState(value: unknown): value is PlanPreviewState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.berthVersion === 'string' &&
    typeof s.title === 'string' &&
    typeof s.source === 'string' &&
    Array.isArray(s.services) &&
    Array.isArray(s.nodes)
  );
}
