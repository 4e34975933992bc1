// The answers Berth pre-selects from what detection found, so that accepting every default gives a good result.
import { inspectEntryPoint } from './inspectEntryPoint';
import { profiles } from './profiles';
import type { ProjectDetection, ScaffoldOptions } from './scaffoldTypes';
import { suggestAccelerator } from './suggestAccelerator';
import { suggestProfile } from './suggestProfile';

export const DEFAULT_PYTHON = '3.11';

/** A compose project and image name: lower case, digits and dashes, starting with a letter. */
export function projectNameFrom(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+/g, '-')
    .replace(/-$/, '')
    .slice(0, 50)
    .replace(/-$/, '');
  return name || 'model-server';
}

export function defaultScaffoldOptions(detection: ProjectDetection, folderName: string, entryPointText?: string): ScaffoldOptions {
  const profile = suggestProfile(detection);
  const spec = profiles[profile];
  const accelerator = spec.gpu === 'required' ? 'gpu' : suggestAccelerator(detection);
  // pip and uv install from requirements files and pyproject.toml; a conda environment.yml gets a requirements.txt.
  const requirementsFile = detection.requirementFiles.find((f) => f.endsWith('.txt') || f.endsWith('pyproject.toml'));
  return {
    profile,
    accelerator,
    platform: 'linux/amd64',
    weights: 'volume',
    port: spec.defaultPort,
    python: detection.python?.version ?? DEFAULT_PYTHON,
    projectName: projectNameFrom(folderName),
    entryPoint: spec.kind === 'python' ? detection.entryPoint : undefined,
    ...(spec.kind === 'python' && detection.entryPoint && entryPointText !== undefined ? { entryPointApp: inspectEntryPoint(entryPointText) } : {}),
    requirementsFile: spec.kind === 'python' ? requirementsFile : undefined,
    requirements: detection.requirements,
    modelFiles: detection.modelFiles,
    gpus: { count: 1 },
  };
}
