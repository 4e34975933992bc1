// The seed's worked example: containers C1=2, C2=3, C3=1 CPUs on nodes N1=5, N2=4.
import type { PlacementProblem } from './placementProblem';

const GiB = 1024 ** 3;

export const sampleProblem: PlacementProblem = {
  services: [
    { name: 'C1', cpuMillis: 2000, memoryBytes: 0, gpus: 0 },
    { name: 'C2', cpuMillis: 3000, memoryBytes: 0, gpus: 0 },
    { name: 'C3', cpuMillis: 1000, memoryBytes: 0, gpus: 0 },
  ],
  nodes: [
    { name: 'N1', cpuMillis: 5000, memoryBytes: 16 * GiB, gpus: 0 },
    { name: 'N2', cpuMillis: 4000, memoryBytes: 16 * GiB, gpus: 0 },
  ],
};
