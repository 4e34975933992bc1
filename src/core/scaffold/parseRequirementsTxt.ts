// Reads pip requirements-file text (requirements.txt and the files it includes) into requirements, the includes to
// follow, and warnings for what pip would install but Berth cannot see.

import type { PythonRequirement } from './scaffoldTypes';
import { detectNonLinuxMarker } from './detectNonLinuxMarker';
import { parseRequirementLine } from './parseRequirementLine';

export interface ParsedRequirementsTxt {
  readonly requirements: readonly PythonRequirement[];
  /** `-r` targets as written, relative to the including file's folder. */
  readonly includes: readonly { readonly path: string; readonly line: number }[];
  readonly warnings: readonly string[];
}

// A garbage file would otherwise bury the useful warnings under one per line.
const MAX_WARNINGS_PER_FILE = 10;

/**
 * @param file project-relative path used in sources and warnings
 * @param firstLine line number of the text's first line, for text cut out of a larger file (a conda `pip:` entry)
 */
export function parseRequirementsTxt(text: string, file: string, firstLine = 1): ParsedRequirementsTxt {
  if (text.includes('\u0000')) return { requirements: [], includes: [], warnings: [`${file}: not read, it looks like a binary file`] };
  const requirements: PythonRequirement[] = [];
  const includes: { path: string; line: number }[] = [];
  const warnings: string[] = [];
  let dropped = 0;
  const warn = (line: number, message: string): void => {
    if (warnings.length < MAX_WARNINGS_PER_FILE) warnings.push(`${file}:${line}: ${message}`);
    else dropped++;
  };

  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    const line = firstLine + i;
    let logical = physical[i] ?? '';
    // pip joins continuations before it strips comments, and so do we.
    while (logical.endsWith('\\') && i + 1 < physical.length) {
      logical = logical.slice(0, -1) + (physical[++i] ?? '');
    }
    if (logical.endsWith('\\')) logical = logical.slice(0, -1);
    logical = logical.replace(/(?:^|\s)#.*$/, '').trim();
    if (logical === '') continue;

    const parsed = parseRequirementLine(logical);
    switch (parsed.kind) {
      case 'requirement':
        if (detectNonLinuxMarker(parsed.marker)) break;
        if (parsed.url !== undefined && parsed.specifier === '') warn(line, `${parsed.name} is installed from a URL, so its version is unknown`);
        requirements.push({ name: parsed.name, specifier: parsed.specifier, extras: parsed.extras, source: { file, line } });
        break;
      case 'include':
        includes.push({ path: parsed.path, line });
        break;
      case 'constraint':
      case 'option':
        break;
      case 'unsupported':
      case 'invalid':
        warn(line, `skipped "${clip(logical)}": ${parsed.reason}`);
        break;
    }
  }
  if (dropped > 0) warnings.push(`${file}: ${dropped} more unreadable lines`);
  return { requirements, includes, warnings };
}

/** Garbage lines can be long and full of control characters; a warning shows a short printable excerpt. */
function clip(text: string): string {
  const printable = Array.from(text, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd ? '?' : ch;
  }).join('');
  return printable.length > 60 ? `${printable.slice(0, 57)}...` : printable;
}
