// Where the weights sit in the project and where the server expects them in the container, per profile:
// one place for the compose bind mount and for the COPY of baked weights.
import { profiles } from './profiles';
import type { ModelFile, ScaffoldOptions } from './scaffoldTypes';

export interface ModelLocation {
  /** Project-relative folder, './'-prefixed, to bind-mount (or copy) from. */
  readonly hostPath: string;
  /** Absolute path in the container. */
  readonly containerPath: string;
  /** What a Dockerfile COPYs for baked weights: the folder, or the files themselves when they sit at the root. */
  readonly copySources: readonly string[];
}

function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

function commonFolder(files: readonly ModelFile[]): string {
  const parents = files.map((f) => parent(f.path).split('/'));
  const first = parents[0] ?? ['.'];
  let n = first.length;
  for (const p of parents) {
    let i = 0;
    while (i < n && p[i] === first[i]) i += 1;
    n = i;
  }
  const joined = first.slice(0, n).join('/');
  return joined === '' ? '.' : joined;
}

function dotted(path: string): string {
  return path === '.' ? '.' : `./${path}`;
}

export function modelLocation(options: ScaffoldOptions): ModelLocation {
  const mount = profiles[options.profile].modelMount;
  const kindOf = (k: ModelFile['kind']): ModelFile | undefined => options.modelFiles.find((m) => m.kind === k);
  if (options.profile === 'triton') {
    const repo = kindOf('triton-repository');
    const path = repo?.path ?? 'model_repository';
    return { hostPath: dotted(path), containerPath: mount, copySources: [path] };
  }
  if (options.profile === 'tf-serving') {
    const saved = kindOf('tf-saved-model');
    const base = `${mount}/${options.projectName}`;
    if (!saved) return { hostPath: './models', containerPath: base, copySources: ['models'] };
    // TF Serving wants <base>/<version>/saved_model.pb: a numeric folder is already a version.
    const name = saved.path.split('/').pop() ?? saved.path;
    return /^\d+$/.test(name)
      ? { hostPath: dotted(parent(saved.path)), containerPath: base, copySources: [parent(saved.path)] }
      : { hostPath: dotted(saved.path), containerPath: `${base}/1`, copySources: [saved.path] };
  }
  const weights = options.modelFiles.filter((m) => m.kind !== 'triton-repository' && m.kind !== 'tf-saved-model');
  if (weights.length === 0) return { hostPath: './models', containerPath: mount, copySources: ['models'] };
  const folder = commonFolder(weights);
  // Mounting the project root would expose everything: mount ./models then, and copy the files one by one.
  if (folder === '.') return { hostPath: './models', containerPath: mount, copySources: weights.map((w) => w.path) };
  return { hostPath: dotted(folder), containerPath: mount, copySources: [folder] };
}
