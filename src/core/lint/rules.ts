// The catalogue of lint rules: the one place that names each rule, says why it exists and links its README section.
// The vscode layer builds its settings from it and renderRuleDocs() writes the README section from it.
import type { FindingSeverity } from './finding';

export interface LintRule {
  /** `berth/<name>`; `dockerfile/syntax` stands for every dockerfile-utils check (`dockerfile/<code>`). */
  readonly id: string;
  readonly title: string;
  /** One line: why this matters to someone shipping a model. */
  readonly reason: string;
  /** What to do about it, for the README (a short paragraph, markdown). */
  readonly details: string;
  /** README anchor: `lint-` and the id without `berth/` (`lint-cuda-torch-mismatch`, `lint-dockerfile-syntax`). */
  readonly docsAnchor: string;
  readonly defaultSeverity: FindingSeverity;
  readonly appliesTo: 'dockerfile' | 'compose';
}

type RuleInput = Omit<LintRule, 'docsAnchor'>;

function rule(input: RuleInput): LintRule {
  return { ...input, docsAnchor: `lint-${input.id.replace(/^berth\//, '').replace('/', '-')}` };
}

export const lintRules: readonly LintRule[] = [
  rule({
    id: 'dockerfile/syntax',
    title: 'Dockerfile syntax',
    reason: 'The Docker language server\'s own checks (dockerfile-utils): what `docker build` would reject or warn about.',
    details:
      'Each finding carries the check\'s code, e.g. `dockerfile/unknown-instruction`; turn one off with that id, or all of them with `dockerfile/syntax`.',
    defaultSeverity: 'error',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/cuda-torch-mismatch',
    title: 'CUDA base does not match the torch pin',
    reason: 'A torch wheel is built for one CUDA version; a base of another CUDA ships a second runtime and breaks CUDA extension builds.',
    details:
      'Berth compares the CUDA of each `nvidia/cuda` (or `pytorch/pytorch`) base with the CUDA wheels of the torch version pinned in ' +
      '`requirements.txt`, `pyproject.toml` or a `pip install` in the Dockerfile. Use the base of the wheel\'s CUDA (the quick fix does), ' +
      'or pin a torch release that has a wheel for the base\'s CUDA.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/cuda-tensorflow-mismatch',
    title: 'CUDA base does not match the TensorFlow pin',
    reason: 'Each TensorFlow release is built and tested against one CUDA and cuDNN; another CUDA on the base fails to load or is never used.',
    details:
      'Use the base of the CUDA TensorFlow was built with (the quick fix does): from 2.14 on, `tensorflow[and-cuda]` brings CUDA from pip and the ' +
      'plain `base` tag suffices; older releases need the runtime image with cuDNN.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/gpu-framework-on-cpu-base',
    title: 'GPU framework on a CPU-only base',
    reason: 'A CUDA build of a framework on a base without CUDA adds gigabytes and never uses a GPU (or fails to import).',
    details:
      'Either build on an `nvidia/cuda` base that matches the framework (Berth\'s scaffolding picks one), or install the CPU build: torch from ' +
      '`https://download.pytorch.org/whl/cpu`, `onnxruntime` instead of `onnxruntime-gpu`, `tensorflow-cpu`.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/devel-base-in-final-stage',
    title: '`-devel` base in the final stage',
    reason: 'Devel images carry compilers and headers: gigabytes the server never uses, pulled on every node.',
    details: 'Compile in a `devel` stage and copy the results into a final stage on the matching `runtime` image (the quick fix switches the tag).',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/weights-in-image',
    title: 'Model weights copied into the image',
    reason: 'Weights in a layer make every build, push and pull move gigabytes, and tie the image to one model version.',
    details:
      'Mount the weights at run time (a compose volume, as Berth\'s `compose.yaml` does) and keep them out of the build context with `.dockerignore` ' +
      '(the quick fix adds the patterns). To bake them in on purpose, add `# berth-ignore berth/weights-in-image` above the `COPY`.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/weights-without-dockerignore',
    title: 'Weights in the build context and no `.dockerignore`',
    reason: 'Without a `.dockerignore`, `COPY .` bakes the weights into the image and the classic builder uploads them on every build.',
    details: 'Add a `.dockerignore` that lists the weight files (the quick fix creates one); Berth\'s scaffolding writes a complete one.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/runs-as-root',
    title: 'The server runs as root',
    reason: 'A process escaping a root container is root on the host\'s kernel; a model server needs no root.',
    details:
      'Create a user and switch to it before `CMD` (`USER app`), or at least `USER 10001:10001` (the quick fix). Keep files the server must write ' +
      '(caches, `HF_HOME`) on volumes owned by that user.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/unpinned-base-image',
    title: '`latest` or untagged base image',
    reason: '`latest` moves: the same Dockerfile builds a different CUDA, Python or driver requirement next week.',
    details: 'Pin a tag (`python:3.11-slim-bookworm`, `nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04`) or a digest (`@sha256:…`).',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/secret-in-env',
    title: 'Secret in `ENV`',
    reason: '`ENV` values are stored in the image config: anyone who can pull the image reads the token.',
    details: 'Pass secrets at run time (compose `environment` from `.env`, or compose `secrets`), never in the image.',
    defaultSeverity: 'error',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/secret-in-arg',
    title: 'Secret in `ARG`',
    reason: 'Build arguments used by `RUN` are recorded in the image history (`docker history`).',
    details:
      'Use a BuildKit secret mount: `RUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli download …` and ' +
      '`docker build --secret id=hf_token,env=HF_TOKEN`.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/add-url',
    title: '`ADD` of a URL',
    reason: '`ADD <url>` downloads whatever the server sends today, unverified.',
    details: 'Add `--checksum=sha256:…` (BuildKit), or download with `RUN curl -fsSL … && echo "<sha256>  file" | sha256sum -c`.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/curl-pipe-shell',
    title: '`curl | sh`',
    reason: 'Piping a download into a shell runs unreviewed code as root at build time, and a different script on the next build.',
    details: 'Download to a file, check its checksum, then run it; or use the tool\'s image (`COPY --from=ghcr.io/astral-sh/uv:0.11.7 /uv /usr/local/bin/uv`).',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/no-healthcheck',
    title: 'Model server without `HEALTHCHECK`',
    reason: 'Loading a model takes minutes; without a health check, compose, Swarm and load balancers send requests to a server that is not ready.',
    details:
      'Add `HEALTHCHECK --start-period=120s CMD …` that asks the server\'s readiness endpoint (`/health`, Triton\'s `/v2/health/ready`), with a ' +
      'tool the image has (Python\'s `urllib` when there is no curl). `HEALTHCHECK NONE` says you decided against one.',
    defaultSeverity: 'warning',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/dockerfile-not-linted',
    title: 'Dockerfile not linted',
    reason: 'Binary or very large files are skipped so that the editor stays responsive.',
    details: 'Berth lints Dockerfiles up to 256 KiB of text; a file with NUL bytes is not a Dockerfile.',
    defaultSeverity: 'info',
    appliesTo: 'dockerfile',
  }),
  rule({
    id: 'berth/compose-privileged',
    title: '`privileged: true`',
    reason: 'A privileged container has every capability and every host device: it is root on the host. GPUs need no privilege.',
    details: 'Remove `privileged` (the quick fix does); reserve GPUs with `deploy.resources.reservations.devices` and add only the capabilities needed.',
    defaultSeverity: 'error',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/compose-docker-socket',
    title: 'Docker socket mounted',
    reason: 'Whoever talks to the Docker socket controls the host; a model server compromised through its API would too.',
    details: 'Remove the socket mount. If a tool really needs the engine, give it a socket proxy that allows only the calls it makes.',
    defaultSeverity: 'error',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/compose-host-network',
    title: '`network_mode: host`',
    reason: 'Host networking publishes every port the server opens on every interface and ignores `ports:`.',
    details:
      'Publish the ports you need (`127.0.0.1:8000:8000`). Multi-node NCCL and similar cases are recognised from their environment; otherwise ' +
      'suppress the finding where host networking is deliberate.',
    defaultSeverity: 'warning',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/compose-cap-add-all',
    title: '`cap_add: ALL`',
    reason: 'All capabilities make the container as strong as root on the host.',
    details: 'Add only the capabilities the process needs (often none; `IPC_LOCK` for RDMA, `SYS_NICE` for some schedulers).',
    defaultSeverity: 'error',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/compose-secret-in-environment',
    title: 'Secret written in `environment`',
    reason: 'A token in the compose file ends up in version control and in `docker inspect`.',
    details: 'Write `${HF_TOKEN}` and keep the value in `.env` (ignored by git), or use compose `secrets` (the quick fix writes the reference).',
    defaultSeverity: 'error',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/gpu-count-and-device-ids',
    title: 'GPU `count` and `device_ids` both set',
    reason: 'Compose rejects a device reservation with both: `count` and `device_ids` are mutually exclusive.',
    details: 'Keep `device_ids` to pin GPUs, or `count` to take any; the quick fix removes `count`.',
    defaultSeverity: 'error',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/gpu-capabilities-missing',
    title: 'GPU reservation without `capabilities`',
    reason: 'Compose requires `capabilities` on a device reservation; without `[gpu]` no GPU is given to the container.',
    details: 'Add `capabilities: [gpu]` (the quick fix does).',
    defaultSeverity: 'error',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/gpu-count-exceeds-nodes',
    title: 'More GPUs than any node has',
    reason: 'A service asking for more GPUs than the largest node in the inventory never starts.',
    details: 'Lower `count`, split the model across services (tensor parallelism per node), or add a larger node to the inventory.',
    defaultSeverity: 'error',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/gpu-without-cpu-override',
    title: 'GPU required by the main compose file',
    reason: 'With the GPU reservation in `compose.yaml`, the project cannot start on a laptop or CI runner without an NVIDIA GPU.',
    details:
      'Move the reservation to `compose.gpu.yaml` and start with `docker compose -f compose.yaml -f compose.gpu.yaml up` where there is a GPU ' +
      '(Berth\'s scaffolding writes both files).',
    defaultSeverity: 'info',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/compose-no-healthcheck',
    title: 'Model server without `healthcheck`',
    reason: 'The serving image has no health check, so `depends_on: service_healthy` and rolling updates cannot tell when the model is loaded.',
    details: 'Add a `healthcheck` that asks the server\'s readiness endpoint, with `start_period` long enough to load the model.',
    defaultSeverity: 'warning',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/gpu-no-memory-limit',
    title: 'GPU service without a memory limit',
    reason: 'Model loading can take all host memory; without a limit the kernel\'s OOM killer picks a victim, maybe another service.',
    details: 'Set `deploy.resources.limits.memory` (or `mem_limit`) a little above what the model needs in host memory.',
    defaultSeverity: 'warning',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/shm-size-missing',
    title: '`shm_size` missing',
    reason: 'Docker gives 64 MB of /dev/shm; vLLM workers and PyTorch data loaders need more and die with "bus error".',
    details: 'Set `shm_size` (the quick fix uses the size Berth\'s scaffolding uses for the framework), or `ipc: host`.',
    defaultSeverity: 'warning',
    appliesTo: 'compose',
  }),
  rule({
    id: 'berth/compose-not-linted',
    title: 'Compose file not linted',
    reason: 'Very large files are skipped so that the editor stays responsive.',
    details: 'Berth lints compose files up to 1 MiB.',
    defaultSeverity: 'info',
    appliesTo: 'compose',
  }),
];

const byId = new Map(lintRules.map((r) => [r.id, r]));

/** The catalogue entry of a rule; throws on an id not in the catalogue (a programming error). */
export function lintRule(id: string): LintRule {
  const found = byId.get(id);
  if (!found) throw new Error(`no lint rule ${id} in the catalogue`);
  return found;
}
