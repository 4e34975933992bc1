// Picks the Python minor to build with from a PEP 440 range (`requires-python`, Poetry's `python`, conda's `python>=`).

import { satisfies } from '@renovatebot/pep440';

// ML wheels reach a new Python months after its release, so the newest minor is taken only when nothing older fits.
const PREFERRED_MINORS = ['3.12', '3.11', '3.10', '3.9', '3.8'];
const NEWER_MINORS = ['3.13'];

/**
 * The newest of 3.8–3.12 the specifier allows, else 3.13 when only that fits, else undefined.
 * `>=3.10` → '3.12', `>=3.9,<3.12` → '3.11', `~=3.11.4` → '3.11', `>=3.13` → '3.13'.
 * An exact pin (`==3.7.*`, `==3.11.9`) is returned as written, even outside that window: the user chose it.
 */
export function suggestPythonMinor(specifier: string): string | undefined {
  const spec = specifier.replace(/\s+/g, '');
  if (spec === '') return undefined;
  const exact = /^===?(\d+\.\d+)(?:\.(?:\d+|\*))*$/.exec(spec);
  if (exact) return exact[1];
  const mentioned = spec.match(/\d+\.\d+(?:\.\d+)*/g) ?? [];
  return [...PREFERRED_MINORS, ...NEWER_MINORS].find((minor) => allows(spec, minor, mentioned));
}

/**
 * A minor is allowed when some patch release of it is: `<=3.11` admits 3.11.0, `>=3.11.4` admits 3.11.99, and
 * `>=3.11.4,<3.11.6` admits a version the specifier itself mentions.
 */
function allows(spec: string, minor: string, mentioned: readonly string[]): boolean {
  const probes = [`${minor}.0`, `${minor}.99`, ...mentioned.filter((v) => v.startsWith(`${minor}.`))];
  try {
    return probes.some((v) => satisfies(v, spec));
  } catch {
    return false;
  }
}
