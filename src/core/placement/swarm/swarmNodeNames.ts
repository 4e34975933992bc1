// The name a swarm node has in a PlacementProblem and a Plan: its hostname, which people read and `node.hostname`
// constraints pin; nodes that share a hostname (or have none) are told apart by their ID.
import type { SwarmNodeInfo } from './nodesFromSwarm';

/** Node ID -> plan node name, for every node given (ready or not), so that tasks on any node can be named. */
export function swarmNodeNames(nodes: readonly SwarmNodeInfo[]): ReadonlyMap<string, string> {
  const perHostname = new Map<string, number>();
  for (const node of nodes) {
    const hostname = node.Description?.Hostname;
    if (hostname) perHostname.set(hostname, (perHostname.get(hostname) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  for (const node of nodes) {
    const hostname = node.Description?.Hostname;
    const shortId = node.ID.slice(0, 12);
    names.set(node.ID, !hostname ? shortId : perHostname.get(hostname) === 1 ? hostname : `${hostname}-${shortId}`);
  }
  return names;
}
