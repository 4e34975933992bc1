// The shared vocabulary of scaffolding: what detection finds in a folder, what the compatibility tables resolve,
// and the plain options object the renderers turn into files.

/** Where a fact came from, for diagnostics and for the reasons shown to the user. */
export interface SourceRef {
  /** Path relative to the project root, '/'-separated. */
  readonly file: string;
  /** 1-based line, when the fact comes from one line. */
  readonly line?: number;
}

/** One Python requirement as written by the user: `torch==2.4.1`, `transformers>=4.40,<5`, `vllm`. */
export interface PythonRequirement {
  /** Normalised per PEP 503: lower case, runs of `-_.` become `-` (`onnxruntime-gpu`, `uvicorn`). */
  readonly name: string;
  /** The version specifier as written, without spaces (`==2.4.1`, `>=4.40,<5`), or '' when unpinned. */
  readonly specifier: string;
  readonly extras: readonly string[];
  readonly source: SourceRef;
}

export type ModelFileKind = 'safetensors' | 'bin' | 'pt' | 'onnx' | 'gguf' | 'triton-repository' | 'tf-saved-model';

export interface ModelFile {
  /** Relative path; for `triton-repository` and `tf-saved-model` the folder. */
  readonly path: string;
  readonly kind: ModelFileKind;
  readonly bytes: number;
}

export interface DetectedPython {
  /** major.minor, e.g. '3.11'. */
  readonly version: string;
  readonly source: SourceRef;
}

export interface ProjectDetection {
  /** Requirement files read, relative paths (`requirements.txt`, `pyproject.toml`, `environment.yml`). */
  readonly requirementFiles: readonly string[];
  /** Every requirement found, first occurrence wins per name. */
  readonly requirements: readonly PythonRequirement[];
  /** `app.py`, `main.py`, `serve.py`, … relative path, when one exists. */
  readonly entryPoint: string | undefined;
  readonly modelFiles: readonly ModelFile[];
  readonly python: DetectedPython | undefined;
  /** Things the user should know: unreadable files, unparsable lines, a walk cut short. Never thrown. */
  readonly warnings: readonly string[];
  /** True when the walk stopped at its file or time limit. */
  readonly truncated: boolean;
  readonly filesSeen: number;
}

export type ProfileId = 'python-server' | 'pytorch' | 'transformers' | 'vllm' | 'onnxruntime' | 'triton' | 'ollama' | 'tf-serving';
export type Accelerator = 'gpu' | 'cpu';
export type TargetPlatform = 'linux/amd64' | 'linux/arm64';
export type WeightsSource = 'volume' | 'baked';

/** An nvidia/cuda image tag that exists. */
export interface CudaBaseImage {
  /** Full reference, e.g. `nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04`. */
  readonly image: string;
  /** Full CUDA version of the tag, e.g. '12.4.1'. */
  readonly cuda: string;
  /** cuDNN major in the tag ('8', '9'), or undefined for a tag without cuDNN. */
  readonly cudnn: string | undefined;
  readonly flavor: 'base' | 'runtime' | 'devel';
  readonly ubuntu: string;
}

/** The torch build to install, and the base it runs on. */
export interface TorchChoice {
  /** e.g. '2.4.1' */
  readonly torch: string;
  readonly torchvision: string | undefined;
  readonly torchaudio: string | undefined;
  /** Wheel variant: 'cu124', 'cu118', 'cpu'. */
  readonly variant: string;
  /** CUDA major.minor of the wheel, undefined for cpu. */
  readonly cuda: string | undefined;
  /** pip --index-url for the variant, e.g. https://download.pytorch.org/whl/cu124 */
  readonly indexUrl: string;
  readonly pythons: readonly string[];
}

export interface TensorflowChoice {
  readonly tensorflow: string;
  /** pip requirement, e.g. `tensorflow[and-cuda]==2.17.0` or `tensorflow-cpu==2.17.0`. */
  readonly pipRequirement: string;
  readonly cuda: string | undefined;
  readonly cudnn: string | undefined;
  readonly pythons: readonly string[];
}

/** A resolution that worked, or a clear reason it did not plus the sensible fallback that was taken. */
export interface Resolution<T> {
  readonly choice: T;
  /** Human-readable reasons, in order ("torch==2.4.1 pinned in requirements.txt:1", "newest CUDA wheel: cu124"). */
  readonly reasons: readonly string[];
  /** Set when the user's input could not be honoured as written; the choice is then the fallback. */
  readonly problem?: string;
}

/** What kind of server an existing entry point starts, so the container runs it the way it expects. */
export interface EntryPointApp {
  readonly framework: 'fastapi' | 'flask' | 'script';
  /** Module-level variable holding the app (`app`), for uvicorn/gunicorn; undefined for scripts. */
  readonly variable: string | undefined;
}

/** Everything a renderer needs; a plain object so that code (and tests) can call the renderers directly. */
export interface ScaffoldOptions {
  readonly profile: ProfileId;
  readonly accelerator: Accelerator;
  readonly platform: TargetPlatform;
  readonly weights: WeightsSource;
  readonly port: number;
  /** Python major.minor for Python-based profiles. */
  readonly python: string;
  /** Lower-case DNS-safe name for the service and image (`sentiment-api`). */
  readonly projectName: string;
  /** Existing entry point to run (`app.py`); undefined: Berth writes a minimal serving app. */
  readonly entryPoint: string | undefined;
  /** How the existing entry point serves, read from its text (see inspectEntryPoint). */
  readonly entryPointApp?: EntryPointApp;
  /** Existing requirement file to install from; undefined: Berth writes requirements for the profile. */
  readonly requirementsFile: string | undefined;
  /** Requirements detected in the project, used to pin framework versions. */
  readonly requirements: readonly PythonRequirement[];
  /** Model files found (relative paths): copied into the image only when weights === 'baked'. */
  readonly modelFiles: readonly ModelFile[];
  /** GPU selection for the compose GPU override: a count, or explicit device ids. */
  readonly gpus: { readonly count: number } | { readonly deviceIds: readonly string[] };
}
