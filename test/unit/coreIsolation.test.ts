// src/core is plain TypeScript: it must never import `vscode`, so that it runs and is tested in plain Node.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');
const core = join(root, 'src', 'core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.[cm]?[jt]s$/.test(name) ? [full] : [];
  });
}

/** Any static import, re-export, require() or dynamic import() of the `vscode` module. */
export const VSCODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]vscode['"]/;

test('the import detector recognises every way of importing vscode', () => {
  for (const line of [
    "import * as vscode from 'vscode';",
    'import type { Uri } from "vscode";',
    "export { window } from 'vscode';",
    "const v = require('vscode');",
    "const v = await import('vscode');",
    "import 'vscode';",
  ]) {
    assert.match(line, VSCODE_IMPORT, line);
  }
  for (const line of ["import { x } from './vscodeLike';", "// vscode is not imported here", "import x from 'vscode-uri';"]) {
    assert.doesNotMatch(line, VSCODE_IMPORT, line);
  }
});

test('no file under src/core imports vscode', () => {
  const files = sourceFiles(core);
  assert.ok(files.length > 0, 'src/core holds no source files');
  const offenders = files.filter((f) => VSCODE_IMPORT.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
  assert.deepEqual(offenders, []);
});
