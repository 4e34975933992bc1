// The placement view of a workload: per-replica CPU, memory and whole GPUs, constraints and Berth's x-berth settings.
import type { Workload } from '../compose/workload';
import type { ServiceDemand } from './placementProblem';

export function servicesToDemands(workload: Workload): ServiceDemand[] {
  return workload.services.map((service) => {
    const gpu = service.gpu;
    // `device_ids` name the GPUs, so their number is the count.
    const gpus = gpu === undefined ? 0 : gpu.deviceIds.length > 0 ? gpu.deviceIds.length : gpu.count;
    const { priority, gang, pin, gpuMemoryBytes } = service.berth;
    return {
      name: service.name,
      replicas: service.replicas,
      cpuMillis: service.cpuMillis,
      memoryBytes: service.memoryBytes,
      gpus,
      ...(gpuMemoryBytes === undefined ? {} : { gpuMemoryBytes }),
      ...(service.constraints.length === 0 ? {} : { constraints: service.constraints.map(({ key, op, value }) => ({ key, op, value })) }),
      ...(service.maxReplicasPerNode === undefined ? {} : { maxReplicasPerNode: service.maxReplicasPerNode }),
      ...(pin === undefined || pin.length === 0 ? {} : { pinnedNodes: [...pin] }),
      ...(priority === undefined ? {} : { priority }),
      ...(gang === undefined ? {} : { gang }),
    };
  });
}
