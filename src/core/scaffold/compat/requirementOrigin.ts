// Names a pinned requirement and where it was written, for the first line of a resolution's reasons.
import type { PythonRequirement } from '../scaffoldTypes';

/** 'torch==2.4.1 in requirements.txt:3', 'torch (unpinned) in pyproject.toml'. */
export function requirementOrigin(requirement: PythonRequirement): string {
  const written = requirement.specifier === '' ? `${requirement.name} (unpinned)` : `${requirement.name}${requirement.specifier}`;
  const where = requirement.source.line === undefined ? requirement.source.file : `${requirement.source.file}:${requirement.source.line}`;
  return `${written} in ${where}`;
}
