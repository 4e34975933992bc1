// The compose file's security rules: privileged containers, the Docker socket, host networking, every capability, and
// secrets written as literal `environment` values.
import { isMap, isScalar, type Document, type Scalar, type YAMLMap } from 'yaml';
import { isSecretName } from '../isSecretName';
import { deletePairEdit } from './composeEdits';
import { itemsOf, pairOf, resolveNode, scalarText, seqAt, type ComposeCheck, type RawService } from './composeCheck';

const PRIVILEGED = 'berth/compose-privileged';
const SOCKET = 'berth/compose-docker-socket';
const HOST_NETWORK = 'berth/compose-host-network';
const CAP_ALL = 'berth/compose-cap-add-all';
const SECRET = 'berth/compose-secret-in-environment';

/** Environment that only multi-node collective communication sets: host networking is then usually on purpose. */
const NEEDS_HOST_NETWORK = /^(?:NCCL_|MASTER_ADDR$|MASTER_PORT$|GLOO_SOCKET_IFNAME$|UCX_|NVSHMEM_|TP_SOCKET_IFNAME$)/;

export function checkComposeSecurity(check: ComposeCheck): void {
  const doc = check.main.document;
  for (const service of check.services) {
    if (check.enabled(PRIVILEGED)) privileged(check, doc, service);
    if (check.enabled(SOCKET)) dockerSocket(check, doc, service);
    if (check.enabled(HOST_NETWORK)) hostNetwork(check, doc, service);
    if (check.enabled(CAP_ALL)) capAddAll(check, doc, service);
    if (check.enabled(SECRET)) secrets(check, doc, service);
  }
}

function privileged(check: ComposeCheck, doc: Document, service: RawService): void {
  const pair = pairOf(doc, service.map, 'privileged');
  if (!pair || scalarText(doc, pair.value) !== 'true') return;
  const edit = service.map.items.includes(pair) ? deletePairEdit(check, service.map, pair) : undefined;
  check.report(
    PRIVILEGED,
    `${service.name} runs privileged: every capability and every host device, root on the host in all but name — GPUs need no privilege; remove it`,
    check.rangeOf(pair),
    edit ? [{ title: 'Remove privileged: true', edits: [edit] }] : [],
  );
}

function dockerSocket(check: ComposeCheck, doc: Document, service: RawService): void {
  for (const item of seqAt(doc, service.map, 'volumes')?.items ?? []) {
    const node = resolveNode(doc, item);
    const source = isMap(node) ? scalarText(doc, pairOf(doc, node, 'source')?.value) : (scalarText(doc, node)?.split(':')[0] ?? undefined);
    if (source === undefined || !/(?:^|\/)(?:docker|podman)\.sock$/.test(source.trim())) continue;
    check.report(
      SOCKET,
      `${service.name} mounts the engine socket ${source.trim()}: whoever controls this container controls the host — remove the mount, or put a socket proxy in front`,
      check.rangeOf(item as Scalar),
    );
  }
}

function hostNetwork(check: ComposeCheck, doc: Document, service: RawService): void {
  const pair = pairOf(doc, service.map, 'network_mode');
  if (!pair || scalarText(doc, pair.value) !== 'host') return;
  if (environmentNames(doc, service.map).some((name) => NEEDS_HOST_NETWORK.test(name))) return;
  const ports = pairOf(doc, service.map, 'ports') ? ' (its ports: are ignored)' : '';
  check.report(
    HOST_NETWORK,
    `${service.name} uses the host's network${ports}: every port the server opens is reachable on every interface — publish the ports it needs on 127.0.0.1 instead`,
    check.rangeOf(pair),
  );
}

function capAddAll(check: ComposeCheck, doc: Document, service: RawService): void {
  for (const item of seqAt(doc, service.map, 'cap_add')?.items ?? []) {
    if (!/^(?:CAP_)?ALL$/i.test(scalarText(doc, item)?.trim() ?? '')) continue;
    check.report(CAP_ALL, `${service.name} adds every capability: as strong as root on the host — add only the ones it needs`, check.rangeOf(item as Scalar));
  }
}

/** `${VAR}`, `$VAR`, `${VAR:-default}`: the value comes from the environment or `.env`, not from this file. */
const INTERPOLATED = /^\$(?:\{[^}]+\}|[A-Za-z_][A-Za-z0-9_]*)$/;

function secrets(check: ComposeCheck, doc: Document, service: RawService): void {
  const env = resolveNode(doc, pairOf(doc, service.map, 'environment')?.value);
  const report = (name: string, node: Scalar, newText: string): void => {
    const range = check.rangeOf(node);
    check.report(
      SECRET,
      `${service.name}: ${name} is written in the compose file, so it lands in version control and \`docker inspect\` — keep it in .env and write \${${name}}`,
      range,
      [{ title: `Read ${name} from the environment (\${${name}})`, edits: [{ range, newText }] }],
    );
  };
  if (isMap(env)) {
    for (const pair of env.items) {
      const name = scalarText(doc, pair.key);
      const value = pair.value;
      if (name === undefined || !isScalar(value) || !isSecretName(name)) continue;
      const written = scalarText(doc, value) ?? '';
      if (written.trim() === '' || INTERPOLATED.test(written.trim())) continue;
      report(name, value, `\${${name}}`);
    }
  } else {
    for (const item of itemsOf(doc, env)) {
      const entry = scalarText(doc, item);
      const eq = entry?.indexOf('=') ?? -1;
      if (entry === undefined || eq <= 0 || !isScalar(item)) continue;
      const name = entry.slice(0, eq).trim();
      const written = entry.slice(eq + 1).trim();
      if (!isSecretName(name) || written === '' || INTERPOLATED.test(written)) continue;
      report(name, item, `${name}=\${${name}}`);
    }
  }
}

function environmentNames(doc: Document, map: YAMLMap): string[] {
  const env = resolveNode(doc, pairOf(doc, map, 'environment')?.value);
  if (isMap(env)) return env.items.map((p) => scalarText(doc, p.key) ?? '');
  return itemsOf(doc, env).map((i) => (scalarText(doc, i) ?? '').split('=')[0] ?? '');
}
