// Resolves the TensorFlow package to install, and the nvidia/cuda base it runs on, from the project's tensorflow
// requirement, its Python and the accelerator. Never throws on user input: what it cannot honour becomes a problem.
import { compare, filter, validRange } from '@renovatebot/pep440';
import type { Accelerator, CudaBaseImage, PythonRequirement, Resolution, TensorflowChoice } from '../scaffoldTypes';
import { cudaBaseImage } from './cudaBaseImage';
import { pickPython } from './pickPython';
import { pythonMajorMinor } from './pythonMajorMinor';
import { requirementOrigin } from './requirementOrigin';
import { tensorflowBuilds, type TensorflowBuild } from './tensorflowBuilds';

export interface ResolveTensorflowInput {
  /** The project's tensorflow requirement; absent or '' specifier: unpinned. */
  readonly requirement?: PythonRequirement;
  /** The project's Python, major.minor. */
  readonly python: string;
  readonly accelerator: Accelerator;
}

export interface TensorflowResolution {
  readonly tensorflow: TensorflowChoice;
  /** nvidia/cuda image for the build's CUDA; undefined on CPU. */
  readonly base: CudaBaseImage | undefined;
  /** The Python to build with: the input's, or the nearest one the chosen release supports. */
  readonly python: string;
}

const minorOf = (version: string) => version.split('.').slice(0, 2).join('.');

/**
 * The base for a GPU build. `tensorflow[and-cuda]` installs CUDA and cuDNN as pip wheels, so the plain `base` tag
 * suffices and a cuDNN image would only add a second, possibly different cuDNN (12.3 images carry cuDNN 9, TF
 * 2.16/2.17 were built with 8.9). Older releases load CUDA and cuDNN from the image: runtime with cuDNN.
 */
function gpuBase(build: TensorflowBuild): CudaBaseImage | undefined {
  return build.gpuExtra === 'and-cuda'
    ? cudaBaseImage(build.cuda, { flavor: 'base', cudnn: false })
    : cudaBaseImage(build.cuda, { flavor: 'runtime', cudnn: true });
}

export function resolveTensorflow(input: ResolveTensorflowInput): Resolution<TensorflowResolution> {
  const gpu = input.accelerator === 'gpu';
  const reasons: string[] = [];
  const problems: string[] = [];
  const { requirement } = input;
  const builds = [...tensorflowBuilds].sort((a, b) => compare(b.tensorflow, a.tensorflow));

  let spec = requirement?.specifier.trim() ?? '';
  reasons.push(requirement ? requirementOrigin(requirement) : 'tensorflow is not pinned');
  if (spec !== '' && !validRange(spec)) {
    problems.push(`"tensorflow${spec}" is not a PEP 440 version specifier; ignoring it`);
    spec = '';
  }

  // The table holds one tested build per minor release; a patch release shares its minor's build configuration,
  // so an exact pin to a patch the table lacks keeps the user's version.
  let exactVersion: string | undefined;
  const exact = /^===?(\d+(?:\.\d+)*)$/.exec(spec)?.[1];
  let matching = spec === '' ? builds : builds.filter((b) => filter([b.tensorflow], spec).length > 0);
  if (exact !== undefined && matching.length === 0) {
    const sameMinor = builds.filter((b) => minorOf(b.tensorflow) === minorOf(exact));
    if (sameMinor.length > 0) {
      matching = sameMinor;
      exactVersion = exact;
      reasons.push(`TensorFlow's tested builds list ${sameMinor.map((b) => b.tensorflow).join(', ')} for ${minorOf(exact)}; ${exact} shares its build configuration`);
    }
  }
  if (spec !== '' && matching.length === 0) {
    const oldest = builds[builds.length - 1]?.tensorflow ?? '?';
    const newest = builds[0]?.tensorflow ?? '?';
    problems.push(
      `tensorflow${spec} matches no TensorFlow release (Berth's table: ${oldest} to ${newest}, as of ${builds[0]?.date ?? '?'}); using the newest TensorFlow instead`,
    );
    matching = builds;
    spec = '';
  }

  const wanted = pythonMajorMinor(input.python);
  const build = matching.find((b) => b.pythons.includes(wanted)) ?? matching[0];
  if (build === undefined) throw new Error('tensorflowBuilds.json holds no build');
  const version = exactVersion ?? build.tensorflow;
  const picked = pickPython(`tensorflow ${version}`, wanted, build.pythons);
  if (picked.problem !== undefined) problems.push(picked.problem);
  if (spec === '') reasons.push(`tensorflow ${version}: the newest release for Python ${picked.python}`);
  else if (matching.length > 1) reasons.push(`tensorflow ${version}: the newest release matching ${spec} for Python ${picked.python}`);

  let pipRequirement: string;
  let base: CudaBaseImage | undefined;
  if (gpu) {
    reasons.push(`tensorflow ${build.tensorflow} is built with CUDA ${build.cuda} and cuDNN ${build.cudnn}`);
    if (build.gpuExtra === 'and-cuda') {
      pipRequirement = `tensorflow[and-cuda]==${version}`;
      reasons.push(`${pipRequirement}: pip brings CUDA and cuDNN, so the base needs neither`);
    } else {
      pipRequirement = `tensorflow==${version}`;
      reasons.push(`${pipRequirement}: this release loads CUDA and cuDNN from the base image`);
    }
    base = gpuBase(build);
    if (base === undefined) {
      problems.push(`nvidia/cuda has no ${build.gpuExtra === 'and-cuda' ? 'base' : 'runtime+cuDNN'} image for CUDA ${build.cuda}; no GPU base chosen`);
    } else {
      reasons.push(`base image ${base.image}: newest CUDA ${build.cuda} patch, Ubuntu ${base.ubuntu}`);
      if (build.gpuExtra !== 'and-cuda' && base.cudnn !== build.cudnn.split('.')[0]) {
        problems.push(`${base.image} carries cuDNN ${base.cudnn ?? 'none'}, tensorflow ${version} was built with cuDNN ${build.cudnn}`);
      }
    }
  } else {
    pipRequirement = `${build.cpuPackage}==${version}`;
    reasons.push(
      build.cpuPackage === 'tensorflow'
        ? `${pipRequirement}: no CPU-only wheel for this release`
        : `${pipRequirement}: the CPU-only wheel, smaller than tensorflow's CUDA-enabled one`,
    );
    reasons.push('no CUDA base image: the CPU build needs none');
  }

  const tensorflow: TensorflowChoice = {
    tensorflow: version,
    pipRequirement,
    cuda: gpu ? build.cuda : undefined,
    cudnn: gpu ? build.cudnn : undefined,
    pythons: build.pythons,
  };
  return {
    choice: { tensorflow, base, python: picked.python },
    reasons,
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}
