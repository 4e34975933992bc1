// The model-serving profiles Berth scaffolds, and what each needs: how it runs, on which port, with what GPU.
import type { ProfileId } from './scaffoldTypes';

export interface ProfileSpec {
  readonly id: ProfileId;
  readonly label: string;
  readonly description: string;
  /** `python`: Berth builds a Python image from the project; `image`: Berth extends a serving image. */
  readonly kind: 'python' | 'image';
  readonly defaultPort: number;
  /** Extra ports the server opens (gRPC, metrics), published only on 127.0.0.1 like the main one. */
  readonly extraPorts: readonly number[];
  /** `required`: the server cannot run without a GPU (vLLM); `optional`: runs on CPU, faster on GPU. */
  readonly gpu: 'required' | 'optional';
  /** The deep-learning framework whose wheel must match the CUDA base. */
  readonly framework: 'torch' | 'tensorflow' | 'onnxruntime' | undefined;
  /** Packages a generated requirements.txt holds (pins from data/pythonPackages.json and compat/). */
  readonly packages: readonly string[];
  /** Where the weights live in the container. */
  readonly modelMount: string;
  /** Shared memory the server needs: PyTorch data loaders and vLLM's workers use /dev/shm. */
  readonly shmSize: string | undefined;
  /** HTTP path answering 200 when the server is ready, when the server has one. */
  readonly healthPath: string | undefined;
}

export const profiles: Readonly<Record<ProfileId, ProfileSpec>> = {
  'python-server': {
    id: 'python-server',
    label: 'Custom Python model server',
    description: 'Your app.py (FastAPI, Flask or a script) with requirements.txt; the model read from AI_MODEL_PATH',
    kind: 'python',
    defaultPort: 5000,
    extraPorts: [],
    gpu: 'optional',
    framework: undefined,
    packages: ['fastapi', 'uvicorn', 'pydantic'],
    modelMount: '/models',
    shmSize: undefined,
    healthPath: '/health',
  },
  pytorch: {
    id: 'pytorch',
    label: 'PyTorch',
    description: 'A torch model behind FastAPI; the CUDA base matches the torch wheel',
    kind: 'python',
    defaultPort: 5000,
    extraPorts: [],
    gpu: 'optional',
    framework: 'torch',
    packages: ['torch', 'fastapi', 'uvicorn', 'pydantic'],
    modelMount: '/models',
    shmSize: '2gb',
    healthPath: '/health',
  },
  transformers: {
    id: 'transformers',
    label: 'Hugging Face Transformers',
    description: 'A transformers pipeline behind FastAPI, HF_HOME on a volume',
    kind: 'python',
    defaultPort: 5000,
    extraPorts: [],
    gpu: 'optional',
    framework: 'torch',
    packages: ['torch', 'transformers', 'fastapi', 'uvicorn', 'pydantic'],
    modelMount: '/models',
    shmSize: '2gb',
    healthPath: '/health',
  },
  vllm: {
    id: 'vllm',
    label: 'vLLM (OpenAI-compatible server)',
    description: 'vllm/vllm-openai serving the model in /models on an OpenAI-compatible API; needs an NVIDIA GPU',
    kind: 'image',
    defaultPort: 8000,
    extraPorts: [],
    gpu: 'required',
    framework: undefined,
    packages: [],
    modelMount: '/models',
    shmSize: '8gb',
    healthPath: '/health',
  },
  onnxruntime: {
    id: 'onnxruntime',
    label: 'ONNX Runtime',
    description: 'An ONNX model behind FastAPI; onnxruntime on CPU, onnxruntime-gpu on a CUDA 12 + cuDNN 9 base',
    kind: 'python',
    defaultPort: 5000,
    extraPorts: [],
    gpu: 'optional',
    framework: 'onnxruntime',
    packages: ['onnxruntime', 'fastapi', 'uvicorn', 'pydantic'],
    modelMount: '/models',
    shmSize: undefined,
    healthPath: '/health',
  },
  triton: {
    id: 'triton',
    label: 'NVIDIA Triton Inference Server',
    description: 'tritonserver over the model repository in /models (HTTP 8000, gRPC 8001, metrics 8002)',
    kind: 'image',
    defaultPort: 8000,
    extraPorts: [8001, 8002],
    gpu: 'optional',
    framework: undefined,
    packages: [],
    modelMount: '/models',
    shmSize: '1gb',
    healthPath: '/v2/health/ready',
  },
  ollama: {
    id: 'ollama',
    label: 'Ollama',
    description: 'ollama serve on 11434, models kept on a volume, GGUF files mounted at /models',
    kind: 'image',
    defaultPort: 11434,
    extraPorts: [],
    gpu: 'optional',
    framework: undefined,
    packages: [],
    modelMount: '/models',
    shmSize: undefined,
    healthPath: undefined,
  },
  'tf-serving': {
    id: 'tf-serving',
    label: 'TensorFlow Serving',
    description: 'tensorflow/serving over a SavedModel in /models/<name>/<version> (REST 8501, gRPC 8500)',
    kind: 'image',
    defaultPort: 8501,
    extraPorts: [8500],
    gpu: 'optional',
    framework: undefined,
    packages: [],
    modelMount: '/models',
    shmSize: undefined,
    healthPath: undefined,
  },
};

export const profileOrder: readonly ProfileId[] = ['python-server', 'pytorch', 'transformers', 'vllm', 'onnxruntime', 'triton', 'ollama', 'tf-serving'];
