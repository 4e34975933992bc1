// Serves Berth's proposed file contents as read-only documents, for the diff shown before replacing a user's file.
import * as vscode from 'vscode';

export class ProposedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'berth-proposed';
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(relativePath: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ProposedContentProvider.scheme, path: `/${relativePath}` });
    this.contents.set(uri.path, content);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
