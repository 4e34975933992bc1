// What the user chose for a Dockerfile's last build (tag, context, build args, target, platform), kept in workspace
// state so the second build is one click and the Dockerfile's lens can offer Push.
import type * as vscode from 'vscode';

export interface RememberedBuild {
  readonly tag: string;
  /** Context folder, as a URI string. */
  readonly context: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly platform?: string;
}

const key = (dockerfile: vscode.Uri): string => `berth.build:${dockerfile.toString()}`;

export function rememberedBuild(state: vscode.Memento, dockerfile: vscode.Uri): RememberedBuild | undefined {
  const value = state.get<unknown>(key(dockerfile));
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<RememberedBuild>;
  if (typeof v.tag !== 'string' || typeof v.context !== 'string') return undefined;
  return { tag: v.tag, context: v.context, buildArgs: typeof v.buildArgs === 'object' ? v.buildArgs : {}, target: v.target, platform: v.platform };
}

export function lastBuildTag(state: vscode.Memento, dockerfile: vscode.Uri): string | undefined {
  return rememberedBuild(state, dockerfile)?.tag;
}

export function rememberBuild(state: vscode.Memento, dockerfile: vscode.Uri, build: RememberedBuild): Thenable<void> {
  return state.update(key(dockerfile), build);
}
