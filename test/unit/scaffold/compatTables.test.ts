// The compatibility tables are consistent with themselves and with each other, and hold the facts they were built from.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compare, valid } from '@renovatebot/pep440';
import { cudaBaseImage } from '../../../src/core/scaffold/compat/cudaBaseImage';
import { cudaImages } from '../../../src/core/scaffold/compat/cudaImages';
import { supportedPythons } from '../../../src/core/scaffold/compat/supportedPythons';
import { tensorflowBuilds } from '../../../src/core/scaffold/compat/tensorflowBuilds';
import { torchWheels } from '../../../src/core/scaffold/compat/torchWheels';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PYTHON = /^3\.\d{1,2}$/;
const MAJOR_MINOR = /^\d+\.\d+$/;

function assertProvenance(rows: readonly { source: string; date: string }[], upstreamFile: string) {
  for (const r of rows) {
    assert.match(r.source, new RegExp(`^replicate/cog pkg/config/${upstreamFile.replace('.', '\\.')}@[0-9a-f]{7}$`));
    assert.match(r.date, DATE);
  }
}

function assertPythons(pythons: readonly string[], what: string) {
  assert.ok(pythons.length > 0, `${what} lists no Python`);
  for (const p of pythons) assert.match(p, PYTHON, what);
  const sorted = [...new Set(pythons)].sort((a, b) => compare(a, b));
  assert.deepEqual(pythons, sorted, `${what}: Pythons not ascending and unique`);
}

describe('torchWheels', () => {
  test('holds every upstream row, with source and date', () => {
    assert.equal(torchWheels.length, 96);
    assertProvenance(torchWheels, 'torch_compatibility.json');
  });

  test('versions parse, without local labels, and no (torch, variant) pair repeats', () => {
    const seen = new Set<string>();
    for (const r of torchWheels) {
      const what = `torch ${r.torch} ${r.variant}`;
      assert.equal(valid(r.torch), r.torch, what);
      assert.ok(!r.torch.includes('+'), what);
      for (const v of [r.torchvision, r.torchaudio]) {
        assert.ok(v !== null && valid(v) === v && !v.includes('+'), `${what}: companion version ${String(v)}`);
      }
      const key = `${r.torch} ${r.variant}`;
      assert.ok(!seen.has(key), `duplicate row ${key}`);
      seen.add(key);
      assertPythons(r.pythons, what);
    }
  });

  test('the variant names the CUDA it is built for, and the index serves that variant', () => {
    for (const r of torchWheels) {
      const what = `torch ${r.torch} ${r.variant}`;
      if (r.cuda === null) {
        assert.equal(r.variant, 'cpu', what);
      } else {
        assert.match(r.cuda, MAJOR_MINOR, what);
        assert.equal(r.variant, `cu${r.cuda.replace('.', '')}`, what);
      }
      assert.ok(!r.indexUrl.endsWith('/'), what);
      // PyPI's own torch 2.0.x wheels are the only ones not served from the variant's own index.
      if (r.indexUrl === 'https://pypi.org/simple') assert.match(r.torch, /^2\.0\./, what);
      else assert.equal(r.indexUrl, `https://download.pytorch.org/whl/${r.variant}`, what);
    }
  });

  test('rows are sorted by torch version, then CUDA', () => {
    for (let i = 1; i < torchWheels.length; i++) {
      const [a, b] = [torchWheels[i - 1], torchWheels[i]];
      assert.ok(a && b);
      const byTorch = compare(a.torch, b.torch);
      assert.ok(byTorch < 0 || (byTorch === 0 && compare(a.cuda ?? '0', b.cuda ?? '0') < 0), `${a.torch} ${a.variant} before ${b.torch} ${b.variant}`);
    }
  });

  test('known facts: torch 2.4.1 has cpu, cu118, cu121 and cu124 wheels; every release has a cpu wheel', () => {
    assert.deepEqual(
      torchWheels.filter((r) => r.torch === '2.4.1').map((r) => r.variant),
      ['cpu', 'cu118', 'cu121', 'cu124'],
    );
    const row = torchWheels.find((r) => r.torch === '2.4.1' && r.variant === 'cu124');
    assert.ok(row);
    assert.equal(row.torchvision, '0.19.1');
    assert.equal(row.indexUrl, 'https://download.pytorch.org/whl/cu124');
    for (const version of new Set(torchWheels.map((r) => r.torch))) {
      assert.ok(torchWheels.some((r) => r.torch === version && r.variant === 'cpu'), `torch ${version} has no cpu wheel`);
    }
  });

  test('every GPU row has a runtime+cuDNN nvidia/cuda base for its CUDA, except the CUDA 10.2 wheels', () => {
    const without = new Set<string>();
    for (const r of torchWheels) {
      if (r.cuda === null) continue;
      const base = cudaBaseImage(r.cuda, { flavor: 'runtime', cudnn: true });
      if (base === undefined) without.add(r.cuda);
      else assert.equal(base.cuda.split('.').slice(0, 2).join('.'), r.cuda);
    }
    // nvidia/cuda's list starts at 11.0: torch 1.11/1.12's cu102 wheels have no base (each also has a cu11x one).
    assert.deepEqual([...without], ['10.2']);
    for (const r of torchWheels.filter((w) => w.cuda === '10.2')) {
      assert.ok(torchWheels.some((w) => w.torch === r.torch && w.cuda !== null && w.cuda !== '10.2'), `torch ${r.torch} has only cu102`);
    }
  });
});

describe('cudaImages', () => {
  const listed = cudaImages.filter((r) => r.derivedFrom === undefined);

  test('holds every upstream devel tag, with source and date', () => {
    assert.equal(listed.length, 83);
    assert.ok(listed.every((r) => r.flavor === 'devel' && r.cudnn !== undefined));
    assertProvenance(cudaImages, 'cuda_compatibility.json');
  });

  test('each tag is unique and says what its fields say', () => {
    assert.equal(new Set(cudaImages.map((r) => r.tag)).size, cudaImages.length);
    for (const r of cudaImages) {
      assert.equal(r.image, `nvidia/cuda:${r.tag}`);
      assert.ok(r.tag.startsWith(`${r.cuda}-`), r.tag);
      assert.ok(r.tag.endsWith(`-${r.flavor}-ubuntu${r.ubuntu}`), r.tag);
      assert.equal(r.tag.includes('-cudnn'), r.cudnn !== undefined, r.tag);
      assert.match(r.cuda, /^\d+\.\d+\.\d+$/, r.tag);
      assert.match(r.ubuntu, /^\d{2}\.04$/, r.tag);
      if (r.cudnn !== undefined) assert.match(r.cudnn, /^\d+$/, r.tag);
    }
  });

  test('every listed devel+cuDNN tag has its runtime+cuDNN, devel, runtime and base siblings', () => {
    const tags = new Set(cudaImages.map((r) => r.tag));
    for (const r of listed) {
      const plain = (flavor: string) => `${r.cuda}-${flavor}-ubuntu${r.ubuntu}`;
      for (const sibling of [r.tag.replace('-devel-', '-runtime-'), plain('devel'), plain('runtime'), plain('base')]) {
        assert.ok(tags.has(sibling), `${r.tag} lacks sibling ${sibling}`);
      }
    }
    for (const r of cudaImages.filter((x) => x.derivedFrom !== undefined)) {
      const from = listed.find((x) => r.derivedFrom === `sibling of ${x.tag}`);
      assert.ok(from, `${r.tag}: derivedFrom "${String(r.derivedFrom)}" names no listed tag`);
      assert.equal(from.cuda, r.cuda);
      assert.equal(from.ubuntu, r.ubuntu);
    }
    assert.equal(cudaImages.length, listed.length * 5);
  });

  test('known facts: 12.4.1 runtime with cuDNN 9 on Ubuntu 22.04 exists; 12.3.2 names its cuDNN major', () => {
    const row = cudaImages.find((r) => r.tag === '12.4.1-cudnn-runtime-ubuntu22.04');
    assert.equal(row?.cudnn, '9');
    assert.ok(cudaImages.some((r) => r.tag === '12.4.1-base-ubuntu22.04' && r.cudnn === undefined));
    assert.ok(cudaImages.some((r) => r.tag === '12.3.2-cudnn9-runtime-ubuntu22.04'));
  });
});

describe('tensorflowBuilds', () => {
  test('holds every upstream row, with source and date, one per release', () => {
    assert.equal(tensorflowBuilds.length, 18);
    assertProvenance(tensorflowBuilds, 'tf_compatibility.json');
    assert.equal(new Set(tensorflowBuilds.map((b) => b.tensorflow)).size, tensorflowBuilds.length);
  });

  test('versions parse and Pythons are valid', () => {
    for (const b of tensorflowBuilds) {
      assert.equal(valid(b.tensorflow), b.tensorflow);
      assert.match(b.cuda, MAJOR_MINOR);
      assert.match(b.cudnn, MAJOR_MINOR);
      assertPythons(b.pythons, `tensorflow ${b.tensorflow}`);
    }
  });

  test('tensorflow[and-cuda] exactly from 2.14; a CPU-only wheel for every release in the table', () => {
    for (const b of tensorflowBuilds) {
      assert.equal(b.gpuExtra, compare(b.tensorflow, '2.14.0') >= 0 ? 'and-cuda' : null, b.tensorflow);
      assert.equal(b.cpuPackage, 'tensorflow-cpu', b.tensorflow);
    }
  });

  test('every build has the nvidia/cuda base its GPU install needs', () => {
    for (const b of tensorflowBuilds) {
      if (b.gpuExtra === 'and-cuda') {
        assert.ok(cudaBaseImage(b.cuda, { flavor: 'base', cudnn: false }), `tensorflow ${b.tensorflow}: no base tag for CUDA ${b.cuda}`);
      } else {
        // Without and-cuda TensorFlow loads cuDNN from the image, so its major must be the one TF was built with.
        const base = cudaBaseImage(b.cuda, { flavor: 'runtime', cudnn: true });
        assert.ok(base, `tensorflow ${b.tensorflow}: no runtime+cuDNN tag for CUDA ${b.cuda}`);
        assert.equal(base.cudnn, b.cudnn.split('.')[0], `tensorflow ${b.tensorflow}`);
      }
    }
  });

  test('known fact: TensorFlow 2.17.0 was built with CUDA 12.3 and cuDNN 8.9', () => {
    const b = tensorflowBuilds.find((x) => x.tensorflow === '2.17.0');
    assert.ok(b);
    assert.equal(b.cuda, '12.3');
    assert.equal(b.cudnn, '8.9');
  });
});

describe('supportedPythons', () => {
  test('is the ascending union of the rows\' Pythons', () => {
    const torch = supportedPythons('torch');
    assert.deepEqual(torch, [...new Set(torchWheels.flatMap((r) => r.pythons))].sort((a, b) => compare(a, b)));
    assert.ok(torch.includes('3.14'));
    const tf = supportedPythons('tensorflow');
    assert.deepEqual(tf, [...new Set(tensorflowBuilds.flatMap((b) => b.pythons))].sort((a, b) => compare(a, b)));
    assert.equal(tf[0], '3.6');
  });

  test('with an accelerator, only the Pythons of that kind of torch wheel', () => {
    const gpu = supportedPythons('torch', 'gpu');
    assert.deepEqual(gpu, [...new Set(torchWheels.filter((r) => r.cuda !== null).flatMap((r) => r.pythons))].sort((a, b) => compare(a, b)));
    assert.deepEqual(supportedPythons('torch', 'cpu'), [...new Set(torchWheels.filter((r) => r.cuda === null).flatMap((r) => r.pythons))].sort((a, b) => compare(a, b)));
  });
});
