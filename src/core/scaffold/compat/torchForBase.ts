// The torch pin for a project whose CUDA base is already decided (a base the user chose, or one another framework
// needs): Cog's rule, the newest CUDA wheel not above the base's CUDA, within the same CUDA major.
import { compare } from '@renovatebot/pep440';
import type { Resolution, TorchChoice } from '../scaffoldTypes';
import { pickPython } from './pickPython';
import { pythonMajorMinor } from './pythonMajorMinor';
import { torchChoice } from './torchChoice';
import { torchWheels } from './torchWheels';

export interface TorchForBase {
  readonly torch: TorchChoice;
  /** The Python to build with: the input's, or the nearest one the chosen torch has wheels for. */
  readonly python: string;
}

/**
 * @param cuda the base's CUDA, '12.4' or '12.4.1'
 * @returns undefined when no torch wheel is built for that CUDA major at or below it (CUDA 11.0, 10.x)
 */
export function torchForBase(cuda: string, python: string): Resolution<TorchForBase> | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(cuda.trim());
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  const major = m[1];
  const ceiling = `${major}.${m[2]}`;
  // The same major only: a cu11x wheel on a 12.x base would ship a second CUDA runtime beside the base's.
  const fits = torchWheels.filter((r) => r.cuda !== null && r.cuda.split('.')[0] === major && compare(r.cuda, ceiling) <= 0);
  if (fits.length === 0) return undefined;

  const wanted = pythonMajorMinor(python);
  const newestFirst = [...new Set(fits.map((r) => r.torch))].sort((a, b) => compare(b, a));
  const pythonsOf = (v: string) => [...new Set(fits.filter((r) => r.torch === v).flatMap((r) => r.pythons))].sort((a, b) => compare(a, b));
  const version = newestFirst.find((v) => pythonsOf(v).includes(wanted)) ?? newestFirst[0];
  if (version === undefined) return undefined;
  const picked = pickPython(`torch ${version}`, wanted, pythonsOf(version));
  const candidates = fits.filter((r) => r.torch === version && r.pythons.includes(picked.python));
  let row = candidates[0];
  for (const r of candidates) if (row === undefined || compare(r.cuda ?? '0', row.cuda ?? '0') > 0) row = r;
  if (row === undefined) return undefined;

  const reasons = [
    `CUDA ${cuda.trim()} base: torch wheels for CUDA ${major}.x up to ${ceiling}`,
    `torch ${version}: the newest release with such a wheel for Python ${picked.python}`,
    `newest CUDA wheel not above the base: ${row.variant}`,
    `pip index: ${row.indexUrl}`,
  ];
  return { choice: { torch: torchChoice(row), python: picked.python }, reasons, ...(picked.problem !== undefined ? { problem: picked.problem } : {}) };
}
