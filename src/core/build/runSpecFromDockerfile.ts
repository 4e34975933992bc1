// How "Build and Run" starts an image: the ports its final stage EXPOSEs, published on 127.0.0.1 only, and all GPUs
// when its base is a CUDA image (with the shared memory PyTorch's dataloaders and vLLM need).
import { DockerfileParser } from 'dockerfile-ast';
import type { ContainerCreateOptions } from 'dockerode';

export interface RunSpec {
  readonly create: ContainerCreateOptions;
  readonly gpu: boolean;
  readonly ports: readonly string[];
  /** What Berth chose and why, for the output channel. */
  readonly notes: readonly string[];
}

const GPU_BASE = /(^|\/)(cuda|tritonserver|vllm-openai|pytorch)[:@/]|nvidia\/|:.*cuda|-gpu(\b|$)/i;

export function runSpecFromDockerfile(text: string, options: { readonly image: string; readonly bridge: boolean }): RunSpec {
  const instructions = DockerfileParser.parse(text).getInstructions();
  let lastFrom = -1;
  instructions.forEach((inst, i) => {
    if (inst.getKeyword() === 'FROM') lastFrom = i;
  });
  const finalStage = instructions.slice(Math.max(0, lastFrom));
  const base = finalStage[0]?.getKeyword() === 'FROM' ? (finalStage[0].getArguments()[0]?.getValue() ?? '') : '';
  const ports = finalStage
    .filter((i) => i.getKeyword() === 'EXPOSE')
    .flatMap((i) => i.getArguments().map((a) => a.getValue()))
    .map((p) => (p.includes('/') ? p : `${p}/tcp`))
    .filter((p) => /^\d{1,5}\/(tcp|udp)$/.test(p));
  const gpu = GPU_BASE.test(base);
  const notes: string[] = [];
  if (gpu) notes.push(`all GPUs and 2 GiB of shared memory: the final stage's base ${base} is a CUDA image`);
  const create: ContainerCreateOptions = {
    Image: options.image,
    ExposedPorts: Object.fromEntries(ports.map((p) => [p, {}])),
    HostConfig: {
      ...(options.bridge
        ? { PortBindings: Object.fromEntries(ports.map((p) => [p, [{ HostIp: '127.0.0.1', HostPort: p.split('/')[0] ?? '' }]])) }
        : { NetworkMode: 'none' }),
      ...(gpu ? { DeviceRequests: [{ Driver: '', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} }], ShmSize: 2 * 1024 ** 3 } : {}),
    },
  };
  if (ports.length && options.bridge) notes.push(`ports ${ports.join(', ')} published on 127.0.0.1`);
  if (ports.length && !options.bridge) notes.push(`this engine has no bridge network: ports ${ports.join(', ')} are not published (network none)`);
  return { create, gpu, ports, notes };
}
