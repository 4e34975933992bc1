// One CPU and memory reading of a container, for a tooltip or a status line; never hangs past its deadline.
import type Docker from 'dockerode';
import { callWithTimeout } from './callWithTimeout';
import { describeContainerStats, type ContainerStatsView, type StatsSampleLike } from './describeContainerStats';

type StatsOnce = (options: { stream: false; abortSignal: AbortSignal }) => Promise<StatsSampleLike>;

/**
 * Reads `stats?stream=false`. When the engine sends no earlier CPU sample with it (precpu zero, as one-shot samples and
 * some engines do), it reads a second sample and compares the two instead of reporting a meaningless number.
 */
export async function containerStats(docker: Pick<Docker, 'getContainer'>, id: string, timeoutMs = 5000, signal?: AbortSignal): Promise<ContainerStatsView> {
  return callWithTimeout('stats', timeoutMs, signal, async (abortSignal) => {
    const container = docker.getContainer(id);
    // @types/dockerode leaves abortSignal out of stats()'s options; dockerode 5 passes it on to the request.
    const stats = container.stats.bind(container) as unknown as StatsOnce;
    const first = await stats({ stream: false, abortSignal });
    const running = Boolean(first.cpu_stats?.system_cpu_usage);
    if (!running || first.precpu_stats?.system_cpu_usage) return describeContainerStats(first);
    const second = await stats({ stream: false, abortSignal });
    return describeContainerStats(second, first.cpu_stats);
  });
}
