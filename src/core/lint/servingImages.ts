// Model-serving images that define no HEALTHCHECK of their own: a Dockerfile built on one, or a compose service running
// one, needs its own health check (berth/no-healthcheck, berth/compose-no-healthcheck).
export const SERVING_IMAGES: ReadonlySet<string> = new Set([
  'vllm/vllm-openai',
  'nvidia/tritonserver',
  'ollama/ollama',
  'tensorflow/serving',
  'huggingface/text-generation-inference',
  'pytorch/torchserve',
]);
