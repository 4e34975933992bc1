// Classifies one logical line of pip requirement syntax (a requirements.txt line, a PEP 621 dependency string, an entry
// of a conda `pip:` list): a PEP 508 requirement, an include, an option pip would obey, or something Berth cannot read.

import { normalizePackageName } from './normalizePackageName';

export type RequirementLine =
  | {
      readonly kind: 'requirement';
      /** PEP 503 normalised. */
      readonly name: string;
      /** Without spaces, '' when unpinned. */
      readonly specifier: string;
      readonly extras: readonly string[];
      /** The environment marker after `;`, '' when none. */
      readonly marker: string;
      /** Set for a direct reference (`name @ https://…`). */
      readonly url: string | undefined;
    }
  | { readonly kind: 'include'; readonly path: string }
  | { readonly kind: 'constraint'; readonly path: string }
  | { readonly kind: 'option' }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const NAME_AND_EXTRAS = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/s;
const CLAUSE = /^(===|~=|==|!=|<=|>=|<|>)\s*(v?\d[A-Za-z0-9*+!._-]*)$/;
// Options that change where or how pip downloads, not what it installs.
const IGNORED_OPTIONS = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '--no-index',
  '-f',
  '--find-links',
  '--pre',
  '--prefer-binary',
  '--require-hashes',
  '--only-binary',
  '--no-binary',
  '--trusted-host',
  '--use-feature',
  '--config-settings',
  '--global-option',
  '-Z',
  '--always-unzip',
]);

/** `line` must already be free of comments and continuations; surrounding whitespace is allowed. */
export function parseRequirementLine(line: string): RequirementLine {
  const text = line.trim();
  if (text.startsWith('-')) return parseOption(text);
  const directReference = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*@/.test(text);
  if (!directReference && (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(?:\.{1,2}(?:[/\\]|$)|[/\\~])/.test(text) || /\.(?:whl|zip|tar\.gz|tgz)$/i.test(text))) {
    return { kind: 'unsupported', reason: 'a URL or local path names no package Berth can read' };
  }
  const match = NAME_AND_EXTRAS.exec(text);
  if (!match) return { kind: 'invalid', reason: 'not a requirement' };
  const [, rawName = '', rawExtras, rawRest = ''] = match;
  const extras = rawExtras === undefined ? [] : rawExtras.split(',').map((e) => e.trim()).filter((e) => e !== '').map(normalizePackageName);
  if (extras.some((e) => !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(e))) return { kind: 'invalid', reason: 'malformed extras' };
  const name = normalizePackageName(rawName);
  // Per-requirement options (`--hash=…`) say nothing about the version.
  let rest = rawRest.replace(/\s+--\S.*$/s, '').trim();

  if (rest.startsWith('@')) {
    const [url, marker] = splitMarker(rest.slice(1));
    if (url === '') return { kind: 'invalid', reason: 'a direct reference without a URL' };
    return { kind: 'requirement', name, specifier: wheelVersion(url, name), extras, marker, url };
  }
  const [spec, marker] = splitMarker(rest);
  rest = spec.trim();
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  if (rest === '') return { kind: 'requirement', name, specifier: '', extras, marker, url: undefined };
  const clauses: string[] = [];
  for (const clause of rest.split(',')) {
    const c = CLAUSE.exec(clause.trim());
    if (!c) return { kind: 'invalid', reason: `unreadable version specifier "${rest}"` };
    clauses.push(`${c[1] ?? ''}${c[2] ?? ''}`);
  }
  return { kind: 'requirement', name, specifier: clauses.join(','), extras, marker, url: undefined };
}

function splitMarker(text: string): [string, string] {
  const at = text.indexOf(';');
  return at < 0 ? [text.trim(), ''] : [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/** `torch-2.4.1%2Bcu121-cp311-…whl` pins `==2.4.1+cu121`: a wheel URL still tells which build is meant. */
function wheelVersion(url: string, name: string): string {
  const file = url.split(/[?#]/, 1)[0]?.split('/').pop() ?? '';
  if (!file.toLowerCase().endsWith('.whl')) return '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(file);
  } catch {
    return '';
  }
  const [wheelName = '', version = ''] = decoded.split('-');
  return normalizePackageName(wheelName) === name && /^[A-Za-z0-9.+!_]+$/.test(version) ? `==${version}` : '';
}

function parseOption(text: string): RequirementLine {
  const m = /^(-[a-zA-Z]|--[a-z][a-z-]*)(?:[=\s]\s*(.*)|(.+))?$/s.exec(text);
  if (!m) return { kind: 'invalid', reason: 'unreadable option' };
  const option = m[1] ?? '';
  const value = (m[2] ?? m[3] ?? '').trim();
  switch (option) {
    case '-r':
    case '--requirement':
      return value === '' ? { kind: 'invalid', reason: `${option} without a file` } : { kind: 'include', path: value };
    case '-c':
    case '--constraint':
      return value === '' ? { kind: 'invalid', reason: `${option} without a file` } : { kind: 'constraint', path: value };
    case '-e':
    case '--editable':
      return { kind: 'unsupported', reason: 'an editable install names no package Berth can read' };
    default:
      return IGNORED_OPTIONS.has(option) ? { kind: 'option' } : { kind: 'unsupported', reason: `unknown option ${option}` };
  }
}
