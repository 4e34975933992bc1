// What every Dockerfile check receives: the parsed file, the lint context, the Python pins, and a sink that files a
// finding under its rule (severity and docs anchor from the catalogue; disabled and suppressed rules dropped).
import type { FindingFix, FindingRange } from '../finding';
import type { DockerfileLintContext } from '../lintDockerfile';
import type { PythonPins } from './readPythonPins';
import type { DockerfileModel } from './readDockerfile';

export interface DockerfileCheck {
  readonly model: DockerfileModel;
  readonly context: DockerfileLintContext;
  /** Read on first use: only the framework rules need them. */
  pins(): PythonPins;
  enabled(ruleId: string): boolean;
  report(ruleId: string, message: string, range: FindingRange, fixes?: readonly FindingFix[]): void;
}

/** dockerfile-ast's (LSP's) range, structurally: both are 0-based with an exclusive end. */
interface AstRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

export function findingRange(range: AstRange): FindingRange {
  return { startLine: range.start.line, startColumn: range.start.character, endLine: range.end.line, endColumn: range.end.character };
}
