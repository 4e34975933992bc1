// Turns a failed build's output into one diagnostic: which Dockerfile line failed and why, plus the one line the
// terminal ends with. Reads the classic builder (`Step 4/7 : …` then the error), BuildKit's plain progress
// (`Dockerfile:12`, ` 12 | >>> RUN …`, `ERROR: failed to solve: …`) and parse errors of either.
import { DockerfileSteps } from './dockerfileSteps';

export interface BuildFailure {
  /** 1-based Dockerfile line of the failing instruction, when it can be told. */
  readonly line: number | undefined;
  /** Last line of the failing instruction (a RUN with continuations spans several). */
  readonly endLine: number | undefined;
  /** The builder's reason, without its `ERROR: failed to solve:` wrapping. */
  readonly message: string;
  /** The failing instruction as the builder named it (`RUN make`), when known. */
  readonly step: string | undefined;
  /** One line for the end of the terminal: `Build failed at Dockerfile:4 (RUN make): exit code 2`. */
  readonly summary: string;
}

const PARSE_ERROR = /dockerfile parse error (?:on )?line (\d+): (.*)$/iu;
const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.*)$/u;
const BUILDKIT_VERTEX = /^#\d+ (\[[^\]]*\d+\/\d+\] .*)$/u;
const BUILDKIT_FAILED_VERTEX = /^ > (\[[^\]]*\d+\/\d+\] .*):$/u;
const BUILDKIT_SOURCE = /^(.+):(\d+)$/u;
const BUILDKIT_MARKER = /^\s*(\d+) \| >>>/u;
/** Lines that are progress, not the reason for a failure. */
const NOISE = /^(?: ---> |Removing intermediate container|Sending build context|#\d+ |-{4,}|\s*\d+ \| |DEPRECATED:|\s{4,}\S)/u;

/** `output`: the builder's output, as lines or as one text. `dockerfileName` is what the output calls the file. */
export function parseBuildFailure(output: string | readonly string[], dockerfileText: string, dockerfileName = 'Dockerfile'): BuildFailure {
  const lines = (typeof output === 'string' ? output.split(/\r?\n/u) : output.flatMap((l) => l.split(/\r?\n/u))).map(stripAnsi);
  const steps = new DockerfileSteps(dockerfileText);

  let message: string | undefined;
  let line: number | undefined;
  let endLine: number | undefined;
  let step: string | undefined;

  // BuildKit's final word wins; the classic builder has no prefix, so its reason is the last line that is not progress.
  const errorLine = findLast(lines, (l) => l.startsWith('ERROR: ') || l.startsWith('error: '));
  if (errorLine !== undefined) message = errorLine.replace(/^(?:ERROR|error):\s*/u, '').replace(/^(?:failed to build:\s*)?(?:failed to solve:\s*)?/u, '');

  const parse = lines.map((l) => PARSE_ERROR.exec(l)).find((m) => m);
  if (parse) {
    line = Number(parse[1]);
    endLine = line;
    message = parse[2] ? `Dockerfile parse error: ${parse[2]}` : message;
  }

  if (line === undefined) {
    // BuildKit prints the failing instruction's source: `Dockerfile:4` then numbered lines, `>>>` on the culprit.
    for (let i = 0; i < lines.length - 1; i++) {
      const source = BUILDKIT_SOURCE.exec(lines[i] ?? '');
      if (!source || !/^-{4,}$/u.test(lines[i + 1] ?? '') || !(source[1] ?? '').endsWith(baseName(dockerfileName))) continue;
      const block = lines.slice(i + 2);
      const end = block.findIndex((l) => /^-{4,}$/u.test(l));
      const marked = (end < 0 ? block : block.slice(0, end)).map((l) => BUILDKIT_MARKER.exec(l)?.[1]).filter((n) => n !== undefined).map(Number);
      // The header names the first line shown, which includes context above the failing lines: the markers are exact.
      line = marked[0] ?? Number(source[2]);
      endLine = marked[marked.length - 1] ?? line;
    }
  }

  const failedVertex = findLast(lines, (l) => BUILDKIT_FAILED_VERTEX.test(l));
  const vertexName = failedVertex ? BUILDKIT_FAILED_VERTEX.exec(failedVertex)?.[1] : lastVertexBeforeError(lines);
  if (vertexName) {
    step = vertexName.replace(/^\[[^\]]*\]\s*/u, '');
    if (line === undefined) {
      const located = steps.buildkitVertex(vertexName);
      line = located?.line;
      endLine = located?.endLine;
    }
  }

  const classic = findLast(lines, (l) => CLASSIC_STEP.test(l));
  if (classic && !vertexName) {
    const [, n = '0', , label = ''] = CLASSIC_STEP.exec(classic) ?? [];
    step = label;
    if (line === undefined) {
      const located = steps.classicStep(Number(n)) ?? steps.byInstructionText(label);
      line = located?.line;
      endLine = located?.endLine;
    }
    if (message === undefined) {
      const after = lines.slice(lines.indexOf(classic) + 1);
      message = findLast(after, (l) => l.trim() !== '' && !NOISE.test(l))?.trim();
    }
  }

  message ??= findLast(lines, (l) => l.trim() !== '' && !NOISE.test(l))?.trim() ?? 'the build failed without saying why';
  return { line, endLine, message, step, summary: summarize(dockerfileName, line, step, message) };
}

/** The one-line summary, shared with builds through the Engine API. */
export function summarize(dockerfileName: string, line: number | undefined, step: string | undefined, message: string): string {
  const where = line === undefined ? '' : ` at ${baseName(dockerfileName)}:${line}`;
  const what = step ? ` (${shorten(step, 60)})` : '';
  return `Build failed${where}${what}: ${shorten(tidyReason(message), 160)}`;
}

/** `process "/bin/sh -c make" did not complete successfully: exit code: 2` (BuildKit; `executor failed running […]` before
 * 0.10; `The command '…' returned a non-zero code: 2` classic) says no more than `exit code 2` once the step is named. */
function tidyReason(message: string): string {
  const exit = /(?:did not complete successfully|returned a non-zero code|executor failed running \[.*\]): (?:exit code: )?(\d+)$/su.exec(message);
  if (!exit) return message;
  // 137 is SIGKILL: the kernel's OOM killer, or the engine stopping and killing the step.
  return exit[1] === '137' ? 'exit code 137 (killed: out of memory, or the engine stopped)' : `exit code ${exit[1] ?? ''}`;
}

function lastVertexBeforeError(lines: readonly string[]): string | undefined {
  // buildx marks the failing step `#7 ERROR: …`; the step's name is on the first `#7 [...]` line.
  const failed = findLast(lines, (l) => /^#\d+ ERROR: /u.test(l));
  const id = failed ? /^#(\d+) /u.exec(failed)?.[1] : undefined;
  if (!id) return undefined;
  const named = lines.find((l) => l.startsWith(`#${id} [`) && BUILDKIT_VERTEX.test(l));
  return named ? BUILDKIT_VERTEX.exec(named)?.[1] : undefined;
}

function findLast<T>(items: readonly T[], predicate: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as T;
    if (predicate(item)) return item;
  }
  return undefined;
}

function baseName(file: string): string {
  return file.split(/[\\/]/u).pop() ?? file;
}

function shorten(text: string, max: number): string {
  const single = text.replace(/\s+/gu, ' ').trim();
  return single.length <= max ? single : `${single.slice(0, max - 1)}…`;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- terminal colour codes from the CLI
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/gu, '');
}
