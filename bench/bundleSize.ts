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

// dist/extension.js is what activation parses; the feature bundles load on first use. Together they stay under the
// 1.5 MB the extension may weigh.
const budgets: Record<string, number> = {
  'dist/extension.js': 150 * 1024,
  'dist/dockerodeBundle.js': 1024 * 1024,
  'dist/scaffoldBundle.js': 400 * 1024,
  'dist/webview/planPreview.js': 300 * 1024,
};

export const EXTENSION_BUDGET_BYTES = 1.5 * 1024 * 1024;

export function measureBundles(): BundleSize[] {
  return Object.entries(budgets).map(([file, budgetBytes]) => {
    const full = join(repoRoot, file);
    return { file, bytes: statSync(full).size, gzipBytes: gzipSync(readFileSync(full)).length, budgetBytes };
  });
}
