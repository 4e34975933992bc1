import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeContainerStats } from '../../../src/core/engine/describeContainerStats';

test('CPU % as docker stats computes it: cpu delta / system delta × online CPUs × 100', () => {
  const view = describeContainerStats({
    cpu_stats: { cpu_usage: { total_usage: 1_500_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 4 },
    precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 16_000_000_000, online_cpus: 4 },
    memory_stats: { usage: 50_000_000, limit: 1_000_000_000, stats: { total_inactive_file: 10_000_000 } },
  });
  assert.equal(view.cpuPercent, 50);
  assert.equal(view.memoryBytes, 40_000_000);
  assert.equal(view.memoryLimitBytes, 1_000_000_000);
});

test('a first sample has zero precpu: no made-up number, unless an earlier sample is given', () => {
  const sample = {
    cpu_stats: { cpu_usage: { total_usage: 9_000_000_000, percpu_usage: [1, 2] }, system_cpu_usage: 900_000_000_000 },
    precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 },
    memory_stats: { usage: 1000, limit: 2000, stats: { inactive_file: 100 } },
  };
  assert.equal(describeContainerStats(sample).cpuPercent, undefined);
  const previous = { cpu_usage: { total_usage: 8_000_000_000 }, system_cpu_usage: 890_000_000_000 };
  // Two CPUs counted from percpu_usage when online_cpus is missing (older engines).
  assert.equal(describeContainerStats(sample, previous).cpuPercent, 20);
  assert.equal(describeContainerStats(sample).memoryBytes, 900, 'cgroup v2 inactive_file is subtracted');
});

test('an idle container reads 0 %, a stopped one reads nothing', () => {
  const idle = { cpu_usage: { total_usage: 5 }, system_cpu_usage: 100, online_cpus: 1 };
  assert.equal(describeContainerStats({ cpu_stats: { ...idle, system_cpu_usage: 200 }, precpu_stats: idle }).cpuPercent, 0);
  const stopped = describeContainerStats({ cpu_stats: {}, precpu_stats: {}, memory_stats: {} });
  assert.deepEqual(stopped, { cpuPercent: undefined, memoryBytes: 0, memoryLimitBytes: 0 });
});
