// `kubectl get nodes -o json` -> nodes: allocatable CPU and memory in Kubernetes quantities, NVIDIA GPUs and their
// memory from GPU feature discovery, roles, and nodes left out (cordoned, NotReady, control plane) with a warning each.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { nodesFromKubectl } from '../../../../src/core/placement/nodes/nodesFromKubectl';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const FIXTURE = resolve(root, 'test', 'unit', 'placement', 'nodes', 'kubectl-get-nodes.json');
const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function fixture(): unknown {
  return JSON.parse(readFileSync(FIXTURE, 'utf8'));
}

test('a six-node cluster: three usable nodes, three left out with the reason', () => {
  const { nodes, warnings } = nodesFromKubectl(fixture());
  assert.deepEqual(
    nodes.map((n) => n.name),
    ['gpu-l40s-a', 'cpu-1', 'arm-1'],
  );
  const [gpu, cpu, arm] = nodes;
  assert.ok(gpu && cpu && arm);
  assert.equal(gpu.cpuMillis, 47_810);
  assert.equal(gpu.memoryBytes, 387_341_204 * KiB);
  assert.equal(gpu.gpus, 4);
  assert.equal(gpu.gpuMemoryBytes, 46_068 * MiB);
  assert.equal(gpu.hostname, 'ip-10-0-1-23', 'kubernetes.io/hostname differs from the node name');
  assert.equal(gpu.role, 'worker');
  assert.equal(gpu.type, 'g6e.12xlarge');
  assert.deepEqual(gpu.platform, { os: 'linux', arch: 'amd64' });
  assert.equal(gpu.labels?.['nvidia.com/gpu.product'], 'NVIDIA-L40S');

  assert.deepEqual([cpu.cpuMillis, cpu.memoryBytes, cpu.gpus, cpu.gpuMemoryBytes, cpu.hostname], [15_890, 63_193_464 * KiB, 0, undefined, undefined]);
  assert.deepEqual([arm.cpuMillis, arm.memoryBytes, arm.platform], [7910, 15 * GiB, { os: 'linux', arch: 'arm64' }]);

  assert.equal(warnings.length, 4, warnings.join('\n'));
  const about = (name: string) => warnings.filter((w) => w.startsWith(`${name} `));
  assert.match(about('cp-1')[0] ?? '', /control-plane.*node-role\.kubernetes\.io\/control-plane:NoSchedule.*left out/);
  assert.match(about('gpu-l40s-b')[0] ?? '', /not Ready \(KubeletNotReady: container runtime network not ready.*left out/);
  assert.match(about('cpu-2')[0] ?? '', /cordoned.*kubectl uncordon cpu-2/);
  assert.match(about('arm-1')[0] ?? '', /taint dedicated=batch:NoSchedule.*toleration/);
  assert.equal(about('gpu-l40s-a').length, 0, 'the NVIDIA taint needs no warning: GPU pods tolerate it');
});

test('a control-plane node that takes workloads is a manager; capacity stands in for a missing allocatable', () => {
  const node = {
    kind: 'Node',
    metadata: { name: 'kind-control-plane', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'kind-control-plane' } },
    status: { capacity: { cpu: '8', memory: '32986188Ki', 'nvidia.com/gpu': '2', 'amd.com/gpu': '1' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
  const { nodes, warnings } = nodesFromKubectl(node);
  assert.deepEqual(nodes, [
    {
      name: 'kind-control-plane',
      cpuMillis: 8000,
      memoryBytes: 32_986_188 * KiB,
      gpus: 2,
      labels: node.metadata.labels,
      role: 'manager',
    },
  ]);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0] ?? '', /no status\.allocatable/);
  assert.match(warnings[1] ?? '', /amd\.com\/gpu.*not counted/);
});

test('GPU memory needs a numeric label and GPUs; odd items and inputs are warnings, not exceptions', () => {
  const base = { metadata: { name: 'n', labels: { 'nvidia.com/gpu.memory': '80GB' } }, status: { allocatable: { cpu: '4', memory: '1e10', 'nvidia.com/gpu': '1' } } };
  const odd = nodesFromKubectl({ kind: 'NodeList', items: [base, { kind: 'Pod', metadata: { name: 'p' } }, { metadata: {} }, { metadata: { name: 'x' }, status: {} }, 7] });
  assert.deepEqual(
    odd.nodes.map((n) => [n.name, n.memoryBytes, n.gpus, n.gpuMemoryBytes]),
    [['n', 1e10, 1, undefined]],
  );
  assert.equal(odd.warnings.length, 5, odd.warnings.join('\n'));
  assert.match(odd.warnings[0] ?? '', /nvidia\.com\/gpu\.memory=80GB is not a number of MiB/);
  assert.match(odd.warnings[1] ?? '', /Item 2 is not a Node/);
  assert.match(odd.warnings[2] ?? '', /no metadata\.name/);
  assert.match(odd.warnings[3] ?? '', /x reports no usable cpu and memory/);

  for (const input of [null, 'nodes', 3, { items: 'x' }, { kind: 'Pod' }]) {
    const result = nodesFromKubectl(input);
    assert.deepEqual(result.nodes, []);
    assert.match(result.warnings[0] ?? '', /not the output of `kubectl get nodes -o json`/);
  }
  assert.deepEqual(nodesFromKubectl({ kind: 'List', items: [] }), { nodes: [], warnings: [] });
});
