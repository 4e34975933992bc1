// Read-only documents for "Inspect": the engine's JSON, which the user reads but cannot save back.
import * as vscode from 'vscode';

export class InspectContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'berth-inspect';
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(kind: string, name: string, json: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: InspectContentProvider.scheme, path: `/${kind}/${name.replace(/[/\\]/g, '_')}.json` });
    this.contents.set(uri.path, json);
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
