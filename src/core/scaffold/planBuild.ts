// Decides the bases and installs of the image: the framework's wheel and the CUDA base always match, and an
// unpinned framework gets the pin that matches the base. Never throws on user input: problems are reported.
import type { BuildPlan, FrameworkInstall } from './buildPlanTypes';
import { cudaBaseImage } from './compat/cudaBaseImage';
import { resolveTensorflow } from './compat/resolveTensorflow';
import { resolveTorch } from './compat/resolveTorch';
import { profiles } from './profiles';
import { pythonPackagePin } from './pythonPackagePin';
import type { ScaffoldOptions } from './scaffoldTypes';
import { servingImage, servingImageRef } from './servingImage';

/** CUDA 13 wheels need a 580-series driver: Berth picks CUDA 12 builds unless the project pins otherwise. */
export const PREFERRED_CUDA_MAJOR = 12;
/** onnxruntime-gpu 1.20 wheels on PyPI are built for CUDA 12.x with cuDNN 9. */
const ONNXRUNTIME_CUDA = '12.4';
/** A Python profile with no GPU framework pinned still gets a CUDA runtime for libraries that load it. */
const DEFAULT_CUDA = '12.4';

type Framework = 'torch' | 'tensorflow' | 'onnxruntime';

function frameworkOf(options: ScaffoldOptions): Framework | undefined {
  const names = new Set(options.requirements.map((r) => r.name));
  if (names.has('torch')) return 'torch';
  if (names.has('tensorflow') || names.has('tensorflow-cpu')) return 'tensorflow';
  if (names.has('onnxruntime') || names.has('onnxruntime-gpu')) return 'onnxruntime';
  return profiles[options.profile].framework;
}

function requirement(options: ScaffoldOptions, ...names: string[]) {
  return options.requirements.find((r) => names.includes(r.name));
}

function withSource(id: string): string {
  const row = servingImage(id);
  return `${servingImageRef(id)} (${row.source}, ${row.date})`;
}

export function planBuild(options: ScaffoldOptions): BuildPlan {
  const spec = profiles[options.profile];
  const gpu = options.accelerator === 'gpu';
  const reasons: string[] = [];
  const problems: string[] = [];

  if (spec.kind === 'image') {
    const id = options.profile;
    if (spec.gpu === 'required' && !gpu) problems.push(`${spec.label} runs only on an NVIDIA GPU: the image is the GPU build`);
    const row = servingImage(id);
    if (!row.platforms.includes(options.platform)) problems.push(`${row.image} publishes no ${options.platform} image (only ${row.platforms.join(', ')})`);
    const image = servingImageRef(id, { gpu });
    reasons.push(`Serving image ${image} (${row.source}, ${row.date}).`);
    return { runtimeBase: image, buildBase: image, managedPython: false, python: options.python, frameworkInstall: undefined, generatedRequirements: undefined, reasons, problems };
  }

  let python = options.python;
  let cudaImage: string | undefined;
  let frameworkInstall: FrameworkInstall | undefined;
  const pins = new Map<string, string>();
  const framework = frameworkOf(options);

  if (framework === 'torch') {
    const torchReq = requirement(options, 'torch');
    const r = resolveTorch({ ...(torchReq ? { requirement: torchReq } : {}), python, accelerator: options.accelerator, preferCudaMajor: PREFERRED_CUDA_MAJOR });
    reasons.push(...r.reasons);
    if (r.problem) problems.push(r.problem);
    python = r.choice.python;
    cudaImage = r.choice.base?.image;
    const t = r.choice.torch;
    const install = [`torch==${t.torch}`];
    // torchvision/torchaudio must come from the same build as torch, or pip replaces torch with PyPI's.
    if (requirement(options, 'torchvision') && t.torchvision) install.push(`torchvision==${t.torchvision}`);
    if (requirement(options, 'torchaudio') && t.torchaudio) install.push(`torchaudio==${t.torchaudio}`);
    frameworkInstall = { indexUrl: t.indexUrl.includes('pypi.org') ? undefined : t.indexUrl, requirements: install };
    pins.set('torch', `torch==${t.torch}`);
  } else if (framework === 'tensorflow') {
    const tfReq = requirement(options, 'tensorflow', 'tensorflow-cpu');
    const r = resolveTensorflow({ ...(tfReq ? { requirement: tfReq } : {}), python, accelerator: options.accelerator });
    reasons.push(...r.reasons);
    if (r.problem) problems.push(r.problem);
    python = r.choice.python;
    cudaImage = r.choice.base?.image;
    frameworkInstall = { indexUrl: undefined, requirements: [r.choice.tensorflow.pipRequirement] };
    pins.set('tensorflow', r.choice.tensorflow.pipRequirement);
  } else if (framework === 'onnxruntime') {
    const wanted = gpu ? 'onnxruntime-gpu' : 'onnxruntime';
    const other = gpu ? 'onnxruntime' : 'onnxruntime-gpu';
    if (requirement(options, other) && !requirement(options, wanted)) {
      problems.push(`${options.requirementsFile ?? 'the requirements'} ask for ${other}, but ${gpu ? 'GPU' : 'CPU'} was chosen: replace it with ${wanted} (both install the same onnxruntime module)`);
    }
    const pin = pythonPackagePin(wanted);
    if (pin) pins.set('onnxruntime', pin);
    if (gpu) {
      const base = cudaBaseImage(ONNXRUNTIME_CUDA, { flavor: 'runtime', cudnn: true });
      cudaImage = base?.image;
      reasons.push(`${wanted} is built for CUDA 12.x with cuDNN 9: base ${base?.image ?? '?'}`);
    }
  }

  if (gpu && !cudaImage) {
    const base = cudaBaseImage(DEFAULT_CUDA, { flavor: 'runtime', cudnn: true });
    cudaImage = base?.image;
    reasons.push(`No GPU framework pinned: CUDA ${DEFAULT_CUDA} runtime base ${cudaImage ?? '?'} for libraries that load CUDA themselves`);
  }

  if (gpu && options.platform === 'linux/arm64') {
    problems.push('linux/arm64 with a GPU: the nvidia/cuda arm64 (SBSA) base suits Grace and Ampere servers; Jetson boards need NVIDIA L4T images (l4t-pytorch, l4t-jetpack) instead');
  }

  const pythonImage = servingImageRef('python', { python });
  const runtimeBase = cudaImage ?? pythonImage;
  if (!cudaImage) reasons.push(`Base ${withSource('python').replace(servingImageRef('python'), pythonImage)}`);
  if (cudaImage) reasons.push(`uv ${servingImage('uv').tag ?? ''} installs CPython ${python}: CUDA images have no Python`);

  let generatedRequirements: string[] | undefined;
  if (!options.requirementsFile) {
    generatedRequirements = spec.packages.map((name) => {
      if (name === 'torch') return pins.get('torch') ?? 'torch';
      if (name === 'onnxruntime') return pins.get('onnxruntime') ?? 'onnxruntime';
      return pythonPackagePin(name) ?? name;
    });
    if (framework === 'tensorflow' && !spec.packages.includes('tensorflow')) generatedRequirements.unshift(pins.get('tensorflow') ?? 'tensorflow');
  }

  return { runtimeBase, buildBase: runtimeBase, managedPython: cudaImage !== undefined, python, frameworkInstall, generatedRequirements, reasons, problems };
}
