// The ports a container publishes on its host, from the list call's Ports entries.

/** One published port, as the list call gives it (`ContainerInfo.Ports`). */
export interface PublishedPort {
  readonly hostIp: string | undefined;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: string;
}

/** The engine's Ports entries (exposed-only ones have no PublicPort) in a plain shape. */
export interface PortEntryLike {
  readonly IP?: string;
  readonly PrivatePort: number;
  readonly PublicPort?: number;
  readonly Type: string;
}

/**
 * Published ports only, one per (host port, container port, protocol): the engine lists a port bound on all
 * addresses twice (0.0.0.0 and ::), and one line is enough for the reader.
 */
export function publishedPorts(entries: readonly PortEntryLike[]): PublishedPort[] {
  const seen = new Map<string, PublishedPort>();
  for (const e of entries) {
    if (!e.PublicPort) continue;
    const wildcard = e.IP === undefined || e.IP === '' || e.IP === '0.0.0.0' || e.IP === '::';
    const hostIp = wildcard ? undefined : e.IP;
    const key = `${hostIp ?? '*'}|${e.PublicPort}|${e.PrivatePort}|${e.Type}`;
    if (!seen.has(key)) seen.set(key, { hostIp, hostPort: e.PublicPort, containerPort: e.PrivatePort, protocol: e.Type });
  }
  return [...seen.values()].sort((a, b) => a.hostPort - b.hostPort || a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol));
}
