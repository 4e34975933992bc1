// Loads one of the feature bundles that esbuild.mjs writes beside dist/extension.js, on first use: activation then
// parses only the composition root, not dockerode or the scaffolding tables.
import { join } from 'node:path';

export interface Bundles {
  dockerodeBundle: typeof import('../bundles/dockerodeBundle');
  scaffoldBundle: typeof import('../bundles/scaffoldBundle');
  editorBundle: typeof import('../bundles/editorBundle');
}

export function loadBundle<K extends keyof Bundles>(name: K): Bundles[K] {
  // A computed path: esbuild leaves this require alone instead of inlining the bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(__dirname, `${name}.js`)) as Bundles[K];
}
