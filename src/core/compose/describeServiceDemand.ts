// A service's demand in a few words for code lenses: `2 GPU · 8 CPU · 32 GiB`, `×3 · 0.5 CPU · 512 MiB`.
import type { WorkloadService } from './workload';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Per replica; the replica count leads when it is not 1. */
export function describeServiceDemand(service: WorkloadService): string {
  const parts: string[] = [];
  if (service.replicas !== 1) parts.push(`×${service.replicas}`);
  const gpu = service.gpu;
  if (gpu !== undefined) {
    const count = gpu.deviceIds.length > 0 ? gpu.deviceIds.length : gpu.count;
    const memory = service.berth.gpuMemoryBytes === undefined ? '' : ` ≥${formatBytes(service.berth.gpuMemoryBytes)}`;
    if (count === 'all') parts.push(`all GPUs${memory}`);
    else if (count > 0) parts.push(`${count} GPU${memory}`);
  }
  if (service.cpuMillis > 0) parts.push(`${trim(service.cpuMillis / 1000)} CPU`);
  if (service.memoryBytes > 0) parts.push(formatBytes(service.memoryBytes));
  if (parts.length === (service.replicas !== 1 ? 1 : 0)) parts.push('no reservations');
  return parts.join(' · ');
}

function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trim(value)} ${UNITS[unit] ?? 'B'}`;
}

/** Up to two decimals, without trailing zeros: 0.5, 1.25, 8. */
function trim(value: number): string {
  return String(Math.round(value * 100) / 100);
}
