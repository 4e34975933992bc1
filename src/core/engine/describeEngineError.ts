// Turns a failed engine call into what happened and what the user can do about it.
import type { EngineAddress } from './engineAddress';

export interface EngineProblem {
  readonly summary: string;
  readonly advice: string;
}

export function describeEngineError(error: unknown, where: EngineAddress): EngineProblem {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const status = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const at = `${where.address} (from ${where.source === 'setting' ? 'the berth.docker.host setting' : where.source === 'DOCKER_HOST' ? 'DOCKER_HOST' : 'the default socket'})`;
  const pick = 'Start Docker, or point DOCKER_HOST or the berth.docker.host setting at a running engine.';
  switch (code) {
    case 'ENOENT':
      return { summary: `No Docker Engine socket at ${at}.`, advice: pick };
    case 'ECONNREFUSED':
      return { summary: `The Docker Engine at ${at} refused the connection.`, advice: pick };
    case 'EACCES':
    case 'EPERM':
      return {
        summary: `Permission denied on the Docker Engine socket at ${at}.`,
        advice: 'Add your user to the "docker" group (then log in again), or use a rootless engine socket.',
      };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
      return { summary: `The Docker Engine at ${at} cannot be reached (${code}).`, advice: 'Check the host name, the network and the port.' };
    default:
      break;
  }
  if (typeof status === 'number') {
    return { summary: `The Docker Engine at ${at} answered ${status}: ${message}`, advice: 'See the Berth output channel for the details.' };
  }
  return { summary: `The Docker Engine at ${at} failed: ${message}`, advice: pick };
}
