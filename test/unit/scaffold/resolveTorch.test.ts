import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compare, satisfies } from '@renovatebot/pep440';
import { cudaBaseImage } from '../../../src/core/scaffold/compat/cudaBaseImage';
import { resolveTorch } from '../../../src/core/scaffold/compat/resolveTorch';
import { torchWheels } from '../../../src/core/scaffold/compat/torchWheels';
import type { Accelerator, PythonRequirement } from '../../../src/core/scaffold/scaffoldTypes';

function torch(specifier: string): PythonRequirement {
  return { name: 'torch', specifier, extras: [], source: { file: 'requirements.txt', line: 1 } };
}

/** Worked out from the table alone: the newest torch with a wheel of that kind for that Python, and its newest CUDA. */
function expectedFromTable(python: string, accelerator: Accelerator, specifier = '') {
  const rows = torchWheels.filter(
    (r) =>
      r.pythons.includes(python) &&
      (specifier === '' || satisfies(r.torch, specifier)) &&
      (accelerator === 'cpu' ? r.cuda === null : r.cuda !== null && cudaBaseImage(r.cuda, { flavor: 'runtime', cudnn: true }) !== undefined),
  );
  const version = rows.map((r) => r.torch).sort((a, b) => compare(b, a))[0];
  const newest = rows.filter((r) => r.torch === version).sort((a, b) => compare(b.cuda ?? '0', a.cuda ?? '0'))[0];
  assert.ok(newest, `the table has no ${accelerator} torch for Python ${python} ${specifier}`);
  return newest;
}

describe('resolveTorch', () => {
  test('torch==2.4.1, Python 3.11, GPU: the cu124 wheel on the 12.4.1 runtime+cuDNN base', () => {
    const r = resolveTorch({ requirement: torch('==2.4.1'), python: '3.11', accelerator: 'gpu' });
    assert.equal(r.problem, undefined);
    assert.deepEqual(r.choice.torch, {
      torch: '2.4.1',
      torchvision: '0.19.1',
      torchaudio: '2.4.1',
      variant: 'cu124',
      cuda: '12.4',
      indexUrl: 'https://download.pytorch.org/whl/cu124',
      pythons: ['3.10', '3.11', '3.12'],
    });
    assert.equal(r.choice.base?.image, 'nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04');
    assert.equal(r.choice.python, '3.11');
    assert.equal(r.reasons[0], 'torch==2.4.1 in requirements.txt:1');
    assert.ok(r.reasons.some((x) => x.includes('cpu, cu118, cu121, cu124')), r.reasons.join('\n'));
  });

  test('torch==2.4.1 on CPU: the cpu wheel, no base', () => {
    const r = resolveTorch({ requirement: torch('==2.4.1'), python: '3.11', accelerator: 'cpu' });
    assert.equal(r.problem, undefined);
    assert.equal(r.choice.torch.variant, 'cpu');
    assert.equal(r.choice.torch.cuda, undefined);
    assert.equal(r.choice.torch.indexUrl, 'https://download.pytorch.org/whl/cpu');
    assert.equal(r.choice.base, undefined);
  });

  test('a range picks the newest release inside it: >=2.1,<2.3 is the newest 2.2.x', () => {
    const r = resolveTorch({ requirement: torch('>=2.1,<2.3'), python: '3.11', accelerator: 'gpu' });
    const newest22 = torchWheels.map((w) => w.torch).filter((v) => v.startsWith('2.2.')).sort((a, b) => compare(b, a))[0];
    assert.equal(newest22, '2.2.2');
    assert.equal(r.choice.torch.torch, newest22);
    assert.equal(r.choice.torch.variant, expectedFromTable('3.11', 'gpu', '>=2.1,<2.3').variant);
    assert.equal(r.problem, undefined);
  });

  test('~=, != and wildcard specifiers', () => {
    assert.equal(resolveTorch({ requirement: torch('~=2.3.0'), python: '3.12', accelerator: 'cpu' }).choice.torch.torch, '2.3.1');
    assert.equal(resolveTorch({ requirement: torch('==2.4.*'), python: '3.12', accelerator: 'cpu' }).choice.torch.torch, '2.4.1');
    const newest = expectedFromTable('3.12', 'cpu').torch;
    const excluded = resolveTorch({ requirement: torch(`!=${newest}`), python: '3.12', accelerator: 'cpu' });
    assert.notEqual(excluded.choice.torch.torch, newest);
    assert.equal(excluded.choice.torch.torch, expectedFromTable('3.12', 'cpu', `!=${newest}`).torch);
  });

  test('unpinned: the newest torch with a wheel for the Python, and for GPU its newest CUDA', () => {
    for (const accelerator of ['gpu', 'cpu'] as const) {
      for (const python of ['3.10', '3.11', '3.12', '3.13', '3.14']) {
        const r = resolveTorch({ python, accelerator });
        const want = expectedFromTable(python, accelerator);
        assert.equal(r.choice.torch.torch, want.torch, `${accelerator} ${python}`);
        assert.equal(r.choice.torch.variant, want.variant, `${accelerator} ${python}`);
        assert.equal(r.problem, undefined);
        assert.equal(r.reasons[0], 'torch is not pinned');
      }
    }
    // The same with an empty specifier written in a requirements file.
    assert.equal(resolveTorch({ requirement: torch(''), python: '3.11', accelerator: 'gpu' }).choice.torch.torch, expectedFromTable('3.11', 'gpu').torch);
  });

  test('a pin with no wheel for the Python keeps the pin and moves to the nearest Python it has', () => {
    const r = resolveTorch({ requirement: torch('==2.1.2'), python: '3.13', accelerator: 'gpu' });
    assert.equal(r.choice.torch.torch, '2.1.2');
    assert.equal(r.choice.python, '3.11');
    assert.ok(r.choice.torch.pythons.includes('3.11'));
    assert.equal(r.problem, 'torch 2.1.2 has no wheel for Python 3.13 (it has 3.10–3.11); using Python 3.11');
    const older = resolveTorch({ requirement: torch('==2.1.2'), python: '3.8', accelerator: 'cpu' });
    assert.equal(older.choice.python, '3.10');
    assert.match(older.problem ?? '', /Python 3\.8/);
  });

  test('a range with no wheel for the Python keeps the newest release in the range', () => {
    const r = resolveTorch({ requirement: torch('>=2.1,<2.3'), python: '3.13', accelerator: 'gpu' });
    assert.equal(r.choice.torch.torch, '2.2.2');
    assert.equal(r.choice.python, r.choice.torch.pythons[r.choice.torch.pythons.length - 1]);
    assert.match(r.problem ?? '', /no wheel for Python 3\.13/);
  });

  test('a torch version that does not exist falls back to the newest torch, and says so', () => {
    const r = resolveTorch({ requirement: torch('==9.9.9'), python: '3.11', accelerator: 'gpu' });
    assert.equal(r.choice.torch.torch, expectedFromTable('3.11', 'gpu').torch);
    assert.match(r.problem ?? '', /^torch==9\.9\.9 matches no torch release/);
    const tooOld = resolveTorch({ requirement: torch('<1.0'), python: '3.11', accelerator: 'cpu' });
    assert.equal(tooOld.choice.torch.torch, expectedFromTable('3.11', 'cpu').torch);
    assert.match(tooOld.problem ?? '', /matches no torch release/);
  });

  test('a specifier that is not PEP 440 is ignored with a problem', () => {
    const r = resolveTorch({ requirement: torch('latest'), python: '3.11', accelerator: 'cpu' });
    assert.equal(r.choice.torch.torch, expectedFromTable('3.11', 'cpu').torch);
    assert.match(r.problem ?? '', /not a PEP 440 version specifier/);
  });

  test('a local label pins the variant, when it exists', () => {
    const r = resolveTorch({ requirement: torch('==2.4.1+cu121'), python: '3.11', accelerator: 'gpu' });
    assert.equal(r.choice.torch.variant, 'cu121');
    assert.equal(r.choice.base?.cuda.startsWith('12.1.'), true);
    assert.equal(r.problem, undefined);
    const missing = resolveTorch({ requirement: torch('==2.4.1+cu999'), python: '3.11', accelerator: 'gpu' });
    assert.equal(missing.choice.torch.variant, 'cu124');
    assert.match(missing.problem ?? '', /cu999/);
  });

  test('a CUDA wheel without an nvidia/cuda base is skipped: torch 1.11.0 takes cu113 over cu102', () => {
    const r = resolveTorch({ requirement: torch('==1.11.0'), python: '3.10', accelerator: 'gpu' });
    assert.equal(r.choice.torch.variant, 'cu113');
    // 11.3 has no Ubuntu 22.04 tag: the newest Ubuntu it has.
    assert.equal(r.choice.base?.image, 'nvidia/cuda:11.3.1-cudnn8-runtime-ubuntu20.04');
    assert.ok(r.reasons.some((x) => x.startsWith('cu102 skipped')), r.reasons.join('\n'));
  });

  test('torch 2.0.x takes the cu118 index over PyPI\'s own cu117 wheel', () => {
    const r = resolveTorch({ requirement: torch('==2.0.1'), python: '3.10', accelerator: 'gpu' });
    assert.equal(r.choice.torch.variant, 'cu118');
    assert.equal(r.choice.torch.indexUrl, 'https://download.pytorch.org/whl/cu118');
  });

  test('every release, Python and accelerator resolves to a consistent choice', () => {
    const versions = [...new Set(torchWheels.map((r) => r.torch))];
    for (const version of versions) {
      for (const python of ['3.8', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15']) {
        for (const accelerator of ['gpu', 'cpu'] as const) {
          const what = `torch==${version} ${python} ${accelerator}`;
          const r = resolveTorch({ requirement: torch(`==${version}`), python, accelerator });
          assert.equal(r.choice.torch.torch, version, what);
          assert.ok(r.choice.torch.pythons.includes(r.choice.python), what);
          assert.equal(r.problem === undefined, r.choice.python === python, what);
          if (accelerator === 'cpu') {
            assert.equal(r.choice.torch.variant, 'cpu', what);
            assert.equal(r.choice.base, undefined, what);
          } else {
            assert.ok(r.choice.torch.cuda && r.choice.base, what);
            assert.equal(r.choice.base.cuda.split('.').slice(0, 2).join('.'), r.choice.torch.cuda, what);
            assert.equal(r.choice.base.flavor, 'runtime', what);
            assert.notEqual(r.choice.base.cudnn, undefined, what);
          }
        }
      }
    }
  });
});

describe('resolveTorch: preferCudaMajor', () => {
  const torchReq = (specifier: string): PythonRequirement => ({ name: 'torch', specifier, extras: [], source: { file: 'requirements.txt', line: 1 } });
  const majorOf = (cuda: string | undefined): number => Number((cuda ?? '0').split('.')[0]);
  const newestCudaMajor = Math.max(...torchWheels.filter((w) => w.cuda !== null).map((w) => majorOf(w.cuda ?? undefined)));

  test('keeps an unpinned GPU torch on CUDA 12 wheels when newer majors exist, and says why', () => {
    const r = resolveTorch({ python: '3.11', accelerator: 'gpu', preferCudaMajor: 12 });
    assert.equal(majorOf(r.choice.torch.cuda), 12);
    assert.equal(r.choice.base?.cuda.split('.').slice(0, 2).join('.'), r.choice.torch.cuda);
    if (newestCudaMajor > 12) assert.ok(r.reasons.some((x) => /CUDA 12 wheel preferred/.test(x)), r.reasons.join(' | '));
  });

  test('a pinned variant still wins over the preference', () => {
    const cu13 = torchWheels.find((w) => majorOf(w.cuda ?? undefined) >= 13 && w.pythons.includes('3.11'));
    if (!cu13) return; // the table has no CUDA 13 wheel: nothing to override
    const r = resolveTorch({ requirement: torchReq(`==${cu13.torch}+${cu13.variant}`), python: '3.11', accelerator: 'gpu', preferCudaMajor: 12 });
    assert.equal(r.choice.torch.variant, cu13.variant);
  });

  test('has no effect on CPU wheels', () => {
    const r = resolveTorch({ python: '3.11', accelerator: 'cpu', preferCudaMajor: 12 });
    assert.equal(r.choice.torch.variant, 'cpu');
    assert.equal(r.choice.base, undefined);
  });
});
