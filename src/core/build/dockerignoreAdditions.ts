// The lines the "keep weights out of the build context" fix appends to `.dockerignore`: each weight file by its
// literal path, or `folder/*.ext` where a folder holds many of one kind, skipping what the file already says.
import * as path from 'node:path';
import { escapePattern } from './contextFilter';

/** Files of one extension in one folder from which a `folder/*.ext` line replaces the single paths. */
const COLLAPSE_AT = 5;
export const DOCKERIGNORE_FIX_HEADER = '# Model weights: mount them at run time instead of copying them into the image (added by Berth)';

/** `weightFiles`: relative to the context, forward slashes. Returns '' when nothing needs adding. */
export function dockerignoreAdditions(weightFiles: readonly string[], existingText = ''): string {
  const existing = new Set(existingText.split(/\r?\n/u).map((l) => l.trim()));
  const groups = new Map<string, string[]>();
  for (const file of weightFiles) {
    const key = `${path.posix.dirname(file)}\0${path.posix.extname(file).toLowerCase()}`;
    const group = groups.get(key) ?? [];
    group.push(file);
    groups.set(key, group);
  }
  const lines: string[] = [];
  for (const [key, files] of groups) {
    const [dir = '.', ext = ''] = key.split('\0');
    // Only an extension in one case can be globbed: the matcher is case-sensitive.
    const sameCase = files.every((f) => path.posix.extname(f) === path.posix.extname(files[0] ?? ''));
    if (files.length >= COLLAPSE_AT && ext && sameCase) {
      const realExt = path.posix.extname(files[0] ?? '');
      lines.push(`${dir === '.' ? '' : `${escapePattern(dir)}/`}*${escapePattern(realExt)}`);
    } else {
      lines.push(...files.map((f) => escapePattern(f)));
    }
  }
  const fresh = [...new Set(lines)].filter((l) => !existing.has(l)).sort();
  if (fresh.length === 0) return '';
  const lead = existingText === '' || existingText.endsWith('\n') ? '' : '\n';
  const header = existing.has(DOCKERIGNORE_FIX_HEADER) ? [] : [DOCKERIGNORE_FIX_HEADER];
  return `${lead}${existingText.trim() === '' ? '' : '\n'}${[...header, ...fresh].join('\n')}\n`;
}
