// A plan as Kubernetes manifests: one Deployment per service and node, pinned to that node with required node
// affinity on kubernetes.io/hostname, requesting what the plan reserved (CPU, memory, NVIDIA GPUs).
import { Document, isScalar } from 'yaml';
import type { PlacementProblem, Plan } from '../placementProblem';
import { groupPlan, type NodeShare, type ServicePlacement } from './groupPlan';

export interface KubernetesExportOptions {
  readonly namespace?: string;
  /** Image per service name; services without one get a placeholder, marked by a comment. */
  readonly images?: Readonly<Record<string, string>>;
}

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const DNS_LABEL_MAX = 63;
const GPU_RESOURCE = 'nvidia.com/gpu';
/** What a label value may be (RFC 1123-ish, any case, dots and underscores inside). */
const LABEL_VALUE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

export function exportKubernetes(plan: Plan, problem: PlacementProblem, options: KubernetesExportOptions = {}): string {
  const groups = groupPlan(plan, problem);
  const taken = new Set<string>();
  const documents: Document[] = [];
  for (const group of groups) {
    for (const share of group.shares) {
      const name = uniqueName(group.shares.length === 1 ? dnsLabel(group.service) : serviceOnNode(group.service, share.node), taken);
      documents.push(deployment(group, share, name, options));
    }
  }

  const short = groups.filter((g) => g.placed < g.requested || g.unplaced > 0);
  const header = [
    `Placement plan by Berth (objective ${plan.objective}, ${plan.status}): one Deployment per service and node, pinned with node affinity.`,
    'Containers carry the image and the resources the plan reserved; add ports, environment, volumes and probes from the compose file.',
    'kubectl apply -f <this file>',
    ...short.map((g) => {
      const why = g.reasons.length > 0 ? g.reasons.join('; ') : 'the plan does not place it';
      return g.placed === 0 ? `Not placed: ${g.service}: ${why}` : `${g.service}: ${g.placed} of ${g.requested} replicas placed; the rest not: ${why}`;
    }),
  ]
    .map((line) => ` ${line}`)
    .join('\n');

  const first = documents[0];
  if (!first) return `${header.replace(/^ /gm, '# ')}\n`;
  first.commentBefore = first.commentBefore ? `${header}\n\n${first.commentBefore}` : header;
  return documents.map((d) => d.toString({ lineWidth: 0 })).join('---\n');
}

function deployment(group: ServicePlacement, share: NodeShare, name: string, options: KubernetesExportOptions): Document {
  const demand = group.demand;
  const appName = LABEL_VALUE.test(group.service) ? group.service : dnsLabel(group.service);
  const labels = { 'app.kubernetes.io/name': appName, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/managed-by': 'berth' };
  const gpus = demand?.gpus === 'all' ? (share.capacity?.gpus ?? 0) : (demand?.gpus ?? 0);

  const requests: Record<string, string | number> = {};
  const limits: Record<string, string | number> = {};
  if (demand && demand.cpuMillis > 0) requests.cpu = `${Math.ceil(demand.cpuMillis)}m`;
  if (demand && demand.memoryBytes > 0) {
    // The memory limit equals the request: a container that grows past what the plan reserved is killed on its own
    // node, instead of pushing its neighbours out. No CPU limit: CPU beyond the request is shared, not lost.
    requests.memory = limits.memory = memoryQuantity(demand.memoryBytes);
  }
  if (gpus > 0) requests[GPU_RESOURCE] = limits[GPU_RESOURCE] = gpus;
  const resources = {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };

  const image = options.images?.[group.service];
  const manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(options.namespace ? { namespace: options.namespace } : {}), labels },
    spec: {
      replicas: share.replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': appName, 'app.kubernetes.io/instance': name } },
      // The node holds what the plan put there and no more: replace pods one at a time instead of surging a new one in.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [share.hostname] }] }],
              },
            },
          },
          // GPU nodes are often tainted so that only GPU pods land there.
          ...(gpus > 0 ? { tolerations: [{ key: GPU_RESOURCE, operator: 'Exists', effect: 'NoSchedule' }] } : {}),
          containers: [
            {
              name: dnsLabel(group.service),
              image: image ?? `registry.example/${dnsLabel(group.service)}:latest`,
              ...(Object.keys(resources).length > 0 ? { resources } : {}),
            },
          ],
        },
      },
    },
  };
  // The pod template repeats the Deployment's labels: written out, not as a YAML alias, for readers and `kubectl diff`.
  const doc = new Document(manifest, { aliasDuplicateObjects: false });
  if (group.shares.length > 1) doc.commentBefore = ` ${group.service} on ${share.node}: ${share.replicas} of its ${group.placed} placed replicas`;
  if (image === undefined) {
    const node = doc.getIn(['spec', 'template', 'spec', 'containers', 0, 'image'], true);
    if (isScalar(node)) node.comment = ` placeholder: no image given for service "${group.service}"`;
  }
  return doc;
}

/** Whole GiB when exact, else MiB rounded up so the request never falls below the plan. */
function memoryQuantity(bytes: number): string {
  if (bytes % GiB === 0) return `${bytes / GiB}Gi`;
  return `${Math.ceil(bytes / MiB)}Mi`;
}

/** A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 long. */
export function dnsLabel(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, DNS_LABEL_MAX)
    .replace(/^-+|-+$/g, '');
  return label || 'service';
}

/** `<service>-<node>`, the service part shortened so that the node part always shows. */
function serviceOnNode(service: string, node: string): string {
  const nodePart = dnsLabel(node).slice(0, 30).replace(/-+$/, '');
  return `${dnsLabel(service).slice(0, DNS_LABEL_MAX - nodePart.length - 1).replace(/-+$/, '')}-${nodePart}`;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base.slice(0, DNS_LABEL_MAX).replace(/-+$/, '');
  for (let n = 2; taken.has(name); n++) {
    const suffix = `-${n}`;
    name = `${base.slice(0, DNS_LABEL_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
  }
  taken.add(name);
  return name;
}
