// Parses a Dockerfile with dockerfile-ast into what the rules look at: the instructions, split into build stages, each
// stage's base image with global ARG defaults substituted, and the stage it builds on.
import { Arg, DockerfileParser, From, type Dockerfile, type Instruction } from 'dockerfile-ast';

export interface DockerStage {
  readonly index: number;
  readonly from: From;
  /** The `AS` name, lower case. */
  readonly name: string | undefined;
  /** The FROM image with global ARG defaults substituted; undefined when a variable has no value to substitute. */
  readonly image: string | undefined;
  /** True when the image is written with variables (a quick fix would overwrite them). */
  readonly imageHasVariables: boolean;
  /** The earlier stage this one builds on (`FROM build AS runtime`). */
  readonly parent: DockerStage | undefined;
  /** The stage's instructions after its FROM. */
  readonly instructions: readonly Instruction[];
}

export interface DockerfileModel {
  readonly lines: readonly string[];
  readonly dockerfile: Dockerfile;
  readonly instructions: readonly Instruction[];
  readonly stages: readonly DockerStage[];
  readonly escapeChar: string;
}

export function readDockerfile(text: string): DockerfileModel {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const globals = new Map<string, string>();
  const stages: DockerStage[] = [];
  let current: { from: From; instructions: Instruction[] } | undefined;
  const close = (): void => {
    if (current) stages.push(makeStage(stages, current.from, current.instructions, globals));
  };
  for (const instruction of instructions) {
    if (instruction instanceof From) {
      close();
      current = { from: instruction, instructions: [] };
    } else if (current) {
      current.instructions.push(instruction);
    } else if (instruction instanceof Arg) {
      const property = instruction.getProperty();
      const value = property?.getValue();
      if (property && value !== null && value !== undefined) globals.set(property.getName(), value);
    }
  }
  close();
  return { lines: text.split(/\r\n|\r|\n/), dockerfile, instructions, stages, escapeChar: dockerfile.getEscapeCharacter() };
}

function makeStage(earlier: readonly DockerStage[], from: From, instructions: Instruction[], globals: ReadonlyMap<string, string>): DockerStage {
  const raw = from.getImage() ?? '';
  const imageHasVariables = raw.includes('$');
  const image = raw === '' ? undefined : imageHasVariables ? substitute(raw, globals) : raw;
  const lower = image?.toLowerCase();
  // A FROM naming an earlier stage builds on it; the latest stage of that name wins, as in BuildKit.
  let parent: DockerStage | undefined;
  for (const s of earlier) if (s.name !== undefined && s.name === lower) parent = s;
  return { index: earlier.length, from, name: from.getBuildStage()?.toLowerCase(), image, imageHasVariables, parent, instructions };
}

/** `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`; undefined when a variable has no value. */
function substitute(text: string, vars: ReadonlyMap<string, string>): string | undefined {
  const missing: string[] = [];
  const out = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced?: string, op?: string, word?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const value = vars.get(name);
    const empty = value === undefined || (op?.startsWith(':') === true && value === '');
    if (op === ':+' || op === '+') return empty ? '' : (word ?? '');
    if (op === ':-' || op === '-') return empty ? (word ?? '') : value;
    if (value === undefined) missing.push(name);
    return value ?? '';
  });
  return missing.length > 0 || out.includes('$') ? undefined : out;
}

/** The stage whose FROM names an image rather than another stage. */
export function rootStage(stage: DockerStage): DockerStage {
  let s = stage;
  while (s.parent) s = s.parent;
  return s;
}
