// What the list call's Status text says beyond State: health, exit code, uptime. `docker ps` prints the same text.
import { parseHumanDuration } from './parseHumanDuration';

export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting';

export interface ContainerStatusFacts {
  readonly health: ContainerHealth | undefined;
  /** From "Exited (137) 3 minutes ago" or "Restarting (3) 1 second ago". */
  readonly exitCode: number | undefined;
  /** From "Up 3 minutes": approximate, to the engine's rounding. */
  readonly upForMs: number | undefined;
  /** From "Exited (0) 3 minutes ago": how long ago the state changed. */
  readonly sinceMs: number | undefined;
}

/** Parses "Up 3 minutes (healthy)", "Up 2 hours (health: starting)", "Exited (137) 3 minutes ago", "Restarting (3) 1 second ago". */
export function parseContainerStatus(status: string): ContainerStatusFacts {
  const text = status.trim();
  const healthMatch = /\((healthy|unhealthy|health: starting)\)/.exec(text);
  const health: ContainerHealth | undefined = healthMatch
    ? healthMatch[1] === 'health: starting'
      ? 'starting'
      : (healthMatch[1] as ContainerHealth)
    : undefined;
  const exited = /^(?:Exited|Restarting) \((-?\d+)\)(?: (.+) ago)?/.exec(text);
  if (exited) {
    return { health, exitCode: Number(exited[1]), upForMs: undefined, sinceMs: exited[2] === undefined ? undefined : parseHumanDuration(exited[2]) };
  }
  // "Up 3 minutes", "Up 3 minutes (Paused)", "Up About an hour (healthy)".
  const up = /^Up (.+?)(?: \(.*\))?$/.exec(text);
  return { health, exitCode: undefined, upForMs: up?.[1] === undefined ? undefined : parseHumanDuration(up[1]), sinceMs: undefined };
}
