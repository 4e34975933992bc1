// A container's CPU and memory use from one stats sample, computed the way `docker stats` does.

export interface ContainerStatsView {
  /** 100 = one CPU fully busy (as `docker stats`); undefined when there is no earlier sample to compare with. */
  readonly cpuPercent: number | undefined;
  /** Usage without the inactive page cache, as `docker stats` shows it. */
  readonly memoryBytes: number;
  /** The cgroup limit: the host's memory when the container has none. */
  readonly memoryLimitBytes: number;
}

export interface CpuSampleLike {
  readonly cpu_usage?: { readonly total_usage?: number; readonly percpu_usage?: readonly number[] | null };
  readonly system_cpu_usage?: number;
  readonly online_cpus?: number;
}

/** The parts of a stats sample Berth reads; dockerode's ContainerStats satisfies it. */
export interface StatsSampleLike {
  readonly cpu_stats?: CpuSampleLike;
  readonly precpu_stats?: CpuSampleLike;
  readonly memory_stats?: { readonly usage?: number; readonly limit?: number; readonly stats?: Readonly<Record<string, number | undefined>> };
}

/**
 * `previous` replaces the sample's own precpu_stats, which the engine leaves zero on a first (one-shot) sample: a
 * delta against zero would divide the container's whole life by the host's uptime.
 */
export function describeContainerStats(sample: StatsSampleLike, previous: CpuSampleLike | undefined = sample.precpu_stats): ContainerStatsView {
  return { cpuPercent: cpuPercent(sample.cpu_stats, previous), memoryBytes: memoryUsage(sample.memory_stats), memoryLimitBytes: sample.memory_stats?.limit ?? 0 };
}

function cpuPercent(now: CpuSampleLike | undefined, before: CpuSampleLike | undefined): number | undefined {
  if (!now?.system_cpu_usage || !before?.system_cpu_usage) return undefined;
  const cpuDelta = (now.cpu_usage?.total_usage ?? 0) - (before.cpu_usage?.total_usage ?? 0);
  const systemDelta = now.system_cpu_usage - before.system_cpu_usage;
  const onlineCpus = now.online_cpus || now.cpu_usage?.percpu_usage?.length || 1;
  if (systemDelta <= 0) return undefined;
  return cpuDelta > 0 ? (cpuDelta / systemDelta) * onlineCpus * 100 : 0;
}

/** cgroup v1 reports total_inactive_file, v2 inactive_file: `docker stats` subtracts whichever is there. */
function memoryUsage(memory: StatsSampleLike['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const inactive = memory?.stats?.total_inactive_file ?? memory?.stats?.inactive_file;
  return inactive !== undefined && inactive < usage ? usage - inactive : usage;
}
