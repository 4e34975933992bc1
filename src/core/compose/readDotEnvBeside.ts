// The `.env` docker compose reads for a compose file: the one in the file's folder (its project directory), or none.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function readDotEnvBeside(composePath: string): { readonly path: string; readonly text: string } | undefined {
  const path = join(dirname(composePath), '.env');
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
