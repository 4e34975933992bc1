// The Dockerfile's security rules: root at run time, moving base tags, secrets in ENV/ARG, unverified downloads (ADD of
// a URL, curl | sh).
import { Add, Arg, Cmd, Entrypoint, Env, Run, User, type Instruction } from 'dockerfile-ast';
import { isSecretName } from '../isSecretName';
import type { FindingRange } from '../finding';
import { findingRange, type DockerfileCheck } from './dockerfileCheck';
import { parseImageReference } from './parseImageReference';
import { rootStage, type DockerStage } from './readDockerfile';

const ROOT = 'berth/runs-as-root';
const UNPINNED = 'berth/unpinned-base-image';
const SECRET_ENV = 'berth/secret-in-env';
const SECRET_ARG = 'berth/secret-in-arg';
const ADD_URL = 'berth/add-url';
const CURL_SH = 'berth/curl-pipe-shell';

/** The uid:gid the quick fix switches to: unprivileged, and free in every common base image. */
const FIX_USER = '10001:10001';

export function checkSecurity(check: DockerfileCheck): void {
  if (check.enabled(ROOT)) checkUser(check);
  if (check.enabled(UNPINNED)) checkTags(check);
  const secrets = check.enabled(SECRET_ENV) || check.enabled(SECRET_ARG);
  const addUrl = check.enabled(ADD_URL);
  const curlSh = check.enabled(CURL_SH);
  if (!secrets && !addUrl && !curlSh) return;
  const pipeToShell = curlSh ? pipeToShellPattern(check.model.escapeChar) : undefined;
  for (const instruction of check.model.instructions) {
    if (secrets && (instruction instanceof Env || instruction instanceof Arg)) checkSecret(check, instruction);
    else if (addUrl && instruction instanceof Add) checkAddUrl(check, instruction);
    else if (pipeToShell && instruction instanceof Run) checkPipeToShell(check, instruction, pipeToShell);
  }
}

function checkUser(check: DockerfileCheck): void {
  const final = check.model.stages[check.model.stages.length - 1];
  if (!final) return;
  let user: { instruction: User; stage: DockerStage; value: string } | undefined;
  for (let stage: DockerStage | undefined = final; stage && !user; stage = stage.parent) {
    for (let i = stage.instructions.length - 1; i >= 0; i--) {
      const instruction = stage.instructions[i];
      if (instruction instanceof User) {
        user = { instruction, stage, value: instruction.getArguments()[0]?.getValue() ?? '' };
        break;
      }
    }
  }
  if (user) {
    if (user.value.includes('$')) return;
    const name = user.value.split(':')[0] ?? '';
    if (name !== 'root' && name !== '0') return;
  } else {
    const image = rootStage(final).image;
    if (image === undefined) return;
    // Images built to run unprivileged say so in their tag (distroless `:nonroot`, Chainguard).
    const ref = parseImageReference(image);
    if ((ref.tag ?? '').includes('nonroot') || ref.registry === 'cgr.dev') return;
  }
  const starts = final.instructions.filter((i) => i instanceof Cmd || i instanceof Entrypoint);
  const afterRoot = user?.stage === final ? starts.filter((i) => i.getRange().start.line > user.instruction.getRange().start.line) : starts;
  const range = user ? findingRange(user.instruction.getRange()) : findingRange((starts[starts.length - 1] ?? final.from).getInstructionRange());
  const message = user
    ? `The server runs as root (USER ${user.value} is the last USER) — switch to an unprivileged user before CMD`
    : 'No USER: the server runs as root — create a user and switch to it before CMD';
  check.report(ROOT, message, range, [{ title: `Run as ${FIX_USER} (add USER before CMD)`, edits: [insertUser(check, final, afterRoot[0])] }]);
}

function insertUser(check: DockerfileCheck, final: DockerStage, before: Instruction | undefined): { range: FindingRange; newText: string } {
  if (before) {
    const line = before.getRange().start.line;
    return { range: { startLine: line, startColumn: 0, endLine: line, endColumn: 0 }, newText: `USER ${FIX_USER}\n` };
  }
  const last = final.instructions[final.instructions.length - 1] ?? final.from;
  const endLine = last.getRange().end.line;
  if (endLine + 1 < check.model.lines.length) {
    return { range: { startLine: endLine + 1, startColumn: 0, endLine: endLine + 1, endColumn: 0 }, newText: `USER ${FIX_USER}\n` };
  }
  const column = (check.model.lines[endLine] ?? '').length;
  return { range: { startLine: endLine, startColumn: column, endLine, endColumn: column }, newText: `\nUSER ${FIX_USER}` };
}

function checkTags(check: DockerfileCheck): void {
  for (const stage of check.model.stages) {
    if (stage.parent || stage.image === undefined) continue;
    const ref = parseImageReference(stage.image);
    if (ref.registry === undefined && ref.repository === 'scratch') continue;
    if (ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== 'latest')) continue;
    const what = ref.tag === undefined ? `${stage.image} has no tag, so it means :latest,` : `${stage.image} uses :latest,`;
    const message = `${what} which moves: the next build may get another CUDA, Python or OS — pin a version tag or a digest`;
    check.report(UNPINNED, message, findingRange(stage.from.getImageRange() ?? stage.from.getRange()));
  }
}

function checkSecret(check: DockerfileCheck, instruction: Env | Arg): void {
  if (instruction instanceof Env) {
    if (!check.enabled(SECRET_ENV)) return;
    for (const property of instruction.getProperties()) {
      const name = property.getName();
      const value = property.getValue() ?? '';
      if (value === '' || !isSecretName(name)) continue;
      const fromArg = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value);
      const message = fromArg
        ? `ENV ${name}=${value} copies a build argument into the image config, where anyone who pulls the image reads it — pass ${name} at run time`
        : `ENV ${name} writes a secret into the image config, where anyone who pulls the image reads it — pass it at run time (compose environment from .env, or secrets)`;
      check.report(SECRET_ENV, message, findingRange(property.getRange()));
    }
    return;
  }
  if (!check.enabled(SECRET_ARG)) return;
  const property = instruction.getProperty();
  if (!property || !isSecretName(property.getName())) return;
  const name = property.getName();
  const withDefault = (property.getValue() ?? '') !== '' ? ', and its default value is in the Dockerfile' : '';
  const message = `ARG ${name}: build arguments used by RUN are recorded in the image history${withDefault} — use a secret mount: RUN --mount=type=secret,id=${name.toLowerCase()},env=${name} …`;
  check.report(SECRET_ARG, message, findingRange(property.getRange()));
}

function checkAddUrl(check: DockerfileCheck, instruction: Add): void {
  if (instruction.getFlags().some((f) => f.getName().toLowerCase() === 'checksum')) return;
  const json = instruction.getJSONStrings();
  const args = json.length > 0 ? json.map((j) => ({ value: j.getJSONValue(), range: j.getRange() })) : instruction.getArguments().map((a) => ({ value: a.getValue(), range: a.getRange() }));
  for (const arg of args.slice(0, -1)) {
    if (!/^https?:\/\//i.test(arg.value)) continue;
    const message = `ADD ${arg.value} downloads whatever the server sends at build time, unverified — add --checksum=sha256:… or download with RUN and check the hash`;
    check.report(ADD_URL, message, findingRange(arg.range));
  }
}

/** `curl … | sh`, `wget -O- … | bash`, `sh -c "$(curl …)"`, `bash <(curl …)`; line continuations allowed anywhere. */
function pipeToShellPattern(escapeChar: string): RegExp {
  const esc = escapeChar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const cont = `${esc}\\r?\\n`;
  const shell = '(?:/usr)?(?:/bin/)?(?:ba|z|da|k)?sh\\b|\\bpython[0-9.]*\\b';
  const download = '\\b(?:curl|wget)\\b';
  const piped = `${download}(?:[^|;&\\n${esc}]|${esc}[^\\r\\n]|${cont})*\\|(?:[ \\t]|${cont})*(?:sudo(?:[ \\t]+-\\S+)*[ \\t]+)?(?:${shell})`;
  const substituted = `\\b(?:ba|z|da)?sh[ \\t]+(?:-c[ \\t]+)?["']?(?:\\$\\(|<\\()[ \\t]*${download}`;
  return new RegExp(`${piped}|${substituted}`);
}

function checkPipeToShell(check: DockerfileCheck, instruction: Run, pattern: RegExp): void {
  const text = instruction.getTextContent();
  if (!text.includes('curl') && !text.includes('wget')) return;
  const m = pattern.exec(text);
  if (!m) return;
  const start = instruction.getRange().start;
  const from = positionIn(text, m.index, start.line, start.character);
  const to = positionIn(text, m.index + m[0].length, start.line, start.character);
  const range: FindingRange = { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
  const message = 'A download piped into a shell runs unreviewed code at build time, and a different script on the next build — download to a file, check its sha256, then run it';
  check.report(CURL_SH, message, range);
}

/** The position of `offset` in an instruction's text that starts at line:column. */
function positionIn(text: string, offset: number, line: number, column: number): { line: number; column: number } {
  let l = line;
  let c = column;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      l++;
      c = 0;
    } else c++;
  }
  return { line: l, column: c };
}
