// A lint finding as plain data: what is wrong, where, why (a README section), and the edits that fix it. The vscode
// layer turns findings into diagnostics and code actions; nothing here knows about the editor.

export type FindingSeverity = 'error' | 'warning' | 'info';

/** Lines and columns are 0-based (as in VS Code and LSP); the end is exclusive. */
export interface FindingRange {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface FindingEdit {
  /**
   * Another file the edit applies to, relative to the linted file's folder (`.dockerignore`); absent: the linted file.
   * The file may not exist yet: create it, then apply the edit (edits to other files always insert at 0:0).
   */
  readonly file?: string;
  readonly range: FindingRange;
  readonly newText: string;
}

export interface FindingFix {
  /** Imperative, shown in the quick-fix menu: "Use nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04". */
  readonly title: string;
  readonly edits: readonly FindingEdit[];
}

export interface Finding {
  /** `berth/<rule>` for Berth's rules (see rules.ts), `dockerfile/<code>` for dockerfile-utils' syntax checks. */
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  /** What is wrong and what to change, in one or two sentences. */
  readonly message: string;
  readonly range: FindingRange;
  /** Section anchor in Berth's README that explains the rule, e.g. `lint-cuda-torch-mismatch`. */
  readonly docsAnchor: string;
  /** The compose file the range is in (compose findings only: a compose read may span several files). */
  readonly file?: string;
  readonly fixes?: readonly FindingFix[];
}
