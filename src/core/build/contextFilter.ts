// Which paths of a build context go to the engine: `.dockerignore` rules judged by @balena/dockerignore (a port of
// Docker's own matcher), plus the decision the walker needs: may an ignored folder be skipped without listing it?
import ignore from '@balena/dockerignore';
import * as path from 'node:path';

export class ContextFilter {
  private readonly matcher = ignore();
  /** Exception patterns (`!…`), cleaned as Docker cleans them, each split into its path segments. */
  private readonly exceptions: (readonly string[])[] = [];

  /**
   * `forceInclude`: paths relative to the context sent even when a rule ignores them, as the docker CLI does for the
   * Dockerfile and `.dockerignore` itself (it appends `!<path>` to the rules).
   */
  constructor(ignoreText: string, forceInclude: readonly string[] = []) {
    const lines = ignoreText.replace(/^\uFEFF/u, '').split(/\r?\n/u);
    const patterns = lines.filter((l) => l.trim() !== '' && !l.startsWith('#'));
    for (const relative of forceInclude) {
      // Only when ignored, as the CLI does: an unconditional `!x` would cost nothing but a harmless rule.
      if (relative && ignore().add(patterns).ignores(toSlash(relative))) patterns.push(`!${escapePattern(toSlash(relative))}`);
    }
    this.matcher.add(patterns);
    for (const pattern of patterns) {
      const trimmed = pattern.trim();
      if (!trimmed.startsWith('!')) continue;
      const cleaned = cleanPattern(trimmed.slice(1).trim());
      if (cleaned && cleaned !== '.') this.exceptions.push(cleaned.split('/'));
    }
  }

  /** `relative` uses forward slashes, no leading `./`. */
  ignores(relative: string): boolean {
    return this.matcher.ignores(relative);
  }

  /**
   * For an ignored folder: whether some exception could take back a path below it, so that it must be walked
   * (its own entry still stays out). Like BuildKit, and unlike the classic CLI's plain prefix test, a wildcard
   * segment counts as a possible match; a literal segment must be equal.
   */
  mustWalkIgnoredDir(relative: string): boolean {
    const dir = relative.split('/');
    return this.exceptions.some((segments) => couldMatchBelow(segments, dir));
  }

  get hasExceptions(): boolean {
    return this.exceptions.length > 0;
  }
}

function couldMatchBelow(pattern: readonly string[], dir: readonly string[]): boolean {
  for (let i = 0; i < dir.length; i++) {
    const segment = pattern[i];
    // The pattern ends at or above the folder: it matches the folder or a parent, which the matcher already weighed.
    if (segment === undefined) return false;
    if (segment === '**') return true;
    if (/[*?[\\]/u.test(segment)) continue;
    if (segment !== dir[i]) return false;
  }
  return pattern.length > dir.length;
}

/** Go's filepath.Clean on a slash path, without the leading `/` Docker strips. */
function cleanPattern(pattern: string): string {
  let cleaned = path.posix.normalize(toSlash(pattern));
  if (cleaned.length > 1 && cleaned.endsWith('/')) cleaned = cleaned.slice(0, -1);
  if (cleaned.length > 1 && cleaned.startsWith('/')) cleaned = cleaned.slice(1);
  return cleaned;
}

function toSlash(p: string): string {
  return path.sep === '\\' ? p.replace(/\\/gu, '/') : p;
}

/** A literal path as a `.dockerignore` pattern: the matcher's wildcards and a leading `#` or `!` escaped. */
export function escapePattern(literal: string): string {
  const escaped = path.sep === '\\' ? literal : literal.replace(/[*?[\\]/gu, (c) => `\\${c}`);
  return /^[#!]/u.test(escaped) ? `\\${escaped}` : escaped;
}
