// What the Dockerfile renderer builds from: the bases, how Python and the framework get installed, and why.

export interface FrameworkInstall {
  /** pip index of the framework's build (torch's CUDA variant index); undefined: PyPI. */
  readonly indexUrl: string | undefined;
  /** Requirements installed first, so requirements.txt finds them satisfied (`torch==2.4.1`). */
  readonly requirements: readonly string[];
}

export interface BuildPlan {
  /** Image of the runtime stage (`nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04`, `python:3.11-slim-bookworm`, `vllm/vllm-openai:v0.14.0`). */
  readonly runtimeBase: string;
  /** Image of the build stage, for Python profiles. */
  readonly buildBase: string;
  /** uv installs a standalone Python (CUDA bases have none); else the base image's own Python is used. */
  readonly managedPython: boolean;
  readonly python: string;
  readonly frameworkInstall: FrameworkInstall | undefined;
  /** The lines of a generated requirements.txt when the project has none. */
  readonly generatedRequirements: readonly string[] | undefined;
  /** Why each choice was made, for the Dockerfile's header and the user. */
  readonly reasons: readonly string[];
  /** Inputs that could not be honoured as written, and the fallback taken. */
  readonly problems: readonly string[];
}
