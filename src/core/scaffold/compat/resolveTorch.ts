// Resolves the torch wheel to install, and the nvidia/cuda base it runs on, from the project's torch requirement,
// its Python and the accelerator (Cog's rules). Never throws on user input: what it cannot honour becomes a problem.
import { compare, filter, validRange } from '@renovatebot/pep440';
import type { Accelerator, CudaBaseImage, PythonRequirement, Resolution, TorchChoice } from '../scaffoldTypes';
import { cudaBaseImage } from './cudaBaseImage';
import { pickPython } from './pickPython';
import { pythonMajorMinor } from './pythonMajorMinor';
import { requirementOrigin } from './requirementOrigin';
import { torchChoice } from './torchChoice';
import { torchWheels, type TorchWheel } from './torchWheels';

export interface ResolveTorchInput {
  /** The project's torch requirement; absent or '' specifier: unpinned. */
  readonly requirement?: PythonRequirement;
  /** The project's Python, major.minor. */
  readonly python: string;
  readonly accelerator: Accelerator;
  /**
   * Prefer CUDA wheels of at most this major (12): a CUDA 13 wheel needs an NVIDIA driver of the 580 series or newer,
   * which many GPU hosts do not have yet. Used when the pin leaves a choice; a pinned variant always wins.
   */
  readonly preferCudaMajor?: number;
}

export interface TorchResolution {
  readonly torch: TorchChoice;
  /** runtime + cuDNN nvidia/cuda image for the wheel's CUDA; undefined for the cpu wheel. */
  readonly base: CudaBaseImage | undefined;
  /** The Python to build with: the input's, or the nearest one the chosen torch has wheels for. */
  readonly python: string;
}

const runtimeBase = (cuda: string) => cudaBaseImage(cuda, { flavor: 'runtime', cudnn: true });

function newestFirst(versions: Iterable<string>): string[] {
  return [...new Set(versions)].sort((a, b) => compare(b, a));
}

export function resolveTorch(input: ResolveTorchInput): Resolution<TorchResolution> {
  const gpu = input.accelerator === 'gpu';
  const kind = gpu ? 'CUDA wheel' : 'CPU wheel';
  const reasons: string[] = [];
  const problems: string[] = [];
  const { requirement } = input;

  let spec = requirement?.specifier.trim() ?? '';
  reasons.push(requirement ? requirementOrigin(requirement) : 'torch is not pinned');
  // `torch==2.4.1+cu121` pins a variant too; PEP 440 matching would reject every public version against it.
  let wantedVariant: string | undefined;
  const local = /^===?([^+,=]+)\+([A-Za-z0-9]+)$/.exec(spec);
  if (local?.[1] !== undefined && local[2] !== undefined) {
    spec = `==${local[1]}`;
    wantedVariant = local[2].toLowerCase();
  }
  if (spec !== '' && !validRange(spec)) {
    problems.push(`"torch${spec}" is not a PEP 440 version specifier; ignoring it`);
    spec = '';
  }

  // A GPU wheel is only usable where nvidia/cuda publishes a runtime+cuDNN image of its CUDA (not so for cu102).
  const usable = torchWheels.filter((r) => (gpu ? r.cuda !== null && runtimeBase(r.cuda) !== undefined : r.cuda === null));
  const cudaMajor = (r: TorchWheel): number => Number((r.cuda ?? '0').split('.')[0]);
  const withinCap = (r: TorchWheel): boolean => !gpu || input.preferCudaMajor === undefined || cudaMajor(r) <= input.preferCudaMajor;
  const versions = newestFirst(usable.map((r) => r.torch));
  const cappedVersions = newestFirst(usable.filter(withinCap).map((r) => r.torch));
  let matching = spec === '' ? (cappedVersions.length > 0 ? cappedVersions : versions) : newestFirst(filter(versions, spec));
  if (spec === '' && gpu && input.preferCudaMajor !== undefined && cappedVersions.length > 0 && cappedVersions[0] !== versions[0]) {
    reasons.push(`torch ${versions[0] ?? '?'} skipped: its CUDA ${input.preferCudaMajor + 1} wheels need an NVIDIA driver of the 580 series or newer; pin torch to choose it`);
  }
  if (spec !== '' && matching.length === 0) {
    const known = newestFirst(torchWheels.map((r) => r.torch));
    const exists = filter(known, spec).length > 0;
    const table = `Berth's table: torch ${known[known.length - 1] ?? '?'} to ${known[0] ?? '?'}, as of ${torchWheels[0]?.date ?? '?'}`;
    problems.push(
      exists
        ? `torch${spec} has no ${gpu ? 'CUDA wheel with an nvidia/cuda runtime+cuDNN image' : 'CPU wheel'}; using the newest torch that has one`
        : `torch${spec} matches no torch release (${table}); using the newest torch instead`,
    );
    matching = versions;
    spec = '';
  }

  const wanted = pythonMajorMinor(input.python);
  const pythonsOf = (version: string) =>
    [...new Set(usable.filter((r) => r.torch === version).flatMap((r) => r.pythons))].sort((a, b) => compare(a, b));
  const version = matching.find((v) => pythonsOf(v).includes(wanted)) ?? matching[0];
  if (version === undefined) throw new Error(`torchWheels.json holds no ${kind}`);
  const picked = pickPython(`torch ${version}`, wanted, pythonsOf(version));
  if (picked.problem !== undefined) problems.push(picked.problem);
  if (spec === '') reasons.push(`torch ${version}: the newest release with a ${kind} for Python ${picked.python}`);
  else if (matching.length > 1) reasons.push(`torch ${version}: the newest release matching ${spec} with a ${kind} for Python ${picked.python}`);

  const variantsOf = torchWheels.filter((r) => r.torch === version).map((r) => r.variant);
  reasons.push(`torch ${version} has wheels ${variantsOf.join(', ')}`);
  // Ascending CUDA (the table's order), so the last is the newest.
  const candidates = usable.filter((r) => r.torch === version && r.pythons.includes(picked.python));
  const preferred = candidates.filter(withinCap);
  let row = preferred[preferred.length - 1] ?? candidates[candidates.length - 1];
  const capped = gpu && preferred.length > 0 && preferred.length < candidates.length && wantedVariant === undefined;
  if (capped) {
    reasons.push(`CUDA ${input.preferCudaMajor ?? '?'} wheel preferred over ${candidates[candidates.length - 1]?.variant ?? '?'}: newer CUDA majors need a newer NVIDIA driver`);
  }
  if (row === undefined) throw new Error(`torchWheels.json: torch ${version} lost its ${kind}`);
  if (gpu) {
    const skipped = torchWheels.filter((r) => r.torch === version && r.cuda !== null && !usable.includes(r));
    for (const s of skipped) reasons.push(`${s.variant} skipped: nvidia/cuda has no runtime+cuDNN image for CUDA ${s.cuda ?? '?'}`);
  }
  if (wantedVariant !== undefined) {
    const asked = candidates.find((r) => r.variant === wantedVariant);
    if (asked) {
      row = asked;
      reasons.push(`variant ${asked.variant} pinned`);
    } else {
      problems.push(`torch ${version}+${wantedVariant} is not a ${kind} for Python ${picked.python}; using ${row.variant}`);
    }
  } else {
    reasons.push(gpu ? `${capped ? `newest CUDA ${input.preferCudaMajor ?? '?'} wheel` : 'newest CUDA wheel'}: ${row.variant}` : 'CPU wheel: cpu');
  }
  reasons.push(`pip index: ${row.indexUrl}`);

  const base = row.cuda === null ? undefined : runtimeBase(row.cuda);
  if (base) {
    reasons.push(`base image ${base.image}: newest CUDA ${row.cuda ?? '?'} patch with cuDNN ${base.cudnn ?? '?'}, Ubuntu ${base.ubuntu}`);
  } else {
    reasons.push('no CUDA base image: the cpu wheel needs none');
  }

  return {
    choice: { torch: torchChoice(row), base, python: picked.python },
    reasons,
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}
