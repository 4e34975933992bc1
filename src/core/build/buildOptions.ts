// What one image build asks for (the fields of a `berth-build` task), and the checks every way of building runs
// before anything starts: a bad tag, target, platform or path is refused with a message, never passed on.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { checkBuildTag, printable } from './parseImageReference';

export interface BuildOptions {
  /** The build context folder (absolute, or relative to the process's working folder). */
  readonly context: string;
  /** The Dockerfile: absolute, or relative to the context; default `<context>/Dockerfile`. It may lie outside the context. */
  readonly dockerfile?: string;
  readonly tags?: readonly string[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** A stage name of a multi-stage Dockerfile. */
  readonly target?: string;
  /** `os/arch[/variant]`, e.g. `linux/amd64`. */
  readonly platform?: string;
  /** The network of RUN steps (`--network`): `default`, `none`, `host` or a network's name. */
  readonly network?: string;
  readonly noCache?: boolean;
  readonly pull?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

export class BuildInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? (problems[0] ?? '') : `The build cannot start:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'BuildInputError';
  }
}

const STAGE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/u;
const PLATFORM = /^[a-z0-9_]+(?:\/[a-z0-9_]+(?:\/[a-z0-9_.]+)?)?$/u;
const NETWORK = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/u;
const ARG_NAME = /^[^\s=\\"'`$]+$/u;
const LABEL_KEY = /^[^\s=]+$/u;

/** Every problem of the options that needs no disk access; empty when they are fine. */
export function buildOptionProblems(options: BuildOptions): string[] {
  const problems: string[] = [];
  const text = (label: string, value: string) => {
    if (value.includes('\0')) problems.push(`${label} contains a NUL character.`);
  };
  if (!options.context.trim()) problems.push('The build context folder is empty: name the folder to build.');
  text('The context path', options.context);
  if (options.dockerfile !== undefined) {
    if (!options.dockerfile.trim()) problems.push('The Dockerfile path is empty.');
    if (options.dockerfile === '-') problems.push('A Dockerfile from standard input ("-") is not supported: name a file.');
    text('The Dockerfile path', options.dockerfile);
  }
  for (const tag of options.tags ?? []) {
    const problem = checkBuildTag(tag);
    if (problem) problems.push(problem);
  }
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) {
    if (!ARG_NAME.test(name)) problems.push(`"${printable(name)}" is not a build argument name (no spaces, quotes, $, \\ or =).`);
    text(`The build argument ${printable(name)}`, value);
  }
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    if (!LABEL_KEY.test(key)) problems.push(`"${printable(key)}" is not a label key (no spaces or =).`);
    text(`The label ${printable(key)}`, value);
  }
  if (options.target !== undefined && !STAGE_NAME.test(options.target)) {
    problems.push(`"${printable(options.target)}" is not a stage name: it starts with a letter and holds letters, digits, _ . or -.`);
  }
  if (options.platform !== undefined && !PLATFORM.test(options.platform)) {
    problems.push(`"${printable(options.platform)}" is not a platform: write os/arch[/variant], e.g. linux/amd64 or linux/arm64.`);
  }
  if (options.network !== undefined && !NETWORK.test(options.network)) {
    problems.push(`"${printable(options.network)}" is not a network: use default, none, host or a network's name.`);
  }
  return problems;
}

export interface CheckedBuild {
  readonly contextDir: string;
  readonly dockerfilePath: string;
  readonly dockerfileText: string;
  /** The Dockerfile relative to the context, or undefined when it lies outside it. */
  readonly dockerfileInContext: string | undefined;
}

/** The option checks, then the files: the context must be a folder and the Dockerfile a readable file. */
export async function checkBuild(options: BuildOptions): Promise<CheckedBuild> {
  const problems = buildOptionProblems(options);
  if (problems.length > 0) throw new BuildInputError(problems);
  const contextDir = path.resolve(options.context);
  const dockerfilePath = path.resolve(contextDir, options.dockerfile ?? 'Dockerfile');
  const contextStat = await stat(contextDir).catch(() => undefined);
  if (!contextStat) throw new BuildInputError([`The build context folder ${contextDir} does not exist.`]);
  if (!contextStat.isDirectory()) throw new BuildInputError([`The build context ${contextDir} is not a folder.`]);
  const dockerfileStat = await stat(dockerfilePath).catch(() => undefined);
  if (!dockerfileStat) throw new BuildInputError([`The Dockerfile ${dockerfilePath} does not exist: create it, or pick another one.`]);
  if (!dockerfileStat.isFile()) throw new BuildInputError([`The Dockerfile ${dockerfilePath} is not a file.`]);
  try {
    await access(dockerfilePath, constants.R_OK);
  } catch {
    throw new BuildInputError([`The Dockerfile ${dockerfilePath} cannot be read (permissions).`]);
  }
  const dockerfileText = await readFile(dockerfilePath, 'utf8');
  const relative = path.relative(contextDir, dockerfilePath);
  const inContext = relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  return { contextDir, dockerfilePath, dockerfileText, dockerfileInContext: inContext ? relative.split(path.sep).join('/') : undefined };
}
