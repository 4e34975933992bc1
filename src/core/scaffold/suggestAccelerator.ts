// Guesses whether a detected project wants a GPU image or a CPU one, from the packages and models it carries.

import type { Accelerator, ProjectDetection } from './scaffoldTypes';

/**
 * GPU when a package only makes sense with CUDA (onnxruntime-gpu, vLLM, `tensorflow[and-cuda]`, a `+cu121` torch pin,
 * Triton); CPU when the project chose a CPU build (onnxruntime, a `+cpu` torch pin, tensorflow-cpu); torch or
 * transformers alone mean GPU, as that is what they are deployed for; otherwise CPU.
 */
export function suggestAccelerator(detection: ProjectDetection): Accelerator {
  const find = (name: string) => detection.requirements.find((r) => r.name === name);
  const requires = (name: string): boolean => find(name) !== undefined;
  const torch = find('torch');
  const tensorflow = find('tensorflow');

  if (
    requires('onnxruntime-gpu') ||
    requires('vllm') ||
    requires('tensorflow-gpu') ||
    requires('pytorch-cuda') ||
    (tensorflow?.extras.includes('and-cuda') ?? false) ||
    /\+cu\d+/.test(torch?.specifier ?? '') ||
    requires('tritonclient') ||
    detection.modelFiles.some((m) => m.kind === 'triton-repository')
  ) {
    return 'gpu';
  }
  if (/\+cpu\b/.test(torch?.specifier ?? '') || requires('onnxruntime') || requires('tensorflow-cpu') || requires('cpuonly')) return 'cpu';
  if (torch !== undefined || requires('transformers')) return 'gpu';
  return 'cpu';
}
