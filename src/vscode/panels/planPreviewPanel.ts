// The placement preview: one panel, restored after a reload, fed with state only after the webview says it is ready.
import * as vscode from 'vscode';
import { createMessage, isIpcMessage, isMessageOf, WebviewReadyCommand } from '../../protocol/ipc';
import { PlanPreviewStateNotification, type PlanPreviewState } from '../../protocol/planPreview';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

export class PlanPreviewPanel implements vscode.Disposable {
  static readonly viewType = 'berth.planPreview';
  private static current: PlanPreviewPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  static show(extensionUri: vscode.Uri, state: PlanPreviewState, log: vscode.LogOutputChannel): PlanPreviewPanel {
    if (PlanPreviewPanel.current) {
      PlanPreviewPanel.current.panel.reveal();
      PlanPreviewPanel.current.update(state);
      return PlanPreviewPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PlanPreviewPanel.viewType, 'Berth: Placement', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    return new PlanPreviewPanel(panel, extensionUri, state, log);
  }

  static registerSerializer(extensionUri: vscode.Uri, initialState: () => PlanPreviewState, log: vscode.LogOutputChannel): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PlanPreviewPanel.viewType, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel) => {
        panel.webview.options = webviewOptions(extensionUri);
        new PlanPreviewPanel(panel, extensionUri, initialState(), log);
        return Promise.resolve();
      },
    });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private state: PlanPreviewState,
    private readonly log: vscode.LogOutputChannel,
  ) {
    PlanPreviewPanel.current = this;
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'berth-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'berth-dark.svg'),
    };
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, 'planPreview', 'Berth: Placement');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

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
      this.update(this.state);
      return;
    }
    this.log.warn(`Placement preview: dropped unknown message ${message.method}`);
  }

  dispose(): void {
    if (PlanPreviewPanel.current === this) PlanPreviewPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
