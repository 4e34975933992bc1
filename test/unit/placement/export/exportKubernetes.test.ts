// Kubernetes manifests: one Deployment per service and node whose replicas, resources and node affinity match the
// plan exactly, with valid and unique names whatever the service is called.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { exportKubernetes } from '../../../../src/core/placement/export/exportKubernetes';
import type { PlacementProblem, Plan } from '../../../../src/core/placement/placementProblem';
import { parseQuantity } from '../../../../src/core/placement/nodes/parseQuantity';
import { samplePlan, sampleProblem } from './samplePlan';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

interface Container {
  name: string;
  image: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}
interface Deployment {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchExpressions: { key: string; operator: string; values: string[] }[] }[] } } };
        tolerations?: { key: string }[];
        containers: Container[];
      };
    };
  };
}

function deployments(text: string): Deployment[] {
  const docs = parseAllDocuments(text);
  assert.ok(Array.isArray(docs));
  for (const d of docs) assert.deepEqual(d.errors, []);
  return docs.map((d) => d.toJS() as Deployment | null).filter((d): d is Deployment => d !== null);
}

function pinnedHost(d: Deployment): string {
  const terms = d.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
  assert.equal(terms.length, 1);
  const [expression] = terms[0]?.matchExpressions ?? [];
  assert.equal(expression?.key, 'kubernetes.io/hostname');
  assert.equal(expression.operator, 'In');
  assert.equal(expression.values.length, 1);
  return expression.values[0] ?? '';
}

/** Checks every Deployment against the plan and the problem: counts per node, requests, GPU limits, affinity, names. */
function assertRepresents(text: string, plan: Plan, problem: PlacementProblem, serviceOf: (d: Deployment) => string): Deployment[] {
  const list = deployments(text);
  const names = list.map((d) => d.metadata.name);
  assert.equal(new Set(names).size, names.length, `unique names: ${names.join(', ')}`);
  const selectors = list.map((d) => JSON.stringify(d.spec.selector.matchLabels));
  assert.equal(new Set(selectors).size, selectors.length, 'no two Deployments select the same pods');

  const expected = new Map<string, number>();
  for (const a of plan.assignments) {
    const host = problem.nodes.find((n) => n.name === a.node)?.hostname ?? a.node;
    expected.set(`${a.service} @ ${host}`, (expected.get(`${a.service} @ ${host}`) ?? 0) + a.replicas);
  }
  const actual = new Map<string, number>();
  for (const d of list) {
    assert.equal(d.apiVersion, 'apps/v1');
    assert.equal(d.kind, 'Deployment');
    assert.match(d.metadata.name, DNS_1123_LABEL);
    assert.equal(d.metadata.labels['app.kubernetes.io/managed-by'], 'berth');
    for (const [k, v] of Object.entries(d.spec.selector.matchLabels)) assert.equal(d.spec.template.metadata.labels[k], v, 'the selector matches the pods');
    const service = serviceOf(d);
    const host = pinnedHost(d);
    const key = `${service} @ ${host}`;
    assert.equal(actual.has(key), false, `one Deployment for ${key}`);
    actual.set(key, d.spec.replicas);

    const demand = problem.services.find((s) => s.name === service);
    assert.ok(demand, service);
    const [container] = d.spec.template.spec.containers;
    assert.ok(container);
    assert.match(container.name, DNS_1123_LABEL);
    const requests = container.resources?.requests ?? {};
    const limits = container.resources?.limits ?? {};
    assert.equal(requests.cpu, demand.cpuMillis > 0 ? `${demand.cpuMillis}m` : undefined, `${key}: cpu`);
    if (demand.memoryBytes === 0) {
      assert.equal(requests.memory, undefined, `${key}: no memory request`);
    } else {
      const memory = parseQuantity(requests.memory);
      assert.ok(memory !== undefined && memory >= demand.memoryBytes && memory < demand.memoryBytes + MiB, `${key}: memory ${String(requests.memory)}`);
    }
    assert.equal(limits.memory, requests.memory);
    const node = problem.nodes.find((n) => (n.hostname ?? n.name) === host);
    const gpus = demand.gpus === 'all' ? (node?.gpus ?? 0) : demand.gpus;
    assert.equal(limits['nvidia.com/gpu'], gpus > 0 ? gpus : undefined, `${key}: GPU limit`);
    assert.equal(requests['nvidia.com/gpu'], limits['nvidia.com/gpu'], `${key}: GPU request = limit`);
    assert.equal(d.spec.template.spec.tolerations !== undefined, gpus > 0, `${key}: the GPU taint is tolerated by GPU pods only`);
  }
  assert.deepEqual(actual, expected);
  return list;
}

const byNameLabel = (d: Deployment) => d.metadata.labels['app.kubernetes.io/name'] ?? '';

describe('exportKubernetes', () => {
  test('the sample stack: one Deployment per service and node, replicas and resources as planned', () => {
    const problem = sampleProblem();
    const text = exportKubernetes(samplePlan, problem, { namespace: 'rag', images: { llm: 'vllm/vllm-openai:v0.6.3' } });
    const list = assertRepresents(text, samplePlan, problem, byNameLabel);
    assert.deepEqual(list.map((d) => d.metadata.name).sort(), [
      'embeddings',
      'etl',
      'gateway-l40s-1',
      'gateway-l40s-2',
      'llm-l40s-1',
      'llm-l40s-2',
      'qdrant',
      'redis',
      'reranker',
    ]);
    assert.ok(list.every((d) => d.metadata.namespace === 'rag'));
    const llm = list.filter((d) => byNameLabel(d) === 'llm');
    assert.deepEqual(
      llm.map((d) => d.spec.template.spec.containers[0]?.image),
      ['vllm/vllm-openai:v0.6.3', 'vllm/vllm-openai:v0.6.3'],
    );
    assert.deepEqual(llm[0]?.spec.template.spec.containers[0]?.resources, {
      requests: { cpu: '8000m', memory: '64Gi', 'nvidia.com/gpu': 2 },
      limits: { memory: '64Gi', 'nvidia.com/gpu': 2 },
    });
    // Services without an image get a placeholder that says so.
    assert.match(text, /image: registry\.example\/redis:latest # placeholder: no image given for service "redis"/);
    assert.doesNotMatch(text, /[&*]a\d/, 'no YAML aliases');
  });

  test('memory in Gi when exact, else in Mi rounded up', () => {
    const problem: PlacementProblem = {
      services: [
        { name: 'a', cpuMillis: 250, memoryBytes: 1.5 * GiB, gpus: 0 },
        { name: 'b', cpuMillis: 0, memoryBytes: 1e9, gpus: 0 },
        { name: 'c', cpuMillis: 1000, memoryBytes: 0, gpus: 0 },
      ],
      nodes: [{ name: 'n', cpuMillis: 8000, memoryBytes: 32 * GiB, gpus: 0 }],
    };
    const plan: Plan = { ...samplePlan, assignments: problem.services.map((s) => ({ service: s.name, node: 'n', replicas: 1 })) };
    const list = assertRepresents(exportKubernetes(plan, problem), plan, problem, byNameLabel);
    const resources = list.map((d) => d.spec.template.spec.containers[0]?.resources);
    assert.deepEqual(resources, [
      { requests: { cpu: '250m', memory: '1536Mi' }, limits: { memory: '1536Mi' } },
      { requests: { memory: '954Mi' }, limits: { memory: '954Mi' } },
      { requests: { cpu: '1000m' } },
    ]);
  });

  test('gpus: all asks for every GPU of the node it is pinned to', () => {
    const problem: PlacementProblem = {
      services: [{ name: 'train', replicas: 2, cpuMillis: 1000, memoryBytes: GiB, gpus: 'all' }],
      nodes: [
        { name: 'big', cpuMillis: 64_000, memoryBytes: 512 * GiB, gpus: 8 },
        { name: 'small', cpuMillis: 16_000, memoryBytes: 64 * GiB, gpus: 2 },
      ],
    };
    const plan: Plan = {
      ...samplePlan,
      assignments: [
        { service: 'train', node: 'big', replicas: 1 },
        { service: 'train', node: 'small', replicas: 1 },
      ],
    };
    const list = assertRepresents(exportKubernetes(plan, problem), plan, problem, byNameLabel);
    assert.deepEqual(
      list.map((d) => [d.metadata.name, d.spec.template.spec.containers[0]?.resources?.limits?.['nvidia.com/gpu']]),
      [
        ['train-big', 8],
        ['train-small', 2],
      ],
    );
  });

  test('odd and colliding service and node names become unique DNS-1123 labels', () => {
    const long = `Model_${'x'.repeat(80)}`;
    const problem: PlacementProblem = {
      services: [
        { name: 'LLM.Server_v2', replicas: 2, cpuMillis: 1000, memoryBytes: GiB, gpus: 1 },
        { name: 'a_b', cpuMillis: 100, memoryBytes: GiB, gpus: 0 },
        { name: 'a.b', cpuMillis: 100, memoryBytes: GiB, gpus: 0 },
        { name: '__', cpuMillis: 100, memoryBytes: GiB, gpus: 0 },
        { name: long, replicas: 2, cpuMillis: 100, memoryBytes: GiB, gpus: 0 },
        { name: `${long}y`, cpuMillis: 100, memoryBytes: GiB, gpus: 0 },
      ],
      nodes: [
        { name: 'GPU_Node.1', hostname: 'gpu-node-1.example.com', cpuMillis: 64_000, memoryBytes: 512 * GiB, gpus: 8 },
        { name: 'gpu-node-2', cpuMillis: 64_000, memoryBytes: 512 * GiB, gpus: 8 },
      ],
    };
    const plan: Plan = {
      ...samplePlan,
      assignments: [
        { service: 'LLM.Server_v2', node: 'GPU_Node.1', replicas: 1 },
        { service: 'LLM.Server_v2', node: 'gpu-node-2', replicas: 1 },
        { service: 'a_b', node: 'gpu-node-2', replicas: 1 },
        { service: 'a.b', node: 'gpu-node-2', replicas: 1 },
        { service: '__', node: 'gpu-node-2', replicas: 1 },
        { service: long, node: 'GPU_Node.1', replicas: 1 },
        { service: long, node: 'gpu-node-2', replicas: 1 },
        { service: `${long}y`, node: 'gpu-node-2', replicas: 1 },
      ],
    };
    // The name label keeps a service name that is a valid label value; others are sanitised, so map back by the plan.
    const deploymentsOf = new Map<string, string>();
    const text = exportKubernetes(plan, problem);
    const list = deployments(text);
    for (const d of list) deploymentsOf.set(d.metadata.name, d.metadata.labels['app.kubernetes.io/name'] ?? '');
    const names = list.map((d) => d.metadata.name);
    assert.deepEqual(names.slice(0, 5), ['llm-server-v2-gpu-node-1', 'llm-server-v2-gpu-node-2', 'a-b', 'a-b-2', 'service']);
    assert.ok(names.every((n) => DNS_1123_LABEL.test(n)), names.join(', '));
    assert.equal(new Set(names).size, names.length);
    assert.equal(deploymentsOf.get('llm-server-v2-gpu-node-1'), 'LLM.Server_v2', 'a valid label value is kept as written');
    assert.equal(deploymentsOf.get('service'), 'service');
    const serviceByDeployment = new Map<string, string>([
      ['llm-server-v2-gpu-node-1', 'LLM.Server_v2'],
      ['llm-server-v2-gpu-node-2', 'LLM.Server_v2'],
      ['a-b', 'a_b'],
      ['a-b-2', 'a.b'],
      ['service', '__'],
    ]);
    const longOnes = names.slice(5);
    assert.equal(longOnes.length, 3);
    assert.ok(longOnes.every((n) => n.length <= 63 && n.startsWith('model-xxx')));
    serviceByDeployment.set(longOnes[0] ?? '', long);
    serviceByDeployment.set(longOnes[1] ?? '', long);
    serviceByDeployment.set(longOnes[2] ?? '', `${long}y`);
    assertRepresents(text, plan, problem, (d) => serviceByDeployment.get(d.metadata.name) ?? '');
    assert.equal(pinnedHost(list[0] as Deployment), 'gpu-node-1.example.com', 'affinity uses the hostname');
  });

  test('unplaced services are listed with their reason; a plan with nothing placed is only that comment', () => {
    const problem = sampleProblem();
    const plan: Plan = {
      ...samplePlan,
      assignments: samplePlan.assignments.filter((a) => a.service !== 'etl' && !(a.service === 'gateway' && a.node === 'l40s-2')),
      unplaced: [
        { service: 'etl', replicas: 1, reason: 'needs 8 CPUs; the most any node has left is 6' },
        { service: 'gateway', replicas: 1, reason: 'max 2 per node' },
      ],
    };
    const text = exportKubernetes(plan, problem);
    assertRepresents(text, plan, problem, byNameLabel);
    assert.match(text, /^# Not placed: etl: needs 8 CPUs; the most any node has left is 6$/m);
    assert.match(text, /^# gateway: 2 of 3 replicas placed; the rest not: max 2 per node$/m);

    const nothing = exportKubernetes({ ...plan, assignments: [], status: 'infeasible' }, problem);
    assert.deepEqual(deployments(nothing), []);
    assert.ok(nothing.split('\n').filter(Boolean).every((l) => l.startsWith('#')));
    assert.match(nothing, /^# Not placed: llm: the plan does not place it$/m);
  });
});
