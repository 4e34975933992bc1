// Published ports as one short line: "127.0.0.1:5000→5000, 8080→80, 53→53/udp".
import type { PublishedPort } from './publishedPorts';

/** `127.0.0.1:5000→5000, 8080→80, 53→53/udp`; empty when nothing is published. */
export function formatPorts(ports: readonly PublishedPort[]): string {
  return ports
    .map((p) => {
      const host = p.hostIp === undefined ? '' : p.hostIp.includes(':') ? `[${p.hostIp}]:` : `${p.hostIp}:`;
      return `${host}${p.hostPort}→${p.containerPort}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`;
    })
    .join(', ');
}
