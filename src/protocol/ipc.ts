// Typed messages between the extension host and webviews (after gitlens' protocol.ts): every message is a
// descriptor with a literal `scope/method`, so both ends share one definition and check what arrives.

/** Webview -> host, no reply. */
export interface IpcCommand<Params> {
  readonly kind: 'command';
  readonly method: string;
  /** Type-only: carries Params to the type checker, never set. */
  readonly params?: Params;
}

/** Host -> webview, no reply. */
export interface IpcNotification<Params> {
  readonly kind: 'notification';
  readonly method: string;
  readonly params?: Params;
}

export function ipcCommand<Params>(scope: string, method: string): IpcCommand<Params> {
  return { kind: 'command', method: `${scope}/${method}` };
}

export function ipcNotification<Params>(scope: string, method: string): IpcNotification<Params> {
  return { kind: 'notification', method: `${scope}/${method}` };
}

/** What actually crosses postMessage. */
export interface IpcMessage<Params = unknown> {
  readonly id: number;
  readonly method: string;
  readonly params: Params;
}

export function isIpcMessage(value: unknown): value is IpcMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.id === 'number' && typeof m.method === 'string' && 'params' in m;
}

/** Narrows a received message to one descriptor; the caller still validates the params' shape. */
export function isMessageOf<Params>(
  type: IpcCommand<Params> | IpcNotification<Params>,
  message: IpcMessage,
): message is IpcMessage<Params> {
  return message.method === type.method;
}

let nextId = 0;
export function createMessage<Params>(
  type: IpcCommand<Params> | IpcNotification<Params>,
  params: Params,
): IpcMessage<Params> {
  nextId += 1;
  return { id: nextId, method: type.method, params };
}

/** Sent by every webview once its script has loaded; the host pushes state only after it (no early message lost). */
export const WebviewReadyCommand = ipcCommand<Record<string, never>>('webview', 'ready');
