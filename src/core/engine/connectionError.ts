// Why Berth cannot even start talking to an engine: the address, context or TLS material it was pointed at is
// unusable. Carries the source to blame and what the user can do, so every surface can say both.

/** Where an engine address came from, in the order resolveConnection tries them. */
export type ConnectionSource = 'setting' | 'setting-context' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config-context' | 'default-socket';

const FIXES: Readonly<Record<ConnectionSource | 'config', string>> = {
  setting: 'Fix the berth.docker.host setting (unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host) or clear it.',
  'setting-context': 'Set berth.docker.context to a context listed by "docker context ls", or pick one with "Berth: Switch Docker Context".',
  DOCKER_HOST: 'Fix or unset DOCKER_HOST (and DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) in the environment VS Code starts from, or set berth.docker.host.',
  DOCKER_CONTEXT: 'Unset DOCKER_CONTEXT or set it to a context listed by "docker context ls", or pick one with "Berth: Switch Docker Context".',
  'config-context': 'Run "docker context use default" or pick another context with "Berth: Switch Docker Context".',
  'default-socket': 'Start Docker or Podman, or set berth.docker.host.',
  config: 'Repair that file (or move it aside: the docker CLI writes a new one), or set berth.docker.host.',
};

export class ConnectionError extends Error {
  constructor(
    /** 'config' when $DOCKER_CONFIG/config.json itself is unusable. */
    readonly source: ConnectionSource | 'config',
    message: string,
    readonly fix: string = FIXES[source],
    /** The file at fault, when there is one, for an "Open File" action. */
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}
