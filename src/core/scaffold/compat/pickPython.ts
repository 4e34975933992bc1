// Chooses the Python a framework build runs on: the project's own when the build has a wheel for it, else the
// nearest one it has, with the sentence that tells the user why.
import { pythonMajorMinor } from './pythonMajorMinor';

export interface PythonPick {
  /** major.minor */
  readonly python: string;
  /** Set when the wanted Python had to be replaced. */
  readonly problem: string | undefined;
}

function key(python: string): number {
  const [major, minor] = python.split('.').map(Number);
  return (major ?? Number.NaN) * 1000 + (minor ?? Number.NaN);
}

/** '3.10–3.12' when the minors are consecutive, else '3.8, 3.10'. */
function describe(pythons: readonly string[]): string {
  const keys = pythons.map(key);
  const consecutive = keys.every((k, i) => i === 0 || k === (keys[i - 1] ?? Number.NaN) + 1);
  if (pythons.length >= 2 && consecutive) return `${pythons[0] ?? ''}–${pythons[pythons.length - 1] ?? ''}`;
  return pythons.join(', ');
}

/**
 * @param subject what has (or lacks) the wheel, as the sentence should name it: 'torch 2.1.2'
 * @param available major.minor versions, ascending
 */
export function pickPython(subject: string, wanted: string, available: readonly string[]): PythonPick {
  const python = pythonMajorMinor(wanted);
  if (available.includes(python)) return { python, problem: undefined };
  const target = key(python);
  let best = available[available.length - 1] ?? python;
  if (!Number.isNaN(target)) {
    // Nearest minor; on a tie the newer one, since a project rarely breaks on a newer Python.
    for (const candidate of available) {
      if (Math.abs(key(candidate) - target) <= Math.abs(key(best) - target)) best = candidate;
    }
  }
  const shown = python === '' ? '(none given)' : python;
  return { python: best, problem: `${subject} has no wheel for Python ${shown} (it has ${describe(available)}); using Python ${best}` };
}
