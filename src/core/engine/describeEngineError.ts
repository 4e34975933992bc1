// Turns a failed engine call into what happened and what the user can do about it, naming where the address came from.
import type { ConnectionSource } from './connectionError';

export interface EngineProblem {
  readonly summary: string;
  readonly advice: string;
}

/** Where the failing engine is: a ResolvedConnection fits. */
export interface EngineWhere {
  readonly address: string;
  readonly source: ConnectionSource;
  /** When present (ResolvedConnection.sourceDetail), it names the source instead of the generic wording. */
  readonly sourceDetail?: string;
}

const SOURCE_NAMES: Readonly<Record<ConnectionSource, string>> = {
  setting: 'the berth.docker.host setting',
  'setting-context': 'the context in the berth.docker.context setting',
  DOCKER_HOST: 'DOCKER_HOST',
  DOCKER_CONTEXT: 'the context in DOCKER_CONTEXT',
  'config-context': 'the current docker context',
  'default-socket': 'the default socket',
};

const START_OR_REPOINT: Readonly<Record<ConnectionSource, string>> = {
  setting: 'Start that engine, or change the berth.docker.host setting.',
  'setting-context': 'Start that engine, or change the berth.docker.context setting ("Berth: Switch Docker Context").',
  DOCKER_HOST: 'Start that engine, or change DOCKER_HOST in the environment VS Code starts from, or set berth.docker.host.',
  DOCKER_CONTEXT: 'Start that engine, or change DOCKER_CONTEXT, or pick a context with "Berth: Switch Docker Context".',
  'config-context': 'Start that engine, or run "docker context use default", or pick another context with "Berth: Switch Docker Context".',
  'default-socket': 'Start Docker, or point DOCKER_HOST or the berth.docker.host setting at a running engine.',
};

export function describeEngineError(error: unknown, where: EngineWhere): EngineProblem {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const status = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const at = `${where.address} (from ${where.sourceDetail ?? SOURCE_NAMES[where.source]})`;
  const pick = START_OR_REPOINT[where.source];
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
