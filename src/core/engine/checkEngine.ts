// One round trip to the engine: who it is and what it runs, for the "Check Docker Engine" command.
import type Docker from 'dockerode';

export interface EngineReport {
  readonly serverVersion: string;
  readonly apiVersion: string;
  readonly os: string;
  readonly arch: string;
  readonly name: string;
  readonly containersRunning: number;
  readonly images: number;
  readonly swarm: 'active' | 'inactive' | 'pending' | 'error' | 'locked' | '';
}

export async function checkEngine(docker: Pick<Docker, 'version' | 'info'>): Promise<EngineReport> {
  const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<Record<string, unknown>>]);
  const swarm = (info.Swarm as { LocalNodeState?: EngineReport['swarm'] } | undefined)?.LocalNodeState ?? '';
  return {
    serverVersion: version.Version,
    apiVersion: version.ApiVersion,
    os: version.Os,
    arch: version.Arch,
    name: typeof info.Name === 'string' ? info.Name : '',
    containersRunning: typeof info.ContainersRunning === 'number' ? info.ContainersRunning : 0,
    images: typeof info.Images === 'number' ? info.Images : 0,
    swarm,
  };
}
