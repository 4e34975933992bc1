// `GET /nodes` entries shaped like the ones scripts/swarm3.sh's engines (dockerd 20.10.24) return, trimmed of TLS and plugins.
import type { SwarmNodeInfo } from '../../../../src/core/placement/swarm/nodesFromSwarm';

export const GiB = 1024 ** 3;

export function swarmNode(id: string, hostname: string, over: Partial<SwarmNodeInfo> = {}): SwarmNodeInfo {
  return {
    ID: id,
    Spec: { Labels: {}, Role: 'worker', Availability: 'active' },
    Description: {
      Hostname: hostname,
      Platform: { Architecture: 'x86_64', OS: 'linux' },
      Resources: { NanoCPUs: 2_000_000_000, MemoryBytes: 25_276_514_304 },
    },
    Status: { State: 'ready', Addr: '10.231.0.13' },
    ...over,
  };
}

/** The three nodes of scripts/swarm3.sh: n1 manager with gpu=8, n2 worker with gpu=4, n3 worker without GPUs. */
export const swarm3: readonly SwarmNodeInfo[] = [
  swarmNode('9vguidts2dwh8xo9k3gt4hjcv', 'berth-n1', {
    Spec: { Labels: { gpu: 'h100', zone: 'a' }, Role: 'manager', Availability: 'active' },
    Description: {
      Hostname: 'berth-n1',
      Platform: { Architecture: 'x86_64', OS: 'linux' },
      Resources: { NanoCPUs: 2_000_000_000, MemoryBytes: 25_276_514_304, GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: 8 } }] },
    },
    Status: { State: 'ready', Addr: '10.231.0.11' },
  }),
  swarmNode('p4ma5p1gcxbxmqk251pvxrnyz', 'berth-n2', {
    Spec: { Labels: { gpu: 'a100', zone: 'b' }, Role: 'worker', Availability: 'active' },
    Description: {
      Hostname: 'berth-n2',
      Platform: { Architecture: 'x86_64', OS: 'linux' },
      Resources: { NanoCPUs: 2_000_000_000, MemoryBytes: 25_276_514_304, GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: 4 } }] },
    },
    Status: { State: 'ready', Addr: '10.231.0.12' },
  }),
  swarmNode('tq5e4uywdu9jxbrt8jpty3tfi', 'berth-n3', { Spec: { Labels: { zone: 'b' }, Role: 'worker', Availability: 'active' } }),
];
