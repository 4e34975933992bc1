// berth/gpu-framework-on-cpu-base and berth/devel-base-in-final-stage: what the image that runs is built on, against what
// the build installs into it.
import { cudaImages } from '../../scaffold/compat/cudaImages';
import { cudaBaseImage } from '../../scaffold/compat/cudaBaseImage';
import type { FindingFix } from '../finding';
import { baseImageKind } from './baseImageKind';
import { findingRange, type DockerfileCheck } from './dockerfileCheck';
import { parseImageReference } from './parseImageReference';
import type { PythonPin } from './readPythonPins';
import { rootStage } from './readDockerfile';

const CPU_BASE = 'berth/gpu-framework-on-cpu-base';
const DEVEL = 'berth/devel-base-in-final-stage';

export function checkFinalBase(check: DockerfileCheck): void {
  const final = check.model.stages[check.model.stages.length - 1];
  if (!final) return;
  const root = rootStage(final);
  if (root.image === undefined) return;
  const ref = parseImageReference(root.image);
  const kind = baseImageKind(ref);
  const range = findingRange(final.from.getImageRange() ?? final.from.getRange());
  if (kind.kind === 'cpu' && check.enabled(CPU_BASE)) {
    const platform = root.from.getPlatformFlag()?.getValue() ?? '';
    const reasons = gpuOnlyReasons(check.pins().pins, check.pins().torchIndexVariants, platform.includes('arm64'));
    if (reasons.length > 0) {
      const shown = reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; and ${reasons.length - 3} more` : '');
      check.report(CPU_BASE, `${root.image} has no CUDA, but ${shown}`, range);
    }
  }
  const devel = (kind.kind === 'cuda' && kind.flavor === 'devel') || (kind.kind === 'gpu' && kind.devel);
  if (devel && check.enabled(DEVEL)) {
    const runtime = runtimeTag(ref.repository, ref.tag ?? '', kind.kind === 'cuda' ? kind : undefined);
    const suggestion = runtime === undefined ? 'a runtime image' : `${ref.registry === undefined ? '' : `${ref.registry}/`}${ref.repository}:${runtime}`;
    const message =
      final === root
        ? `The final stage runs on ${root.image}, a devel image (compilers and headers, gigabytes the server never uses) — compile in a build stage and run on ${suggestion}`
        : `The final stage builds on stage "${root.name ?? root.index}", which runs on the devel image ${root.image} — run on ${suggestion} and copy the build results in`;
    const tagRange = root.from.getImageTagRange();
    const fixes: FindingFix[] =
      final === root && runtime !== undefined && tagRange && !root.imageHasVariables && ref.digest === undefined
        ? [{ title: `Use ${suggestion}`, edits: [{ range: findingRange(tagRange), newText: runtime }] }]
        : [];
    check.report(DEVEL, message, range, fixes);
  }
}

/** The runtime sibling of a devel tag, when one is known to exist. */
function runtimeTag(repository: string, tag: string, cuda: Extract<ReturnType<typeof baseImageKind>, { kind: 'cuda' }> | undefined): string | undefined {
  if (repository === 'nvidia/cuda') {
    const sibling = tag.replace('-devel', '-runtime');
    if (cudaImages.some((r) => r.tag === sibling)) return sibling;
    if (!cuda) return undefined;
    const found =
      (cuda.ubuntu !== undefined ? cudaBaseImage(cuda.cuda, { flavor: 'runtime', cudnn: cuda.cudnn !== undefined, ubuntu: cuda.ubuntu }) : undefined) ??
      cudaBaseImage(cuda.cuda, { flavor: 'runtime', cudnn: cuda.cudnn !== undefined });
    return found?.image.slice(found.image.indexOf(':') + 1);
  }
  // pytorch/pytorch publishes every -devel tag with a -runtime twin.
  if (repository === 'pytorch/pytorch' && tag.endsWith('-devel')) return `${tag.slice(0, -'-devel'.length)}-runtime`;
  return undefined;
}

const GPU_ONLY_PACKAGES: readonly [RegExp, string][] = [
  [/^onnxruntime-gpu$/, 'onnxruntime-gpu is the CUDA build (use onnxruntime on CPU)'],
  [/^tensorflow-gpu$/, 'tensorflow-gpu is the CUDA build (use tensorflow-cpu)'],
  [/^paddlepaddle-gpu$/, 'paddlepaddle-gpu needs CUDA (use paddlepaddle)'],
  [/^cupy-cuda\d+x?$/, 'cupy-cuda* needs CUDA'],
  [/^nvidia-[a-z0-9-]+-cu\d+$/, 'nvidia-*-cu* wheels are CUDA libraries'],
  [/^vllm$/, 'vllm is built for CUDA GPUs'],
  [/^flash-attn$/, 'flash-attn needs a CUDA GPU'],
  [/^xformers$/, 'xformers ships CUDA kernels'],
  [/^tensorrt(?:-[a-z0-9-]+)?$/, 'TensorRT needs a CUDA GPU'],
];

function gpuOnlyReasons(pins: readonly PythonPin[], indexVariants: ReadonlySet<string>, arm64: boolean): string[] {
  const reasons: string[] = [];
  const seen = new Set<string>();
  const add = (key: string, reason: string): void => {
    if (!seen.has(key)) {
      seen.add(key);
      reasons.push(reason);
    }
  };
  for (const pin of pins) {
    const where = ` (${pin.origin})`;
    for (const [pattern, reason] of GPU_ONLY_PACKAGES) if (pattern.test(pin.name)) add(pin.name, `${reason}${where}`);
    if (pin.name === 'tensorflow' && pin.extras.includes('and-cuda')) add('tensorflow[and-cuda]', `tensorflow[and-cuda] installs CUDA from pip${where}`);
    if ((pin.name === 'jax' || pin.name === 'jaxlib') && pin.extras.some((e) => e.startsWith('cuda'))) add('jax', `jax[cuda] installs CUDA from pip${where}`);
    if (pin.variant?.startsWith('cu') === true) add(`${pin.name}+${pin.variant}`, `${pin.name}+${pin.variant} is a CUDA wheel${where}`);
  }
  for (const v of indexVariants) if (v.startsWith('cu')) add(`index-${v}`, `torch comes from the ${v} (CUDA) index`);
  const torch = pins.find((p) => p.name === 'torch');
  const cpuWheel = indexVariants.has('cpu') || pins.some((p) => p.name === 'torch' && p.variant === 'cpu');
  const cudaWheel = [...indexVariants].some((v) => v.startsWith('cu')) || pins.some((p) => p.name === 'torch' && p.variant?.startsWith('cu') === true);
  if (torch && !cpuWheel && !cudaWheel && !arm64) {
    add('torch-pypi', `torch from PyPI is its CUDA build on linux/amd64 (about 2.5 GB of nvidia-* wheels; ${torch.origin}) — install it from https://download.pytorch.org/whl/cpu`);
  }
  return reasons;
}
