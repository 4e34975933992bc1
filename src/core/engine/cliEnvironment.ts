// The environment a `docker` CLI child process needs to talk to the engine Berth talks to: a context by name when
// the connection came from one, else DOCKER_HOST (with the TLS folder when TLS is on). Anything else is left as is.
import type { ResolvedConnection } from './resolveConnection';

export function cliEnvironment(connection: ResolvedConnection): Record<string, string | undefined> {
  const fromContext = connection.source === 'setting-context' || connection.source === 'DOCKER_CONTEXT' || connection.source === 'config-context';
  if (fromContext && connection.contextName && connection.contextName !== 'default') {
    return { DOCKER_CONTEXT: connection.contextName, DOCKER_HOST: undefined, DOCKER_TLS: undefined, DOCKER_TLS_VERIFY: undefined, DOCKER_CERT_PATH: undefined };
  }
  return {
    DOCKER_HOST: connection.address,
    DOCKER_CONTEXT: undefined,
    // The CLI's DOCKER_TLS encrypts without checking the server's certificate; DOCKER_TLS_VERIFY checks it.
    DOCKER_TLS: connection.tls && !connection.tls.verify ? '1' : undefined,
    DOCKER_TLS_VERIFY: connection.tls?.verify ? '1' : undefined,
    DOCKER_CERT_PATH: connection.tls?.from,
  };
}
