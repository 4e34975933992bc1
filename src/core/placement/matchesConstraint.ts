// Whether a node meets one `node.*` placement constraint, with Docker Swarm's rules (swarmkit manager/constraint):
// values compare case-insensitively, a missing label reads as "", and a key Swarm does not know matches no node.
import type { NodeCapacity, NodeConstraint } from './placementProblem';

const LABEL_PREFIX = 'node.labels.';

export function matchesConstraint(node: NodeCapacity, constraint: NodeConstraint): boolean {
  const actual = constraintValue(node, constraint.key);
  if (actual === undefined) return false;
  const equal = actual.toLowerCase() === constraint.value.toLowerCase();
  return constraint.op === '==' ? equal : !equal;
}

/** The node's value for a constraint key; undefined when the key is not one Swarm understands. */
function constraintValue(node: NodeCapacity, key: string): string | undefined {
  if (key.length > LABEL_PREFIX.length && key.toLowerCase().startsWith(LABEL_PREFIX)) {
    // The label name itself is case-sensitive in Swarm; only the prefix is not.
    return node.labels?.[key.slice(LABEL_PREFIX.length)] ?? '';
  }
  switch (key.toLowerCase()) {
    case 'node.id':
      return node.name;
    case 'node.hostname':
      return node.hostname ?? node.name;
    case 'node.role':
      return node.role ?? '';
    case 'node.platform.os':
      return node.platform?.os ?? '';
    case 'node.platform.arch':
      return node.platform?.arch ?? '';
    default:
      return undefined;
  }
}
