// Which file a command acts on: the one it was given (a lens, the explorer), else the active editor's when it is of the
// kind, else the only one in the workspace, else the user's pick. Undefined (after saying so) when there is none, or when
// the pick is cancelled.
import * as vscode from 'vscode';
import { basename } from 'node:path';

export interface WorkspaceFileKind {
  readonly selector: vscode.DocumentFilter[];
  readonly glob: string;
  /** File names to leave out of the workspace search (a compose GPU override is not a project on its own). */
  readonly skip?: RegExp;
  readonly title: string;
  readonly placeHolder: string;
  /** Said when the workspace has none (not when the user cancels the pick). */
  readonly none: string;
}

export async function pickWorkspaceFile(uri: unknown, kind: WorkspaceFileKind): Promise<vscode.Uri | undefined> {
  if (uri instanceof vscode.Uri) return uri;
  const active = vscode.window.activeTextEditor?.document;
  if (active && vscode.languages.match(kind.selector, active)) return active.uri;
  const found = await vscode.workspace.findFiles(kind.glob, '**/node_modules/**', 50);
  const candidates = kind.skip ? found.filter((f) => !kind.skip?.test(basename(f.fsPath))) : found;
  if (candidates.length === 0) {
    void vscode.window.showWarningMessage(kind.none);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
    { title: kind.title, placeHolder: kind.placeHolder },
  );
  return picked?.uri;
}
