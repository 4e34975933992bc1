// The GPUs a swarm node advertises as generic resources, per resource kind.

/** One entry of a node's `Description.Resources.GenericResources`. */
export interface GenericResourceLike {
  readonly DiscreteResourceSpec?: { readonly Kind?: string; readonly Value?: number } | null;
  readonly NamedResourceSpec?: { readonly Kind?: string; readonly Value?: string } | null;
}

/** Kinds that name a GPU: `gpu`, `GPU`, `nvidia.com/gpu`, `NVIDIA-GPU` (NVIDIA's docs), `amd.com/gpu`; as describeNode counts them. */
const GPU_KIND = /(?:^|[./-])gpu$/i;

/**
 * GPU count per kind: a discrete resource counts its value, a named one counts once per distinct name (one UUID, one
 * GPU), in first-seen kind order. A service must reserve the same kind the node advertises, so the kinds stay apart.
 */
export function swarmGpus(resources: readonly GenericResourceLike[] | null | undefined): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  const names = new Map<string, Set<string>>();
  for (const resource of resources ?? []) {
    const discrete = resource.DiscreteResourceSpec;
    if (discrete?.Kind && GPU_KIND.test(discrete.Kind)) {
      counts.set(discrete.Kind, (counts.get(discrete.Kind) ?? 0) + Math.max(0, discrete.Value ?? 0));
    }
    const named = resource.NamedResourceSpec;
    if (named?.Kind && GPU_KIND.test(named.Kind)) {
      let seen = names.get(named.Kind);
      if (!seen) names.set(named.Kind, (seen = new Set()));
      const name = named.Value ?? '';
      if (!seen.has(name)) {
        seen.add(name);
        counts.set(named.Kind, (counts.get(named.Kind) ?? 0) + 1);
      }
    }
  }
  return counts;
}
