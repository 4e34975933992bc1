// What-if edits from the placement preview (one node of a type more or less, another replica count), applied to a
// problem as data so the host keeps only the list of edits and re-solves the original problem with them.
import type { NodeCapacity, PlacementProblem } from './placementProblem';

export type WhatIfEdit =
  /** One more node of `type`: a copy of the last node of that type, named `<type>-<n>`. */
  | { readonly kind: 'addNode'; readonly type: string }
  /** The last node of `type` taken away. */
  | { readonly kind: 'removeNode'; readonly type: string }
  | { readonly kind: 'setReplicas'; readonly service: string; readonly replicas: number }
  /** Back to the original problem: the edits before it no longer count. */
  | { readonly kind: 'reset' };

/** The what-if type of a node: its inventory type, or its own name when it has none (a node of one). */
export function nodeTypeOf(node: NodeCapacity): string {
  return node.type ?? node.name;
}

/**
 * The problem with the edits applied in order. Edits that no longer match (a service or node type that is gone, say
 * after the compose file changed under a restored panel) are skipped rather than failing the whole preview.
 */
export function applyWhatIf(problem: PlacementProblem, edits: readonly WhatIfEdit[]): PlacementProblem {
  let nodes = problem.nodes;
  let services = problem.services;
  for (const edit of edits) {
    switch (edit.kind) {
      case 'reset':
        nodes = problem.nodes;
        services = problem.services;
        break;
      case 'addNode': {
        // Once every node of a type is removed, the original problem still has its template.
        const template = lastOfType(nodes, edit.type) ?? lastOfType(problem.nodes, edit.type);
        if (template) nodes = [...nodes, cloneNode(template, edit.type, nodes)];
        break;
      }
      case 'removeNode': {
        const last = lastOfType(nodes, edit.type);
        if (last) nodes = nodes.filter((n) => n !== last);
        break;
      }
      case 'setReplicas':
        services = services.map((s) => (s.name === edit.service ? { ...s, replicas: edit.replicas } : s));
        break;
    }
  }
  return nodes === problem.nodes && services === problem.services ? problem : { ...problem, nodes, services };
}

function lastOfType(nodes: readonly NodeCapacity[], type: string): NodeCapacity | undefined {
  for (let i = nodes.length - 1; i >= 0; i -= 1) {
    const node = nodes[i];
    if (node && nodeTypeOf(node) === type) return node;
  }
  return undefined;
}

function cloneNode(template: NodeCapacity, type: string, nodes: readonly NodeCapacity[]): NodeCapacity {
  const taken = new Set(nodes.flatMap((n) => [n.name, n.hostname ?? n.name]));
  let n = nodes.filter((node) => nodeTypeOf(node) === type).length + 1;
  while (taken.has(`${type}-${n}`)) n += 1;
  const name = `${type}-${n}`;
  // A copy is another machine: its own name (and hostname, when the template set one), the template's type so that
  // further edits find it.
  const clone: NodeCapacity = { ...template, name, type };
  return template.hostname === undefined ? clone : { ...clone, hostname: name };
}
