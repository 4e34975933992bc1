// Regenerates Berth's CUDA / torch / TensorFlow tables (src/core/scaffold/compat/*.json) from replicate/cog's
// pkg/config/*_compatibility.json and the SOURCE.md beside them. Deterministic: same input, same bytes.
//   node scripts/generate-compat.mjs [reference-folder [output-folder]]
// reference-folder defaults to ../shared/data/ml-compat beside the repo, output-folder to src/core/scaffold/compat.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = process.argv[2] ? resolve(process.argv[2]) : resolve(root, '..', 'shared', 'data', 'ml-compat');
const to = process.argv[3] ? resolve(process.argv[3]) : join(root, 'src', 'core', 'scaffold', 'compat');

const readJson = (name) => JSON.parse(readFileSync(join(from, name), 'utf8'));

// The commit and per-file dates live in SOURCE.md, so that a refresh of the reference data carries its own
// provenance; failing loudly beats stamping new rows with an old date.
const sourceMd = readFileSync(join(from, 'SOURCE.md'), 'utf8');
const commit = /commit ([0-9a-f]{40})/.exec(sourceMd)?.[1];
if (!commit) throw new Error(`${join(from, 'SOURCE.md')} names no 40-hex commit`);
function lastChanged(file) {
  const date = new RegExp(`${file.replace('.', '\\.')}\`? \\((?:last changed )?(\\d{4}-\\d{2}-\\d{2})\\)`).exec(sourceMd)?.[1];
  if (!date) throw new Error(`SOURCE.md gives no "last changed" date for ${file}`);
  return date;
}
const sourceOf = (file) => `replicate/cog pkg/config/${file}@${commit.slice(0, 7)}`;

/** Numeric dotted versions only: the tables hold nothing else, and a surprise should stop the generator. */
function compareVersions(a, b) {
  for (const v of [a, b]) if (!/^\d+(\.\d+)*$/.test(v)) throw new Error(`not a plain dotted version: "${v}"`);
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
const comparePythons = (a, b) => compareVersions(a, b);
const sortedPythons = (pythons) => {
  if (!Array.isArray(pythons) || pythons.length === 0) throw new Error('a row has no Pythons');
  return [...new Set(pythons)].sort(comparePythons);
};
const stripLocal = (v) => v.split('+')[0];

function torchRows() {
  const file = 'torch_compatibility.json';
  const source = sourceOf(file);
  const date = lastChanged(file);
  const rows = readJson(file).map((r) => {
    if (r.FindLinks) throw new Error(`torch ${r.Torch}: FindLinks is not supported (${r.FindLinks})`);
    const [torch, local] = r.Torch.split('+');
    const cuda = r.CUDA ?? null;
    // The plain `2.0.x` rows are PyPI's own wheels, built for CUDA 11.7.
    const variant = local ?? (cuda ? `cu${cuda.replace('.', '')}` : 'cpu');
    if ((variant === 'cpu') !== (cuda === null)) throw new Error(`torch ${r.Torch}: variant ${variant} disagrees with CUDA ${cuda}`);
    return {
      torch,
      variant,
      cuda,
      torchvision: r.Torchvision ? stripLocal(r.Torchvision) : null,
      torchaudio: r.Torchaudio ? stripLocal(r.Torchaudio) : null,
      indexUrl: (r.ExtraIndexURL || 'https://pypi.org/simple').replace(/\/+$/, ''),
      pythons: sortedPythons(r.Pythons),
      source,
      date,
    };
  });
  const cudaKey = (r) => (r.cuda === null ? '0' : r.cuda);
  rows.sort((a, b) => compareVersions(a.torch, b.torch) || compareVersions(cudaKey(a), cudaKey(b)) || a.variant.localeCompare(b.variant));
  return { source, licence: 'Apache-2.0', generatedBy: 'scripts/generate-compat.mjs', rows };
}

const flavorOrder = { base: 0, runtime: 1, devel: 2 };

function cudaRows() {
  const file = 'cuda_compatibility.json';
  const source = sourceOf(file);
  const date = lastChanged(file);
  const byTag = new Map();
  const add = (row) => {
    const seen = byTag.get(row.tag);
    if (seen && JSON.stringify(seen) !== JSON.stringify(row)) throw new Error(`two different rows for tag ${row.tag}`);
    byTag.set(row.tag, row);
  };
  for (const r of readJson(file)) {
    if (!r.IsDevel || !/-devel-/.test(r.Tag)) throw new Error(`expected only devel tags, got ${r.Tag}`);
    if (!r.Tag.startsWith(`${r.CUDA}-`) || !r.Tag.endsWith(`-ubuntu${r.Ubuntu}`)) throw new Error(`tag ${r.Tag} disagrees with its fields`);
    const cudnn = r.CuDNN || null;
    const devel = { tag: r.Tag, cuda: r.CUDA, cudnn, flavor: 'devel', ubuntu: r.Ubuntu, source, date };
    add(devel);
    const derivedFrom = `sibling of ${r.Tag}`;
    // nvidia/cuda builds every cudnn-<flavor> tag FROM the plain <flavor> tag, and every runtime FROM base: the
    // registry publishes them side by side, so a listed devel+cuDNN tag implies these four.
    const plain = (flavor) => `${r.CUDA}-${flavor}-ubuntu${r.Ubuntu}`;
    if (cudnn) {
      add({ tag: r.Tag.replace('-devel-', '-runtime-'), cuda: r.CUDA, cudnn, flavor: 'runtime', ubuntu: r.Ubuntu, derivedFrom, source, date });
      add({ tag: plain('devel'), cuda: r.CUDA, cudnn: null, flavor: 'devel', ubuntu: r.Ubuntu, derivedFrom, source, date });
    }
    add({ tag: plain('runtime'), cuda: r.CUDA, cudnn: null, flavor: 'runtime', ubuntu: r.Ubuntu, derivedFrom, source, date });
    add({ tag: plain('base'), cuda: r.CUDA, cudnn: null, flavor: 'base', ubuntu: r.Ubuntu, derivedFrom, source, date });
  }
  const rows = [...byTag.values()].sort(
    (a, b) =>
      compareVersions(a.cuda, b.cuda) ||
      compareVersions(a.ubuntu, b.ubuntu) ||
      flavorOrder[a.flavor] - flavorOrder[b.flavor] ||
      (a.cudnn === null ? 0 : 1) - (b.cudnn === null ? 0 : 1) ||
      a.tag.localeCompare(b.tag),
  );
  return {
    source,
    licence: 'Apache-2.0',
    generatedBy: 'scripts/generate-compat.mjs',
    repository: 'nvidia/cuda',
    derivation:
      'Upstream lists devel+cuDNN tags only. Rows with derivedFrom are the registry siblings of that tag: the same version as runtime+cuDNN, and the plain devel, runtime and base tags that nvidia/cuda layers the cuDNN images on.',
    rows,
  };
}

// Two columns the upstream table does not hold, both keyed on the TensorFlow version:
const TENSORFLOW_CPU_SINCE = '2.1.0';
const AND_CUDA_SINCE = '2.14.0';

function tensorflowRows() {
  const file = 'tf_compatibility.json';
  const source = sourceOf(file);
  const date = lastChanged(file);
  const rows = readJson(file).map((r) => {
    // Upstream's package columns are `tensorflow==<TF>` throughout; check, so a change there is not lost silently.
    for (const p of [r.TFCPUPackage, r.TFGPUPackage]) {
      if (p !== `tensorflow==${r.TF}`) throw new Error(`TF ${r.TF}: unexpected package "${p}"`);
    }
    return {
      tensorflow: r.TF,
      cuda: r.CUDA,
      cudnn: r.CuDNN,
      pythons: sortedPythons(r.Pythons),
      cpuPackage: compareVersions(r.TF, TENSORFLOW_CPU_SINCE) >= 0 ? 'tensorflow-cpu' : 'tensorflow',
      gpuExtra: compareVersions(r.TF, AND_CUDA_SINCE) >= 0 ? 'and-cuda' : null,
      source,
      date,
    };
  });
  rows.sort((a, b) => compareVersions(a.tensorflow, b.tensorflow));
  return {
    source,
    licence: 'Apache-2.0',
    generatedBy: 'scripts/generate-compat.mjs',
    derivedColumns: {
      cpuPackage: `tensorflow-cpu, the CPU-only wheel, is published on PyPI with every TensorFlow release since ${TENSORFLOW_CPU_SINCE} (pypi.org/project/tensorflow-cpu; newest 2.21.0, 2026-03)`,
      gpuExtra: `tensorflow[and-cuda] installs CUDA and cuDNN from pip since ${AND_CUDA_SINCE} (TensorFlow ${AND_CUDA_SINCE} release notes, tensorflow.org/install/pip)`,
    },
    rows,
  };
}

const outputs = {
  'torchWheels.json': torchRows(),
  'cudaImages.json': cudaRows(),
  'tensorflowBuilds.json': tensorflowRows(),
};
for (const [name, table] of Object.entries(outputs)) {
  writeFileSync(join(to, name), `${JSON.stringify(table, null, 2)}\n`);
  console.log(`${join(to, name)}: ${table.rows.length} rows`);
}
