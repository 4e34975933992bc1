// What a service asks of a node, in every compose form: replicas, CPU and memory (reservation over limit), GPUs (devices,
// gpus, runtime, generic resources), placement constraints, x-berth; bad values reported at the value and ignored.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readCompose } from '../../../src/core/compose/readCompose';
import type { ComposeDiagnostic, WorkloadService } from '../../../src/core/compose/workload';
import { textRange } from './textRange';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const FILE = '/p/compose.yaml';

interface Read {
  readonly text: string;
  readonly services: readonly WorkloadService[];
  readonly diagnostics: readonly ComposeDiagnostic[];
  service(name?: string): WorkloadService;
  /** The diagnostics as [code, severity, the text they cover]. */
  covered(): [string, string, string][];
}

function read(servicesYaml: string, env: Record<string, string> = {}): Read {
  const text = `services:\n${servicesYaml}`;
  const result = readCompose({ files: [{ path: FILE, text }], env, profiles: ['*'] });
  const lines = text.split('\n');
  return {
    text,
    services: result.workload.services,
    diagnostics: result.diagnostics,
    service(name) {
      const found = name === undefined ? result.workload.services[0] : result.workload.services.find((s) => s.name === name);
      assert.ok(found, `no service ${name ?? '(first)'}`);
      return found;
    },
    covered: () =>
      result.diagnostics.map((d) => {
        assert.equal(d.range.startLine, d.range.endLine, `${d.code} spans lines`);
        return [d.code, d.severity, (lines[d.range.startLine] ?? '').slice(d.range.startColumn, d.range.endColumn)];
      }),
  };
}

describe('replicas', () => {
  test('deploy.replicas, legacy scale, the default of 1, and a range where it came from', () => {
    const r = read(`  a: { image: x, deploy: { replicas: 3 } }
  b: { image: x, scale: 2 }
  c: { image: x }
  d: { image: x, deploy: { replicas: "4" } }
`);
    assert.deepEqual(r.services.map((s) => s.replicas), [3, 2, 1, 4]);
    assert.deepEqual(r.service('a').ranges.replicas, textRange(FILE, r.text, '3'));
    assert.equal(r.service('c').ranges.replicas, undefined);
    assert.deepEqual(r.diagnostics, []);
  });

  test('scale and deploy.replicas disagreeing, an invalid count, and global mode', () => {
    const r = read(`  a:
    image: x
    scale: 2
    deploy: { replicas: 5 }
  b:
    image: x
    deploy: { replicas: three }
  c:
    image: x
    deploy: { mode: global }
  d:
    image: x
    deploy: { replicas: -1 }
`);
    assert.equal(r.service('a').replicas, 5);
    assert.equal(r.service('b').replicas, 1);
    assert.deepEqual(r.covered(), [
      ['conflicting-replicas', 'warning', '2'],
      ['invalid-replicas', 'error', 'three'],
      ['global-mode', 'info', 'global'],
      ['invalid-replicas', 'error', '-1'],
    ]);
  });
});

describe('CPU and memory', () => {
  test('a reservation wins over a limit; the limit stands in when there is no reservation', () => {
    const r = read(`  both:
    image: x
    deploy:
      resources:
        reservations: { cpus: "0.5", memory: 512m }
        limits: { cpus: "2", memory: 2G }
  limits-only:
    image: x
    deploy:
      resources:
        limits: { cpus: 1.5, memory: 1gb }
  legacy:
    image: x
    cpus: 0.25
    mem_limit: 256m
    mem_reservation: 128m
  cpu-count:
    image: x
    cpu_count: 2
  nothing:
    image: x
`);
    const pick = (s: WorkloadService): unknown[] => [s.cpuMillis, s.memoryBytes, s.cpuLimitMillis, s.memoryLimitBytes];
    assert.deepEqual(pick(r.service('both')), [500, 512 * MiB, 2000, 2 * GiB]);
    assert.deepEqual(pick(r.service('limits-only')), [1500, GiB, 1500, GiB]);
    assert.deepEqual(pick(r.service('legacy')), [250, 128 * MiB, 250, 256 * MiB]);
    assert.deepEqual(pick(r.service('cpu-count')), [2000, 0, 2000, undefined]);
    assert.deepEqual(pick(r.service('nothing')), [0, 0, undefined, undefined]);
    assert.deepEqual(r.service('both').ranges.cpus, textRange(FILE, r.text, '"0.5"'));
    assert.deepEqual(r.service('both').ranges.memory, textRange(FILE, r.text, '512m'));
    assert.deepEqual(r.service('limits-only').ranges.memory, textRange(FILE, r.text, '1gb'));
    assert.deepEqual(r.diagnostics, []);
  });

  test('absurd, negative and unreadable values are errors at the value and ignored', () => {
    const r = read(`  a:
    image: x
    deploy:
      resources:
        reservations: { cpus: -1, memory: 1e30 }
        limits: { cpus: two, memory: lots }
  b:
    image: x
    mem_limit: [1g]
    cpus: 500m
`);
    assert.deepEqual([r.service('a').cpuMillis, r.service('a').memoryBytes, r.service('a').cpuLimitMillis], [0, 0, undefined]);
    assert.equal(r.service('b').cpuMillis, 500);
    assert.deepEqual(r.covered(), [
      ['invalid-cpus', 'error', '-1'],
      ['invalid-cpus', 'error', 'two'],
      ['invalid-memory', 'error', '1e30'],
      ['invalid-memory', 'error', 'lots'],
      ['invalid-cpus', 'warning', '500m'],
      ['invalid-memory', 'error', '[1g]'],
    ]);
    assert.match(r.diagnostics[2]?.message ?? '', /larger than 1 EiB/);
  });

  test('conflicting aliases, a reservation above its limit and a bare small number are warnings', () => {
    const r = read(`  a:
    image: x
    cpus: 1
    mem_limit: 1g
    deploy:
      resources:
        reservations: { memory: 4g }
        limits: { cpus: 2, memory: 2g }
  b:
    image: x
    mem_limit: 512
`);
    assert.equal(r.service('a').memoryBytes, 4 * GiB);
    assert.equal(r.service('a').memoryLimitBytes, 2 * GiB);
    assert.equal(r.service('a').cpuLimitMillis, 2000);
    assert.equal(r.service('b').memoryLimitBytes, 512);
    assert.deepEqual(r.covered(), [
      ['conflicting-resources', 'warning', '1'],
      ['conflicting-resources', 'warning', '1g'],
      ['reservation-exceeds-limit', 'warning', '4g'],
      ['tiny-memory', 'warning', '512'],
    ]);
  });
});

describe('GPUs', () => {
  function gpu(devices: string): WorkloadService['gpu'] {
    return read(`  a:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n${devices}`).service().gpu;
  }

  test('devices with capabilities [gpu]: count as a number, a string, all, missing (all), or device_ids', () => {
    assert.equal(gpu('            - { driver: nvidia, count: 2, capabilities: [gpu] }\n')?.count, 2);
    assert.equal(gpu('            - { count: "4", capabilities: [gpu, utility] }\n')?.count, 4);
    assert.equal(gpu('            - { count: all, capabilities: [gpu] }\n')?.count, 'all');
    assert.equal(gpu('            - { capabilities: [gpu] }\n')?.count, 'all');
    const ids = gpu('            - { device_ids: ["0", "3"], capabilities: [gpu] }\n');
    assert.equal(ids?.count, 2);
    assert.deepEqual(ids.deviceIds, ['0', '3']);
    const full = gpu('            - driver: nvidia\n              count: 1\n              capabilities: [gpu, compute]\n');
    const expected = { count: 1, deviceIds: [], capabilities: ['gpu', 'compute'], driver: 'nvidia', source: 'devices', range: undefined };
    assert.deepEqual({ ...full, range: undefined }, expected);
    assert.equal(gpu('            - { capabilities: [tpu], count: 1 }\n'), undefined, 'not a GPU');
  });

  test('count: two, count with device_ids, and a device without capabilities are errors at the value', () => {
    const r = read(`  a:
    image: x
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu]
              count: two
  b:
    image: x
    deploy:
      resources:
        reservations:
          devices:
            - { capabilities: [gpu], count: 1, device_ids: [GPU-7] }
  c:
    image: x
    deploy:
      resources:
        reservations:
          devices:
            - { driver: nvidia, count: 1 }
`);
    assert.equal(r.service('a').gpu, undefined);
    assert.equal(r.service('b').gpu?.count, 1);
    assert.deepEqual(r.service('b').gpu?.deviceIds, ['GPU-7']);
    assert.equal(r.service('c').gpu, undefined);
    assert.deepEqual(r.covered(), [
      ['invalid-gpu-count', 'error', 'two'],
      ['gpu-count-and-device-ids', 'error', '1'],
      ['invalid-device-request', 'error', '{ driver: nvidia, count: 1 }'],
    ]);
    const two = r.diagnostics[0];
    assert.deepEqual(two?.range, textRange(FILE, r.text, 'two'));
  });

  test('the service-level gpus attribute: all, or a list of requests', () => {
    const r = read(`  a: { image: x, gpus: all }
  b: { image: x, gpus: [{ count: 2, driver: nvidia }] }
  c: { image: x, gpus: [{ device_ids: ["1"] }] }
  d: { image: x, gpus: 2 }
`);
    assert.deepEqual([r.service('a').gpu?.count, r.service('a').gpu?.source], ['all', 'gpus']);
    assert.deepEqual([r.service('b').gpu?.count, r.service('b').gpu?.driver], [2, 'nvidia']);
    assert.deepEqual(r.service('c').gpu?.deviceIds, ['1']);
    assert.equal(r.service('d').gpu, undefined);
    assert.deepEqual(r.covered(), [['invalid-gpus', 'error', '2']]);
  });

  test('legacy runtime: nvidia counts as all GPUs (or those NVIDIA_VISIBLE_DEVICES names) with an info', () => {
    const r = read(`  a:
    image: x
    runtime: nvidia
  b:
    image: x
    runtime: nvidia
    environment:
      - NVIDIA_VISIBLE_DEVICES=0,1
  c:
    image: x
    runtime: nvidia
    environment: { NVIDIA_VISIBLE_DEVICES: none }
  d:
    image: x
    runtime: nvidia
    gpus: [{ count: 1 }]
`);
    assert.deepEqual([r.service('a').gpu?.count, r.service('a').gpu?.source, r.service('a').gpu?.driver], ['all', 'runtime', 'nvidia']);
    assert.deepEqual([r.service('b').gpu?.count, r.service('b').gpu?.deviceIds], [2, ['0', '1']]);
    assert.equal(r.service('c').gpu, undefined);
    assert.deepEqual([r.service('d').gpu?.count, r.service('d').gpu?.source], [1, 'gpus']);
    assert.deepEqual(r.covered(), [
      ['runtime-nvidia', 'info', 'nvidia'],
      ['runtime-nvidia', 'info', 'nvidia'],
    ]);
  });

  test('swarm generic resources: gpu, GPU, nvidia.com/gpu and NVIDIA-GPU are GPUs; other kinds add up by kind', () => {
    const kinds = ['gpu', 'GPU', 'nvidia.com/gpu', 'NVIDIA-GPU'];
    const services = kinds
      .map((kind, i) => {
        const spec = `            - discrete_resource_spec: { kind: "${kind}", value: ${i + 1} }\n`;
        return `  s${i}:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          generic_resources:\n${spec}`;
      })
      .join('');
    const r = read(`${services}  fpga:
    image: x
    deploy:
      resources:
        reservations:
          generic_resources:
            - discrete_resource_spec: { kind: fpga, value: 2 }
            - discrete_resource_spec: { kind: fpga, value: 1 }
            - discrete_resource_spec: { kind: ssd, value: "3" }
            - discrete_resource_spec: { value: 1 }
            - discrete_resource_spec: { kind: nic, value: many }
`);
    assert.deepEqual(kinds.map((_, i) => r.service(`s${i}`).gpu?.count), [1, 2, 3, 4]);
    assert.equal(r.service('s0').gpu?.source, 'generic_resources');
    assert.deepEqual(r.service('fpga').genericResources, { fpga: 3, ssd: 3 });
    assert.equal(r.service('fpga').gpu, undefined);
    assert.deepEqual(r.covered(), [
      ['invalid-generic-resource', 'error', '{ value: 1 }'],
      ['invalid-generic-resource', 'error', 'many'],
    ]);
  });

  test('GPUs asked for in two forms add up; all wins', () => {
    const r = read(`  a:
    image: x
    gpus: [{ count: 1 }]
    deploy:
      resources:
        reservations:
          devices: [{ capabilities: [gpu], count: 2 }]
  b:
    image: x
    gpus: all
    deploy:
      resources:
        reservations:
          devices: [{ capabilities: [gpu], count: 2 }]
`);
    assert.equal(r.service('a').gpu?.count, 3);
    assert.equal(r.service('a').gpu?.source, 'devices');
    assert.equal(r.service('b').gpu?.count, 'all');
  });
});

describe('placement', () => {
  test('constraints parsed with their ranges; malformed ones are errors, unknown keys warnings', () => {
    const r = read(`  a:
    image: x
    deploy:
      placement:
        max_replicas_per_node: 2
        constraints:
          - node.labels.gpu == h100
          - node.role!=manager
          - node.labels.zone = eu
          - node.gpus == 2
          - 42
`);
    const a = r.service('a');
    assert.deepEqual(
      a.constraints.map((c) => [c.key, c.op, c.value]),
      [
        ['node.labels.gpu', '==', 'h100'],
        ['node.role', '!=', 'manager'],
        ['node.gpus', '==', '2'],
      ],
    );
    assert.deepEqual(a.constraints[1]?.range, textRange(FILE, r.text, 'node.role!=manager'));
    assert.equal(a.maxReplicasPerNode, 2);
    assert.deepEqual(a.ranges.maxReplicasPerNode, textRange(FILE, r.text, '2'));
    assert.equal(a.ranges.constraints?.startLine, textRange(FILE, r.text, '- node.labels.gpu').startLine);
    assert.deepEqual(r.covered(), [
      ['invalid-constraint', 'error', 'node.labels.zone = eu'],
      ['unknown-constraint-key', 'warning', 'node.gpus == 2'],
      ['invalid-constraint', 'error', '42'],
    ]);
  });

  test('max_replicas_per_node: 0 means no limit; a word is an error', () => {
    const r = read(`  a: { image: x, deploy: { placement: { max_replicas_per_node: 0 } } }
  b: { image: x, deploy: { placement: { max_replicas_per_node: one } } }
`);
    assert.equal(r.service('a').maxReplicasPerNode, undefined);
    assert.equal(r.service('b').maxReplicasPerNode, undefined);
    assert.deepEqual(r.covered(), [['invalid-max-replicas-per-node', 'error', 'one']]);
  });

  test('wrong shapes: deploy as a string, constraints as a string', () => {
    const r = read('  a: { image: x, deploy: fast }\n  b: { image: x, deploy: { placement: { constraints: node.role==worker } } }\n');
    assert.deepEqual(r.covered(), [
      ['wrong-type', 'error', 'fast'],
      ['wrong-type', 'error', 'node.role==worker'],
    ]);
  });
});

describe('x-berth and the rest of a service', () => {
  test('priority, gang, pin (one or several) and gpu-memory', () => {
    const r = read(`  a:
    image: x
    x-berth:
      priority: 5
      gang: rag
      pin: [gpu-1, gpu-2]
      gpu-memory: 40GB
  b:
    image: x
    x-berth: { pin: gpu-3, priority: "0.5" }
`);
    assert.deepEqual(r.service('a').berth, { priority: 5, gang: 'rag', pin: ['gpu-1', 'gpu-2'], gpuMemoryBytes: 40 * GiB });
    assert.deepEqual(r.service('b').berth, { pin: ['gpu-3'], priority: 0.5 });
    // A block mapping starts at its first key.
    assert.equal(r.service('a').ranges['x-berth']?.startLine, textRange(FILE, r.text, 'priority: 5').startLine);
    assert.deepEqual(r.diagnostics, []);
  });

  test('bad x-berth values are errors; unknown keys warnings with a suggestion', () => {
    const r = read(`  a:
    image: x
    x-berth:
      priority: high
      gang: ""
      pin: []
      gpu-memory: huge
      gpu_memory: 40GB
      x-note: fine
  b:
    image: x
    x-berth: fast
`);
    assert.deepEqual(r.service('a').berth, {});
    assert.deepEqual(r.covered(), [
      ['invalid-x-berth', 'error', 'high'],
      ['invalid-x-berth', 'error', '""'],
      ['invalid-x-berth', 'error', '[]'],
      ['invalid-x-berth', 'error', 'huge'],
      ['unknown-key', 'warning', 'gpu_memory'],
      ['wrong-type', 'error', 'fast'],
    ]);
    assert.match(r.diagnostics[4]?.message ?? '', /did you mean `gpu-memory`/);
  });

  test('image, build as a path or a mapping, profiles', () => {
    const r = read(`  a: { image: "app:1", profiles: [gpu] }
  b: { build: ./svc }
  c: { build: { context: ./c, dockerfile: Dockerfile.gpu } }
  d: { build: { dockerfile: D } }
`);
    assert.equal(r.service('a').image, 'app:1');
    assert.deepEqual(r.service('a').profiles, ['gpu']);
    assert.deepEqual(r.service('b').build, { context: './svc' });
    assert.deepEqual(r.service('c').build, { context: './c', dockerfile: 'Dockerfile.gpu' });
    assert.deepEqual(r.service('d').build, { context: '.', dockerfile: 'D' });
    assert.equal(r.service('b').image, undefined);
  });
});
