// What a base image brings for GPU work, read from its name and tag: a known CUDA version (nvidia/cuda, pytorch/pytorch),
// CUDA of an unknown version (NGC, TF -gpu, vLLM, Ollama), none (python, distros), or unknown (anything else).
import type { ImageReference } from './parseImageReference';

export type BaseImageKind =
  | {
      readonly kind: 'cuda';
      /** As written in the tag: '12.4.1' or '12.4'. */
      readonly cuda: string;
      readonly flavor: 'base' | 'runtime' | 'devel';
      /** cuDNN major ('8', '9'); '9' for nvidia/cuda's unnumbered `cudnn` tags; undefined without cuDNN. */
      readonly cudnn: string | undefined;
      /** Ubuntu version of an nvidia/cuda tag. */
      readonly ubuntu: string | undefined;
      readonly family: 'nvidia/cuda' | 'pytorch/pytorch';
    }
  | { readonly kind: 'gpu'; readonly devel: boolean }
  | { readonly kind: 'cpu' }
  | { readonly kind: 'scratch' }
  | { readonly kind: 'unknown' };

/** Docker Official Images and others that never carry CUDA. */
const CPU_REPOSITORIES = new Set([
  'python',
  'debian',
  'ubuntu',
  'alpine',
  'busybox',
  'fedora',
  'centos',
  'rockylinux',
  'almalinux',
  'amazonlinux',
  'node',
  'golang',
  'rust',
  'eclipse-temurin',
  'continuumio/miniconda3',
  'mambaorg/micromamba',
]);

const GPU_REPOSITORIES = new Set(['vllm/vllm-openai', 'ollama/ollama', 'huggingface/text-generation-inference', 'nvidia/tritonserver']);

export function baseImageKind(ref: ImageReference): BaseImageKind {
  const { registry, repository } = ref;
  const tag = (ref.tag ?? '').toLowerCase();
  if (registry === undefined && repository === 'scratch') return { kind: 'scratch' };
  const nvidiaCuda = repository === 'nvidia/cuda' && (registry === undefined || registry === 'nvcr.io');
  if (nvidiaCuda) {
    const m = /^(\d+\.\d+(?:\.\d+)?)-(?:(cudnn\d*)-)?(base|runtime|devel)(?:-(.*))?$/.exec(tag);
    if (m?.[1] !== undefined && m[3] !== undefined) {
      const cudnn = m[2] === undefined ? undefined : m[2] === 'cudnn' ? '9' : m[2].slice('cudnn'.length);
      const ubuntu = /^ubuntu(\d+\.\d+)$/.exec(m[4] ?? '')?.[1];
      return { kind: 'cuda', cuda: m[1], flavor: m[3] as 'base' | 'runtime' | 'devel', cudnn, ubuntu, family: 'nvidia/cuda' };
    }
    return { kind: 'gpu', devel: tag.includes('devel') };
  }
  if (registry === undefined && repository === 'pytorch/pytorch') {
    const m = /-cuda(\d+\.\d+)(?:-cudnn(\d+))?-(runtime|devel)$/.exec(tag);
    if (m?.[1] !== undefined && m[3] !== undefined) {
      return { kind: 'cuda', cuda: m[1], flavor: m[3] as 'runtime' | 'devel', cudnn: m[2], ubuntu: undefined, family: 'pytorch/pytorch' };
    }
    return { kind: 'unknown' };
  }
  if (registry === 'nvcr.io' && repository.startsWith('nvidia/')) return { kind: 'gpu', devel: tag.includes('devel') };
  if (registry === undefined && (repository === 'tensorflow/tensorflow' || repository === 'tensorflow/serving')) {
    return tag.includes('gpu') ? { kind: 'gpu', devel: tag.includes('devel') } : { kind: 'cpu' };
  }
  if (registry === 'ghcr.io' && repository === 'huggingface/text-generation-inference') return { kind: 'gpu', devel: false };
  if (registry === undefined && GPU_REPOSITORIES.has(repository)) return { kind: 'gpu', devel: false };
  if (registry === undefined && CPU_REPOSITORIES.has(repository)) return { kind: 'cpu' };
  return { kind: 'unknown' };
}
