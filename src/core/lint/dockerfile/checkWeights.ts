// berth/weights-in-image and berth/weights-without-dockerignore: model weights belong on a volume, not in a layer.
import { Add, Copy } from 'dockerfile-ast';
import type { FindingFix } from '../finding';
import { findingRange, type DockerfileCheck } from './dockerfileCheck';

const IN_IMAGE = 'berth/weights-in-image';
const NO_IGNORE = 'berth/weights-without-dockerignore';

/** Extensions of weight files; `.bin` is what PyTorch and older Hugging Face checkpoints use. */
const WEIGHT_FILE = /\.(safetensors|bin|gguf|onnx|pt|pth|ckpt)$/i;

export function checkWeights(check: DockerfileCheck): void {
  const weights = (check.context.contextWeightFiles ?? []).map(normalizePath).filter((f) => f !== '');
  if (check.enabled(IN_IMAGE)) {
    for (const instruction of check.model.instructions) {
      if (instruction instanceof Copy || instruction instanceof Add) checkCopy(check, instruction, weights);
    }
  }
  if (check.enabled(NO_IGNORE) && !check.context.hasDockerignore && weights.length > 0) {
    const first = check.model.instructions[0];
    const range = first ? findingRange(first.getInstructionRange()) : { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };
    const message = `No .dockerignore, and the build context holds ${describeFiles(weights)}: a \`COPY .\` bakes them into the image and the classic builder uploads them on every build — add a .dockerignore`;
    check.report(NO_IGNORE, message, range, [dockerignoreFix('Create a .dockerignore that leaves the weights out', weights)]);
  }
}

function checkCopy(check: DockerfileCheck, instruction: Copy | Add, weights: readonly string[]): void {
  const flags = instruction.getFlags();
  if (flags.some((f) => f.getName().toLowerCase() === 'from')) return;
  const args = sourceArguments(instruction);
  // A heredoc COPY writes text from the Dockerfile itself; its arguments include that text, which names no source.
  if (args.some((a) => a.value.startsWith('<<'))) return;
  // `COPY --exclude=weights . /app` (Dockerfile syntax 1.7) keeps them out of this copy only.
  const excludes = flags.filter((f) => f.getName().toLowerCase() === 'exclude').map((f) => f.getValue() ?? '').filter((e) => e !== '');
  for (const arg of args) {
    const source = arg.value;
    if (source.includes('$')) continue;
    // A weight file named outright (or a glob of them, or a URL of one): no .dockerignore entry helps, the COPY must go.
    if (WEIGHT_FILE.test(source.replace(/[?#].*$/, ''))) {
      const message = `${instruction.getKeyword()} puts model weights (${source}) into the image: every build, push and pull moves them — mount them at run time instead`;
      check.report(IN_IMAGE, message, findingRange(arg.range));
      return;
    }
    const covered = weights.filter((file) => covers(source, file) && !excludes.some((e) => covers(e, file)));
    if (covered.length > 0) {
      const message = `${instruction.getKeyword()} ${source} copies ${describeFiles(covered)} into the image: every build, push and pull moves them — mount them at run time and list them in .dockerignore`;
      check.report(IN_IMAGE, message, findingRange(arg.range), [dockerignoreFix('Add the weight files to .dockerignore', covered)]);
      return;
    }
  }
}

interface SourceArgument {
  readonly value: string;
  readonly range: Parameters<typeof findingRange>[0];
}

/** Every argument but the destination, from the JSON form when the instruction uses it. */
function sourceArguments(instruction: Copy | Add): SourceArgument[] {
  const json = instruction.getJSONStrings();
  const all: SourceArgument[] =
    json.length > 0
      ? json.map((j) => ({ value: j.getJSONValue(), range: j.getRange() }))
      : instruction.getArguments().map((a) => ({ value: a.getValue(), range: a.getRange() }));
  return all.slice(0, -1);
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
}

/** Whether a COPY source (a path or a glob, relative to the context) takes `file` or a folder above it. */
function covers(source: string, file: string): boolean {
  const s = normalizePath(source.replace(/^\/+/, ''));
  if (s === '' || s === '.') return true;
  if (!/[*?[]/.test(s)) return file === s || file.startsWith(`${s}/`);
  const pattern = globToRegExp(s);
  const parts = file.split('/');
  for (let k = 1; k <= parts.length; k++) if (pattern.test(parts.slice(0, k).join('/'))) return true;
  return false;
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function describeFiles(files: readonly string[]): string {
  const first = files[0] ?? '';
  return files.length === 1 ? `the weight file ${first}` : `${files.length} weight files (${first}, …)`;
}

function dockerignoreFix(title: string, files: readonly string[]): FindingFix {
  const extensions = [...new Set(files.map((f) => WEIGHT_FILE.exec(f)?.[1]?.toLowerCase()).filter((e) => e !== undefined))].sort();
  const patterns = [...extensions.map((e) => `**/*.${e}`), ...files.filter((f) => !WEIGHT_FILE.test(f))];
  const newText = ['# Model weights: mount them at run time instead of copying them into the image', ...patterns, ''].join('\n');
  return { title, edits: [{ file: '.dockerignore', range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 }, newText }] };
}
