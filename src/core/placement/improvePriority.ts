// Places more priority when not everything fits: ruin and recreate, which also offers the left-out replicas a place
// each step and takes gangs off and puts them back whole, until the time is up or the plan meets the bound.
import type { PlacementState } from './placementState';
import type { SearchContext } from './searchContext';
import { ruinAndRecreate } from './ruinAndRecreate';


export function improvePriority(state: PlacementState, ctx: SearchContext): void {
  // (Exact steps on a few nodes at a time were tried here as for spread; they found nothing ruin and recreate
  // did not, in less time.)
  if (state.unplacedReplicas() > 0) ruinAndRecreate(state, 'priority', ctx);
}
