// berth/cuda-torch-mismatch and berth/cuda-tensorflow-mismatch: the CUDA of each nvidia/cuda (or pytorch/pytorch) base
// against the CUDA builds of the torch or TensorFlow version the project pins, from the scaffolding's compatibility tables.
import { compare, filter, validRange } from '@renovatebot/pep440';
import { cudaBaseImage } from '../../scaffold/compat/cudaBaseImage';
import { tensorflowBuilds, type TensorflowBuild } from '../../scaffold/compat/tensorflowBuilds';
import { torchWheels } from '../../scaffold/compat/torchWheels';
import type { CudaBaseImage } from '../../scaffold/scaffoldTypes';
import type { FindingFix } from '../finding';
import { baseImageKind, type BaseImageKind } from './baseImageKind';
import { findingRange, type DockerfileCheck } from './dockerfileCheck';
import { parseImageReference } from './parseImageReference';
import type { PythonPin } from './readPythonPins';
import type { DockerStage } from './readDockerfile';

type CudaBase = Extract<BaseImageKind, { kind: 'cuda' }>;

const TORCH = 'berth/cuda-torch-mismatch';
const TENSORFLOW = 'berth/cuda-tensorflow-mismatch';

export function checkCudaMatch(check: DockerfileCheck): void {
  const torchOn = check.enabled(TORCH);
  const tfOn = check.enabled(TENSORFLOW);
  if (!torchOn && !tfOn) return;
  const cudaStages: { stage: DockerStage; base: CudaBase }[] = [];
  for (const stage of check.model.stages) {
    if (stage.parent || stage.image === undefined) continue;
    const base = baseImageKind(parseImageReference(stage.image));
    if (base.kind === 'cuda') cudaStages.push({ stage, base });
  }
  if (cudaStages.length === 0) return;
  const pins = check.pins();
  const torch = torchOn ? torchFacts(pins.pins, pins.torchIndexVariants) : undefined;
  const tensorflow = tfOn ? tensorflowFacts(pins.pins) : undefined;
  for (const { stage, base } of cudaStages) {
    if (torch) checkTorch(check, stage, base, torch);
    if (tensorflow) checkTensorflow(check, stage, base, tensorflow);
  }
}

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** `cu124` → '12.4', `cu130` → '13.0', `cu102` → '10.2'; undefined for cpu, rocm, xpu. */
function variantCuda(variant: string): string | undefined {
  const m = /^cu(\d+)(\d)$/.exec(variant);
  return m?.[1] !== undefined && m[2] !== undefined ? `${Number(m[1])}.${m[2]}` : undefined;
}

const newestFirst = (versions: Iterable<string>): string[] => [...new Set(versions)].sort((a, b) => compare(b, a));
const byCudaDescending = (a: string, b: string): number => compare(b, a);

/** Versions from `candidates` that satisfy every specifier; undefined when a specifier is not PEP 440. */
function matchingVersions(candidates: readonly string[], specifiers: readonly string[]): string[] | undefined {
  let versions = [...candidates];
  for (const spec of specifiers) {
    if (!validRange(spec)) return undefined;
    versions = filter(versions, spec);
  }
  return versions;
}

/** The tag to put on the base: same flavor, cuDNN and Ubuntu as the current one where nvidia/cuda publishes that. */
function replacementBase(cuda: string, base: CudaBase, flavor = base.flavor, cudnn = base.cudnn !== undefined): CudaBaseImage | undefined {
  return (
    (base.ubuntu !== undefined ? cudaBaseImage(cuda, { flavor, cudnn, ubuntu: base.ubuntu }) : undefined) ??
    cudaBaseImage(cuda, { flavor, cudnn }) ??
    cudaBaseImage(cuda, { flavor: 'runtime', cudnn: true })
  );
}

function tagFix(stage: DockerStage, base: CudaBase, image: CudaBaseImage | undefined): FindingFix[] {
  const tagRange = stage.from.getImageTagRange();
  if (!image || base.family !== 'nvidia/cuda' || stage.imageHasVariables || !tagRange) return [];
  const tag = image.image.slice(image.image.indexOf(':') + 1);
  return [{ title: `Use ${image.image}`, edits: [{ range: findingRange(tagRange), newText: tag }] }];
}

/** nvidia/cuda tags are known; for pytorch/pytorch Berth has no tag table, so it names the CUDA to look for. */
function useAdvice(base: CudaBase, replacement: CudaBaseImage | undefined, cuda: string): string {
  if (base.family === 'pytorch/pytorch') return `use a pytorch/pytorch tag built with CUDA ${cuda}`;
  return replacement ? `use ${replacement.image}` : `use a CUDA ${cuda} base`;
}

function imageRange(stage: DockerStage): ReturnType<typeof findingRange> {
  return findingRange(stage.from.getImageRange() ?? stage.from.getRange());
}

function pinLabel(pins: readonly PythonPin[]): string {
  const origins = [...new Set(pins.map((p) => p.origin))];
  return origins.length > 0 ? ` (${origins.slice(0, 2).join(', ')}${origins.length > 2 ? ', …' : ''})` : '';
}

interface TorchFacts {
  readonly pins: readonly PythonPin[];
  readonly specs: readonly string[];
  /** Wheel variants the build names (`+cu121` pins, download.pytorch.org indexes). */
  readonly variants: ReadonlySet<string>;
  /** Releases in Berth's table matching every pin, newest first; never empty. */
  readonly versions: readonly string[];
  readonly newest: string;
  /** CUDA of every wheel of those releases, highest first. */
  readonly cudas: readonly string[];
}

/** What the pins say about torch, read once per lint (every CUDA stage is compared with it). */
function torchFacts(allPins: readonly PythonPin[], indexVariants: ReadonlySet<string>): TorchFacts | undefined {
  const pins = allPins.filter((p) => p.name === 'torch');
  if (pins.length === 0) return undefined;
  const specs = [...new Set(pins.map((p) => p.specifier).filter((s) => s !== ''))];
  const variants = new Set([...pins.map((p) => p.variant).filter((v) => v !== undefined), ...indexVariants]);
  // Unpinned torch from PyPI: the build takes whatever release is newest that day, so there is nothing to compare yet.
  if (specs.length === 0 && variants.size === 0) return undefined;
  if ([...variants].some((v) => v.startsWith('rocm') || v === 'xpu')) return undefined;
  const versions = newestFirst(matchingVersions([...new Set(torchWheels.map((r) => r.torch))], specs) ?? []);
  const newest = versions[0];
  // A release newer than Berth's table (or a pin that matches none) says nothing about CUDA.
  if (newest === undefined) return undefined;
  const cudas = [...new Set(torchWheels.filter((r) => r.cuda !== null && versions.includes(r.torch)).map((r) => r.cuda ?? ''))].sort(byCudaDescending);
  return { pins, specs, variants, versions, newest, cudas };
}

function checkTorch(check: DockerfileCheck, stage: DockerStage, base: CudaBase, facts: TorchFacts): void {
  const { newest, variants, cudas, specs } = facts;
  const baseCuda = majorMinor(base.cuda);
  const label = facts.versions.length === 1 ? `torch ${newest}` : `torch${specs.join(',')} (newest ${newest})`;
  const where = pinLabel(facts.pins);

  if (variants.size > 0) {
    const variantCudas = [...variants].map(variantCuda);
    if (variantCudas.includes(baseCuda)) return;
    const named = [...variants].sort().join('/');
    const baseIndex = `https://download.pytorch.org/whl/cu${baseCuda.replace('.', '')}`;
    const target = variantCudas.filter((c) => c !== undefined).sort(byCudaDescending)[0];
    if (target === undefined) {
      const message = `${label}${where} installs the ${named} wheel, which uses no CUDA, on a CUDA ${baseCuda} base: the GPU is never used — install from ${baseIndex} or build on a CPU base`;
      check.report(TORCH, message, imageRange(stage));
      return;
    }
    const replacement = replacementBase(target, base);
    const otherIndex = torchWheels.some((r) => r.torch === newest && r.cuda === baseCuda) ? ` or install from ${baseIndex}` : '';
    const message = `${label}${where} installs the ${named} wheel (CUDA ${target}); this base has CUDA ${baseCuda} — ${useAdvice(base, replacement, target)}${otherIndex}`;
    check.report(TORCH, message, imageRange(stage), tagFix(stage, base, replacement));
    return;
  }

  if (cudas.length === 0 || cudas.includes(baseCuda)) return;
  // Aim at the newest release's wheels, in the base's CUDA major when it has one (a 12.x base stays on 12.x).
  const newestCudas = [...new Set(torchWheels.filter((r) => r.torch === newest && r.cuda !== null).map((r) => r.cuda ?? ''))].sort(byCudaDescending);
  const baseMajor = baseCuda.split('.')[0];
  const target = newestCudas.find((c) => c.split('.')[0] === baseMajor) ?? newestCudas.find((c) => Number(c.split('.')[0]) <= 12) ?? newestCudas[0];
  const replacement = target === undefined ? undefined : replacementBase(target, base);
  const withBaseCuda = newestFirst(torchWheels.filter((r) => r.cuda === baseCuda).map((r) => r.torch));
  let pinAdvice = '';
  const oldestWith = withBaseCuda[withBaseCuda.length - 1];
  const newestWith = withBaseCuda[0];
  if (oldestWith !== undefined && newestWith !== undefined) {
    pinAdvice = compare(oldestWith, newest) > 0 ? ` or pin torch>=${oldestWith}` : ` or pin torch==${newestWith}`;
  }
  const shown = cudas.length > 5 ? `${cudas.slice(0, 5).join('/')}/…` : cudas.join('/');
  const use = useAdvice(base, replacement, target ?? cudas[0] ?? '');
  const message = `${label}${where} ships CUDA ${shown} wheels; this base has CUDA ${baseCuda} — ${use}${pinAdvice}`;
  check.report(TORCH, message, imageRange(stage), tagFix(stage, base, replacement));
}

interface TensorflowFacts {
  readonly pins: readonly PythonPin[];
  readonly specs: readonly string[];
  /** Tested builds matching every pin, newest first; never empty. */
  readonly builds: readonly TensorflowBuild[];
}

function tensorflowFacts(allPins: readonly PythonPin[]): TensorflowFacts | undefined {
  const pins = allPins.filter((p) => p.name === 'tensorflow' || p.name === 'tensorflow-gpu');
  const specs = [...new Set(pins.map((p) => p.specifier).filter((s) => s !== ''))];
  if (specs.length === 0) return undefined;
  // The table holds one tested build per minor release; a patch pin shares its minor's build, as the scaffolding reads it.
  const builds = tensorflowBuilds
    .filter((b) =>
      specs.every((spec) => {
        const exact = /^===?(\d+(?:\.\d+)*)$/.exec(spec)?.[1];
        if (exact !== undefined) return majorMinor(exact) === majorMinor(b.tensorflow);
        return validRange(spec) && filter([b.tensorflow], spec).length > 0;
      }),
    )
    .sort((a, b) => compare(b.tensorflow, a.tensorflow));
  return builds.length > 0 ? { pins, specs, builds } : undefined;
}

function checkTensorflow(check: DockerfileCheck, stage: DockerStage, base: CudaBase, facts: TensorflowFacts): void {
  const { pins, specs, builds } = facts;
  const build = builds[0];
  if (build === undefined) return;
  const baseCuda = majorMinor(base.cuda);
  const cudas = [...new Set(builds.map((b) => b.cuda))].sort(byCudaDescending);
  if (cudas.includes(baseCuda)) return;
  // tensorflow[and-cuda] brings CUDA and cuDNN from pip, so the plain base tag is enough; older builds load them from the image.
  const andCuda = build.gpuExtra === 'and-cuda';
  const flavor = base.flavor === 'devel' ? 'devel' : andCuda ? 'base' : 'runtime';
  const replacement = replacementBase(build.cuda, base, flavor, !andCuda);
  const exactPin = specs.length === 1 ? /^===?(\d+(?:\.\d+)*)$/.exec(specs[0] ?? '')?.[1] : undefined;
  const label = exactPin !== undefined ? `tensorflow ${exactPin}` : builds.length === 1 ? `tensorflow ${build.tensorflow}` : `tensorflow${specs.join(',')} (newest ${build.tensorflow})`;
  const use = useAdvice(base, replacement, build.cuda);
  const message = `${label}${pinLabel(pins)} is built with CUDA ${cudas.join('/')} and cuDNN ${build.cudnn}; this base has CUDA ${baseCuda} — ${use}`;
  check.report(TENSORFLOW, message, imageRange(stage), tagFix(stage, base, replacement));
}
