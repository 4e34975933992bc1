// bench/bundleSize: the size of each shipped bundle, minified and gzipped, against its budget.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../test/support/workbench';

export interface BundleSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly budgetBytes: number;
}

const budgets: Record<string, number> = {
  'dist/extension.js': 1.5 * 1024 * 1024,
  'dist/webview/planPreview.js': 300 * 1024,
};

export function measureBundles(): BundleSize[] {
  return Object.entries(budgets).map(([file, budgetBytes]) => {
    const full = join(repoRoot, file);
    return { file, bytes: statSync(full).size, gzipBytes: gzipSync(readFileSync(full)).length, budgetBytes };
  });
}
