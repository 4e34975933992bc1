// Read-only documents that Berth fills itself, under a scheme of their own: the proposed files of a scaffold diff,
// the engine's JSON for "Inspect". The user reads them but cannot save them back.
import * as vscode from 'vscode';

export class ReadonlyContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor(readonly scheme: string) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  /** Stores `content` at `path` ('/'-separated, no leading slash needed) and returns the document's URI. */
  set(path: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${path.replace(/^\/+/, '')}` });
    this.contents.set(uri.path, content);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
