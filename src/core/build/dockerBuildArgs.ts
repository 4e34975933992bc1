// The docker CLI's argument vector for a build: one array element per argument, every value glued to its flag
// (`--tag=x`), the context after `--`. Nothing is ever joined into a command line, so no value can become a flag
// or a shell word; the options are checked first and a bad one throws before anything runs.
import * as path from 'node:path';
import { BuildInputError, buildOptionProblems, type BuildOptions } from './buildOptions';

export interface CliBuildCapabilities {
  /** `docker buildx` is installed: build with BuildKit and plain progress; otherwise the classic builder. */
  readonly buildx: boolean;
}

export function dockerBuildArgs(options: BuildOptions, cli: CliBuildCapabilities): string[] {
  const problems = buildOptionProblems(options);
  if (problems.length > 0) throw new BuildInputError(problems);
  const context = path.resolve(options.context);
  // BuildKit's plain progress names steps and failing Dockerfile lines, which parseBuildFailure reads.
  const args = cli.buildx ? ['buildx', 'build', '--load', '--progress=plain'] : ['build'];
  args.push(`--file=${path.resolve(context, options.dockerfile ?? 'Dockerfile')}`);
  for (const tag of options.tags ?? []) args.push(`--tag=${tag}`);
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) args.push(`--build-arg=${name}=${value}`);
  for (const [key, value] of Object.entries(options.labels ?? {})) args.push(`--label=${key}=${value}`);
  if (options.target !== undefined) args.push(`--target=${options.target}`);
  if (options.platform !== undefined) args.push(`--platform=${options.platform}`);
  if (options.network !== undefined) args.push(`--network=${options.network}`);
  if (options.noCache) args.push('--no-cache');
  if (options.pull) args.push('--pull');
  args.push('--', context);
  return args;
}
