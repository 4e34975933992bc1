// The code-lens text for a service's demand.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeServiceDemand } from '../../../src/core/compose/describeServiceDemand';
import type { WorkloadService } from '../../../src/core/compose/workload';

const range = { file: 'c.yaml', startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 };
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function service(overrides: Partial<WorkloadService>): WorkloadService {
  const defaults = { name: 's', range, profiles: [], replicas: 1, cpuMillis: 0, memoryBytes: 0 };
  return { ...defaults, genericResources: {}, constraints: [], berth: {}, ranges: {}, ...overrides };
}

const gpu = (count: number | 'all', deviceIds: string[] = []): WorkloadService['gpu'] => ({
  count,
  deviceIds,
  capabilities: ['gpu'],
  source: 'devices',
  range,
});

describe('describeServiceDemand', () => {
  test('GPUs, CPUs and memory per replica, the replica count first when not 1', () => {
    assert.equal(describeServiceDemand(service({ gpu: gpu(2), cpuMillis: 8000, memoryBytes: 32 * GiB })), '2 GPU · 8 CPU · 32 GiB');
    assert.equal(describeServiceDemand(service({ replicas: 3, cpuMillis: 500, memoryBytes: 512 * MiB })), '×3 · 0.5 CPU · 512 MiB');
    assert.equal(describeServiceDemand(service({ cpuMillis: 250, memoryBytes: 1.5 * GiB })), '0.25 CPU · 1.5 GiB');
  });

  test('all GPUs, device ids, GPU memory, and nothing reserved', () => {
    assert.equal(describeServiceDemand(service({ gpu: gpu('all') })), 'all GPUs');
    assert.equal(describeServiceDemand(service({ gpu: gpu(2, ['0', '1', '2']) })), '3 GPU');
    assert.equal(describeServiceDemand(service({ gpu: gpu(1), berth: { gpuMemoryBytes: 80 * GiB } })), '1 GPU ≥80 GiB');
    assert.equal(describeServiceDemand(service({})), 'no reservations');
    assert.equal(describeServiceDemand(service({ replicas: 0 })), '×0 · no reservations');
    assert.equal(describeServiceDemand(service({ memoryBytes: 100 })), '100 B');
  });
});
