// Reads one of the small files the docker CLI and ssh keep (config.json, a context's meta.json, TLS PEMs, private
// keys), and says in words why it cannot be used. Never blocks on a FIFO, never swallows a huge file.
import { promises as fs } from 'node:fs';

export type LocalFile =
  | { readonly state: 'read'; readonly text: string }
  | { readonly state: 'missing' }
  /** reason starts with the path: "/x/meta.json cannot be read (EACCES: permission denied)". */
  | { readonly state: 'unusable'; readonly reason: string };

/** Far above any config, PEM or key; anything bigger is not what we are looking for. */
const MAX_BYTES = 1024 * 1024;

export async function readLocalFile(path: string): Promise<LocalFile> {
  try {
    const stat = await fs.stat(path);
    // Reading a FIFO would wait for a writer forever; a directory or device is not a config file either.
    if (!stat.isFile()) return { state: 'unusable', reason: `${path} is not a regular file` };
    if (stat.size > MAX_BYTES) return { state: 'unusable', reason: `${path} is larger than 1 MiB` };
    return { state: 'read', text: await fs.readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'missing' };
    // Node's message repeats the path after a comma: "EACCES: permission denied, open '/x'".
    const message = error instanceof Error ? (error.message.split(', ')[0] ?? error.message) : String(error);
    return { state: 'unusable', reason: `${path} cannot be read (${message})` };
  }
}
