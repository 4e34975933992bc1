// The typed handle on acquireVsCodeApi(), which a webview may call only once.
interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

let api: unknown;
export function vscodeApi<State>(): VsCodeApi<State> {
  api ??= acquireVsCodeApi<State>();
  return api as VsCodeApi<State>;
}
