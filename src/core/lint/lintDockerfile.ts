// Lints a Dockerfile: dockerfile-utils' syntax checks (reused as they are, as `dockerfile/<code>` findings) plus Berth's
// rules for AI containers. Never throws on user input; skips binary and oversized files with one info finding.
import { ValidationCode } from 'dockerfile-utils';
import { checkCudaMatch } from './dockerfile/checkCudaMatch';
import { checkFinalBase } from './dockerfile/checkFinalBase';
import { checkHealthcheck } from './dockerfile/checkHealthcheck';
import { checkSecurity } from './dockerfile/checkSecurity';
import { checkWeights } from './dockerfile/checkWeights';
import type { DockerfileCheck } from './dockerfile/dockerfileCheck';
import { readDockerfile } from './dockerfile/readDockerfile';
import { readPythonPins, type PythonPins } from './dockerfile/readPythonPins';
import { validateSyntax } from './dockerfile/validateSyntax';
import type { Finding, FindingRange } from './finding';
import { makeFinding } from './makeFinding';
import { readSuppressions } from './readSuppressions';
import { lintRule } from './rules';

export interface DockerfileLintContext {
  /** The requirements.txt beside the Dockerfile (path for messages, text to read pins from). */
  readonly requirements?: { readonly path: string; readonly text: string };
  readonly pyproject?: { readonly path: string; readonly text: string };
  readonly hasDockerignore: boolean;
  /**
   * Weight files the build context would send, relative to the context folder (`weights/model.safetensors`): with a
   * `.dockerignore`, only those it does not exclude.
   */
  readonly contextWeightFiles?: readonly string[];
  /** Rule ids turned off in settings; `dockerfile/syntax` turns off every dockerfile-utils check. */
  readonly disabledRules?: ReadonlySet<string>;
}

/** Real Dockerfiles are a few KiB; beyond this the parse alone would hold the editor for a noticeable time. */
export const MAX_DOCKERFILE_CHARS = 256 * 1024;

const SYNTAX = 'dockerfile/syntax';
const NOT_LINTED = 'berth/dockerfile-not-linted';
/** dockerfile-utils' numeric codes by kebab-case name (`UNKNOWN_INSTRUCTION` → `unknown-instruction`); an alias's later name wins. */
const CODE_NAMES = new Map(
  Object.entries(ValidationCode)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .map(([name, code]) => [code, name.toLowerCase().replace(/_/g, '-')]),
);
const START: FindingRange = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };

export function lintDockerfile(text: string, context: DockerfileLintContext): Finding[] {
  const disabled = context.disabledRules ?? new Set<string>();
  if (text.trim() === '') return [];
  if (text.length > MAX_DOCKERFILE_CHARS || text.includes('\u0000')) {
    if (disabled.has(NOT_LINTED)) return [];
    const why = text.includes('\u0000')
      ? 'it holds NUL bytes, so it is not a Dockerfile'
      : `it is ${Math.round(text.length / 1024)} KiB, above the ${MAX_DOCKERFILE_CHARS / 1024} KiB Berth lints`;
    return [makeFinding(NOT_LINTED, `Berth did not lint this file: ${why}`, START)];
  }

  const model = readDockerfile(text);
  const suppressions = readSuppressions(model.lines);
  const findings: Finding[] = [];
  // Suppression comments sit above an instruction, so a finding anywhere in one is looked up from the instruction's start.
  const starts = model.instructions.map((i) => i.getRange().start.line);
  const instructionStart = (line: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = line;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = starts[mid] ?? 0;
      if (s <= line) {
        found = s;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const keep = (ruleId: string, range: FindingRange): boolean => !suppressions.isSuppressed(ruleId, [range.startLine, instructionStart(range.startLine)]);

  if (!disabled.has(SYNTAX)) {
    let diagnostics: ReturnType<typeof validateSyntax> = [];
    try {
      diagnostics = validateSyntax(text, model.dockerfile);
    } catch (error) {
      // dockerfile-ast recurses without end on some inputs (an indented instruction with a variable before the first
      // FROM: " l $R"): say so, and let Berth's own rules run.
      const why = error instanceof Error ? error.message : String(error);
      if (keep(SYNTAX, START)) {
        const message = `The Dockerfile syntax check (dockerfile-utils) failed on this text (${why}); Berth's own rules still ran`;
        findings.push({ ruleId: SYNTAX, severity: 'info', message, range: START, docsAnchor: lintRule(SYNTAX).docsAnchor });
      }
    }
    for (const d of diagnostics) {
      const ruleId = `dockerfile/${CODE_NAMES.get(Number(d.code)) ?? String(d.code)}`;
      const range = { startLine: d.range.start.line, startColumn: d.range.start.character, endLine: d.range.end.line, endColumn: d.range.end.character };
      if (disabled.has(ruleId) || !keep(ruleId, range)) continue;
      const severity = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info';
      findings.push({ ruleId, severity, message: typeof d.message === 'string' ? d.message : d.message.value, range, docsAnchor: lintRule(SYNTAX).docsAnchor });
    }
  }

  let pins: PythonPins | undefined;
  const check: DockerfileCheck = {
    model,
    context,
    pins: () =>
      (pins ??= readPythonPins({
        ...(context.requirements ? { requirements: context.requirements } : {}),
        ...(context.pyproject ? { pyproject: context.pyproject } : {}),
        instructions: model.instructions
          .filter((i) => ['RUN', 'ENV', 'ARG'].includes(i.getKeyword()))
          .map((i) => ({ text: i.getTextContent(), line: i.getRange().start.line })),
      })),
    enabled: (ruleId) => !disabled.has(ruleId),
    report: (ruleId, message, range, fixes) => {
      if (!disabled.has(ruleId) && keep(ruleId, range)) findings.push(makeFinding(ruleId, message, range, fixes));
    },
  };
  checkCudaMatch(check);
  checkFinalBase(check);
  checkWeights(check);
  checkSecurity(check);
  checkHealthcheck(check);
  return findings;
}
