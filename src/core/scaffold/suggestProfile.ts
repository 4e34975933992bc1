// Picks the serving profile a detected project most likely wants; the user can still choose another one.

import type { ProfileId, ProjectDetection } from './scaffoldTypes';

/**
 * The first rule that matches wins, most specific serving stack first: a dedicated server (vLLM, Triton, TF Serving,
 * Ollama) beats a framework, because the project would not carry its files or requirement otherwise.
 */
export function suggestProfile(detection: ProjectDetection): ProfileId {
  const requires = (name: string): boolean => detection.requirements.some((r) => r.name === name);
  const hasModel = (kind: string): boolean => detection.modelFiles.some((m) => m.kind === kind);
  const hasEntryPoint = detection.entryPoint !== undefined;

  if (requires('vllm')) return 'vllm';
  if (hasModel('triton-repository') || requires('tritonclient')) return 'triton';
  // With its own entry point the project serves the SavedModel itself; without one, TF Serving is the server.
  if (hasModel('tf-saved-model') && !hasEntryPoint) return 'tf-serving';
  if (hasModel('gguf') && (!hasEntryPoint || requires('ollama'))) return 'ollama';
  if (requires('onnxruntime') || requires('onnxruntime-gpu') || (hasModel('onnx') && !requires('torch'))) return 'onnxruntime';
  if (requires('transformers')) return 'transformers';
  if (requires('torch')) return 'pytorch';
  return 'python-server';
}
