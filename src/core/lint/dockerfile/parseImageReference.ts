// Splits an image reference the way the Docker CLI reads it: an optional registry (a first path part with a dot, a port
// or `localhost`), the repository (Docker Hub's `library/` and `docker.io/` dropped), a tag and a digest.

export interface ImageReference {
  /** `nvcr.io`, `ghcr.io`, `localhost:5000`; undefined for Docker Hub. */
  readonly registry: string | undefined;
  /** Lower case, e.g. `python`, `nvidia/cuda`, `nvidia/tritonserver`. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export function parseImageReference(reference: string): ImageReference {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = undefined;
  let repository = rest.toLowerCase();
  if (registry === undefined && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return { registry, repository, tag: tag === '' ? undefined : tag, digest: digest === '' ? undefined : digest };
}
