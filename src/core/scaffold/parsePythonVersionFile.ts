// Reads the Python version from `.python-version` (pyenv: `3.11.9`, `3.11`, `pypy3.10-7.3`) or `runtime.txt`
// (Heroku-style: `python-3.11.9`).

/** major.minor and the 1-based line it was read from, or undefined when no line names a Python version. */
export function parsePythonVersionFile(text: string): { readonly version: string; readonly line: number } | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/#.*$/, '').trim();
    // pyenv also accepts names like `miniconda3-4.7` or `system`: those say nothing about the Python minor.
    const m = /^(?:python-?|cpython-|pypy)?(\d+)\.(\d+)(?![\d])/i.exec(line);
    if (m) return { version: `${m[1] ?? ''}.${m[2] ?? ''}`, line: i + 1 };
  }
  return undefined;
}
