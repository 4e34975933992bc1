// A plan as a compose override file: each service pinned to its planned nodes with deploy.placement constraints, to
// deploy on top of the project's own files (`docker stack deploy -c compose.yaml -c <override> <stack>`).
import { Document, isMap, isScalar, type Node } from 'yaml';
import type { PlacementProblem, Plan } from '../placementProblem';
import { groupPlan, type ServicePlacement } from './groupPlan';

export interface ComposeOverrideOptions {
  /** Lines for the top of the file (what it was generated from, say). */
  readonly header?: string;
}

/** The node label that marks the nodes of a service spread over several (`node.labels.<key> == true`). */
export function planLabelKey(service: string): string {
  return `berth.plan.${service}`;
}

export function exportComposeOverride(plan: Plan, problem: PlacementProblem, options: ComposeOverrideOptions = {}): string {
  const groups = groupPlan(plan, problem);
  const services: Record<string, unknown> = {};
  const labelCommands: string[] = [];
  const notes = new Map<string, string>();
  for (const group of groups) {
    services[group.service] = { deploy: deployFor(group, labelCommands) };
    const note = noteFor(group);
    if (note) notes.set(group.service, note);
  }
  const assignments: Record<string, Record<string, number>> = {};
  for (const group of groups) {
    if (group.shares.length > 0) assignments[group.service] = Object.fromEntries(group.shares.map((s) => [s.node, s.replicas]));
  }

  // x-berth-plan keeps the exact per-node counts, which constraints alone cannot say; compose ignores x- keys.
  const doc = new Document({
    services,
    'x-berth-plan': { objective: plan.objective, status: plan.status, assignments },
  });
  const spread = groups.filter((g) => g.shares.length > 1);
  doc.commentBefore = [
    ...(options.header ? options.header.split('\n') : []),
    `Placement plan by Berth (objective ${plan.objective}, ${plan.status}) as a compose override: deploy it on top of the project's files,`,
    'e.g. docker stack deploy -c compose.yaml -c <this file> <stack>. Constraints add to those the services already have.',
    ...(spread.length > 0
      ? [
          '',
          `${spread.map((g) => g.service).join(', ')} run${spread.length === 1 ? 's' : ''} on several nodes: a service cannot list exact counts per node, so`,
          'it runs on the nodes labelled for it, at most as many replicas per node as the plan puts on its busiest node. Label them once:',
          ...labelCommands.map((c) => `  ${c}`),
          'Swarm then chooses among those nodes, so counts per node can differ from the plan; "Apply to Swarm" places exact counts.',
        ]
      : []),
  ]
    .map((line) => (line ? ` ${line}` : ''))
    .join('\n');

  const servicesNode = doc.get('services', true);
  if (isMap(servicesNode)) {
    for (const pair of servicesNode.items) {
      const key = pair.key as Node;
      const note = isScalar(key) ? notes.get(String(key.value)) : undefined;
      if (note) key.commentBefore = ` ${note}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

function deployFor(group: ServicePlacement, labelCommands: string[]): Record<string, unknown> {
  const [only] = group.shares;
  if (!only) return { replicas: 0 };
  if (group.shares.length === 1) {
    return { replicas: group.placed, placement: { constraints: [`node.hostname == ${only.hostname}`] } };
  }
  const key = planLabelKey(group.service);
  for (const share of group.shares) labelCommands.push(`docker node update --label-add ${shellWord(`${key}=true`)} ${shellWord(share.hostname)}`);
  return {
    replicas: group.placed,
    placement: {
      constraints: [`node.labels.${key} == true`],
      max_replicas_per_node: Math.max(...group.shares.map((s) => s.replicas)),
    },
  };
}

/** Why a service runs fewer replicas than it asks for, or undefined when it runs them all. */
function noteFor(group: ServicePlacement): string | undefined {
  const why = group.reasons.length > 0 ? group.reasons.join('; ') : 'the plan does not place it';
  if (group.placed === 0) return `Not placed: ${why}`;
  const missing = Math.max(group.unplaced, group.requested - group.placed);
  if (missing <= 0) return undefined;
  return `${group.placed} of ${group.requested} replicas placed; ${missing} not: ${why}`;
}

/** A word the shell passes through unchanged: quoted unless it is plain. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9._\-=/:@]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
