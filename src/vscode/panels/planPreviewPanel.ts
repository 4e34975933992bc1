// The placement preview: one panel, restored after a reload, fed with state only after the webview says it is ready;
// what the webview asks for is validated here and handed to the caller's handler, which owns solving and exporting.
import * as vscode from 'vscode';
import { createMessage, isIpcMessage, isMessageOf, WebviewReadyCommand } from '../../protocol/ipc';
import {
  isPlanPreviewState,
  PlanPreviewStateNotification,
  toPlanPreviewCommand,
  type PlanPreviewCommandMessage,
  type PlanPreviewState,
} from '../../protocol/planPreview';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

export interface PlanPreviewHandler {
  /** A validated command from the webview; answer it by calling `panel.update` with the next state. */
  onCommand(command: PlanPreviewCommandMessage, panel: PlanPreviewPanel): void;
  /**
   * VS Code brought the panel back after a reload. `saved` is the last state the webview showed (validated), so the
   * objective and what-if edits can be solved again; the webview shows `saved` until `panel.update` is called.
   */
  onRestore(panel: PlanPreviewPanel, saved: PlanPreviewState | undefined): void;
  /** The user closed the panel: a solve still running for it can stop. */
  onDispose?(): void;
}

export interface PlanPreviewShowOptions {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  readonly handler: PlanPreviewHandler;
}

export class PlanPreviewPanel implements vscode.Disposable {
  static readonly viewType = 'berth.planPreview';
  private static instance: PlanPreviewPanel | undefined;

  /** The open panel, if any. */
  static get current(): PlanPreviewPanel | undefined {
    return PlanPreviewPanel.instance;
  }

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;
  private state: PlanPreviewState | undefined;

  /** Opens (or reveals) the panel and shows `state`, typically a `solving` state while the first plan is computed. */
  static show(state: PlanPreviewState, options: PlanPreviewShowOptions): PlanPreviewPanel {
    const current = PlanPreviewPanel.instance;
    if (current) {
      current.handler = options.handler;
      current.panel.reveal();
      current.update(state);
      return current;
    }
    const panel = vscode.window.createWebviewPanel(PlanPreviewPanel.viewType, 'Berth: Placement', vscode.ViewColumn.Active, webviewOptions(options.extensionUri));
    const created = new PlanPreviewPanel(panel, options);
    created.update(state);
    return created;
  }

  static registerSerializer(options: PlanPreviewShowOptions): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PlanPreviewPanel.viewType, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, saved: unknown) => {
        panel.webview.options = webviewOptions(options.extensionUri);
        const restored = new PlanPreviewPanel(panel, options);
        options.handler.onRestore(restored, isPlanPreviewState(saved) ? saved : undefined);
        return Promise.resolve();
      },
    });
  }

  private handler: PlanPreviewHandler;
  private readonly log: vscode.LogOutputChannel;

  private constructor(private readonly panel: vscode.WebviewPanel, options: PlanPreviewShowOptions) {
    PlanPreviewPanel.instance = this;
    this.handler = options.handler;
    this.log = options.log;
    panel.iconPath = {
      light: vscode.Uri.joinPath(options.extensionUri, 'media', 'berth-light.svg'),
      dark: vscode.Uri.joinPath(options.extensionUri, 'media', 'berth-dark.svg'),
    };
    panel.webview.html = renderWebviewHtml(panel.webview, options.extensionUri, 'planPreview', 'Berth: Placement');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Shows `state`; before the webview's `ready` it is kept and sent right after, so no early state is lost. */
  update(state: PlanPreviewState): void {
    this.state = state;
    if (this.ready) void this.panel.webview.postMessage(createMessage(PlanPreviewStateNotification, state));
  }

  private onMessage(message: unknown): void {
    if (!isIpcMessage(message)) {
      this.log.warn('Placement preview: dropped a message that is not a Berth IPC message');
      return;
    }
    if (isMessageOf(WebviewReadyCommand, message)) {
      this.ready = true;
      if (this.state) this.update(this.state);
      return;
    }
    const command = toPlanPreviewCommand(message);
    if (!command) {
      this.log.warn(`Placement preview: dropped unknown or malformed message ${message.method}`);
      return;
    }
    try {
      this.handler.onCommand(command, this);
    } catch (error) {
      this.log.error(`Placement preview: ${command.command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (PlanPreviewPanel.instance === this) PlanPreviewPanel.instance = undefined;
    this.handler.onDispose?.();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
