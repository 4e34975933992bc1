// Normalises a Python version as written ('3.11.4', ' 3.11 ') to the major.minor the wheel tables use.

/** '3.11.4' -> '3.11'; anything else is returned trimmed, and then matches no wheel. */
export function pythonMajorMinor(python: string): string {
  const m = /^(\d+)\.(\d+)/.exec(python.trim());
  return m ? `${m[1] ?? ''}.${m[2] ?? ''}` : python.trim();
}
