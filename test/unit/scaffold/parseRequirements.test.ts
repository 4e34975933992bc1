// pip requirement syntax: single lines, whole requirements files, and the small normalisers they rely on.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { detectNonLinuxMarker } from '../../../src/core/scaffold/detectNonLinuxMarker';
import { normalizePackageName } from '../../../src/core/scaffold/normalizePackageName';
import { normalizePoetryConstraint } from '../../../src/core/scaffold/normalizePoetryConstraint';
import { parsePythonVersionFile } from '../../../src/core/scaffold/parsePythonVersionFile';
import { parseRequirementLine } from '../../../src/core/scaffold/parseRequirementLine';
import { parseRequirementsTxt } from '../../../src/core/scaffold/parseRequirementsTxt';

describe('normalizePackageName', () => {
  test('follows PEP 503', () => {
    assert.equal(normalizePackageName('Onnxruntime_GPU'), 'onnxruntime-gpu');
    assert.equal(normalizePackageName('zope.interface'), 'zope-interface');
    assert.equal(normalizePackageName('a__-._b'), 'a-b');
    assert.equal(normalizePackageName('Torch'), 'torch');
  });
});

describe('parseRequirementLine', () => {
  test('name, extras, specifier and marker', () => {
    assert.deepEqual(parseRequirementLine('uvicorn[standard]==0.30'), {
      kind: 'requirement',
      name: 'uvicorn',
      specifier: '==0.30',
      extras: ['standard'],
      marker: '',
      url: undefined,
    });
    assert.deepEqual(parseRequirementLine('Transformers >= 4.40 , <5 ; python_version < "3.11"'), {
      kind: 'requirement',
      name: 'transformers',
      specifier: '>=4.40,<5',
      extras: [],
      marker: 'python_version < "3.11"',
      url: undefined,
    });
    const tf = parseRequirementLine('tensorflow[and-cuda]~=2.17.0');
    assert.equal(tf.kind, 'requirement');
    assert.deepEqual([tf.name, tf.specifier, tf.extras], ['tensorflow', '~=2.17.0', ['and-cuda']]);
  });
  test('an unpinned name, a parenthesised specifier and a local version label', () => {
    assert.equal(parseRequirementLine('vllm').kind, 'requirement');
    const paren = parseRequirementLine('numpy (>=1.26)');
    assert.equal(paren.kind === 'requirement' && paren.specifier, '>=1.26');
    const cuda = parseRequirementLine('torch==2.4.1+cu121');
    assert.equal(cuda.kind === 'requirement' && cuda.specifier, '==2.4.1+cu121');
  });
  test('per-requirement options such as --hash are dropped', () => {
    const r = parseRequirementLine('flask==3.0.3 --hash=sha256:abcdef');
    assert.equal(r.kind === 'requirement' && r.specifier, '==3.0.3');
  });
  test('a direct reference keeps the name, and a wheel URL gives the version', () => {
    const wheel = parseRequirementLine('torch @ https://download.pytorch.org/whl/cu121/torch-2.4.1%2Bcu121-cp311-cp311-linux_x86_64.whl');
    assert.equal(wheel.kind, 'requirement');
    assert.deepEqual([wheel.name, wheel.specifier], ['torch', '==2.4.1+cu121']);
    const git = parseRequirementLine('vllm @ git+https://github.com/vllm-project/vllm.git ; sys_platform == "linux"');
    assert.deepEqual(git.kind === 'requirement' && [git.name, git.specifier, git.url, git.marker], [
      'vllm',
      '',
      'git+https://github.com/vllm-project/vllm.git',
      'sys_platform == "linux"',
    ]);
  });
  test('options: includes, constraints, ignored index options, editables', () => {
    assert.deepEqual(parseRequirementLine('-r base.txt'), { kind: 'include', path: 'base.txt' });
    assert.deepEqual(parseRequirementLine('--requirement=base.txt'), { kind: 'include', path: 'base.txt' });
    assert.deepEqual(parseRequirementLine('-rbase.txt'), { kind: 'include', path: 'base.txt' });
    assert.deepEqual(parseRequirementLine('-c constraints.txt'), { kind: 'constraint', path: 'constraints.txt' });
    assert.deepEqual(parseRequirementLine('--extra-index-url https://download.pytorch.org/whl/cu121'), { kind: 'option' });
    assert.deepEqual(parseRequirementLine('-i https://pypi.org/simple'), { kind: 'option' });
    assert.equal(parseRequirementLine('-e .').kind, 'unsupported');
    assert.equal(parseRequirementLine('--editable git+https://x/y.git#egg=y').kind, 'unsupported');
  });
  test('bare URLs and paths are unsupported, garbage is invalid', () => {
    assert.equal(parseRequirementLine('https://example.com/pkg-1.0.tar.gz').kind, 'unsupported');
    assert.equal(parseRequirementLine('./libs/mypkg').kind, 'unsupported');
    assert.equal(parseRequirementLine('mypkg-1.0-py3-none-any.whl').kind, 'unsupported');
    assert.equal(parseRequirementLine('torch 2.4.1').kind, 'invalid');
    assert.equal(parseRequirementLine('\u0089PNG\u001a').kind, 'invalid');
    assert.equal(parseRequirementLine('torch==').kind, 'invalid');
  });
});

describe('parseRequirementsTxt', () => {
  test('comments, blank lines, continuations, markers and 1-based lines', () => {
    const text = [
      '# serving stack', //                   1
      '', //                                  2
      'torch==2.4.1  # pinned for CUDA 12.1', // 3
      'transformers>=4.40,\\', //            4
      '    <5', //                            5
      'uvicorn[standard]==0.30; python_version < "3.11"', // 6
      '--extra-index-url https://download.pytorch.org/whl/cu121', // 7
      '-r base.txt', //                       8
      'pywin32==306; sys_platform == "win32"', // 9
      'Onnxruntime_GPU', //                   10
    ].join('\r\n');
    const parsed = parseRequirementsTxt(text, 'requirements.txt');
    assert.deepEqual(parsed.warnings, []);
    assert.deepEqual(parsed.includes, [{ path: 'base.txt', line: 8 }]);
    assert.deepEqual(
      parsed.requirements.map((r) => [r.name, r.specifier, r.extras, r.source.line]),
      [
        ['torch', '==2.4.1', [], 3],
        ['transformers', '>=4.40,<5', [], 4],
        ['uvicorn', '==0.30', ['standard'], 6],
        ['onnxruntime-gpu', '', [], 10],
      ],
    );
    assert.ok(parsed.requirements.every((r) => r.source.file === 'requirements.txt'));
  });
  test('a URL fragment is not a comment, and -e and URL lines are skipped with a warning naming file and line', () => {
    const parsed = parseRequirementsTxt('flask\n-e .\nhttps://example.com/x.tar.gz#egg=x\nvllm @ git+https://github.com/vllm-project/vllm\n', 'req.txt');
    assert.deepEqual(
      parsed.requirements.map((r) => r.name),
      ['flask', 'vllm'],
    );
    assert.equal(parsed.warnings.length, 3);
    assert.match(parsed.warnings[0] ?? '', /^req\.txt:2: skipped "-e \."/);
    assert.match(parsed.warnings[1] ?? '', /^req\.txt:3: /);
    assert.match(parsed.warnings[2] ?? '', /^req\.txt:4: vllm is installed from a URL/);
  });
  test('binary content is one warning, not a flood', () => {
    const parsed = parseRequirementsTxt('\u0000\u0001\u0002PK\u0003\u0004 garbage', 'requirements.txt');
    assert.deepEqual(parsed.requirements, []);
    assert.deepEqual(parsed.warnings, ['requirements.txt: not read, it looks like a binary file']);
  });
  test('garbage without NUL bytes gives capped per-line warnings and keeps the good lines', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `\u00ff\u00fe garbage ${'='.repeat(i)} !!`);
    lines.splice(5, 0, 'flask==3.0');
    const parsed = parseRequirementsTxt(lines.join('\n'), 'requirements.txt');
    assert.deepEqual(
      parsed.requirements.map((r) => [r.name, r.source.line]),
      [['flask', 6]],
    );
    assert.equal(parsed.warnings.length, 11);
    assert.equal(parsed.warnings.at(-1), 'requirements.txt: 20 more unreadable lines');
  });
  test('firstLine offsets line numbers for text cut out of a larger file', () => {
    const parsed = parseRequirementsTxt('torch==2.4.1', 'environment.yml', 12);
    assert.deepEqual(parsed.requirements[0]?.source, { file: 'environment.yml', line: 12 });
  });
});

describe('detectNonLinuxMarker', () => {
  test('drops platform pins that cannot hold in a Linux container', () => {
    assert.equal(detectNonLinuxMarker('sys_platform == "win32"'), true);
    assert.equal(detectNonLinuxMarker("platform_system == 'Darwin' and python_version >= '3.9'"), true);
    assert.equal(detectNonLinuxMarker('sys_platform != "linux"'), true);
    assert.equal(detectNonLinuxMarker('sys_platform == "linux"'), false);
    assert.equal(detectNonLinuxMarker('python_version < "3.11"'), false);
    assert.equal(detectNonLinuxMarker('sys_platform == "darwin" or sys_platform == "linux"'), false);
    assert.equal(detectNonLinuxMarker(''), false);
  });
});

describe('normalizePoetryConstraint', () => {
  test('caret and tilde become PEP 440 ranges', () => {
    assert.equal(normalizePoetryConstraint('^3.11'), '>=3.11,<4.0');
    assert.equal(normalizePoetryConstraint('^2.4'), '>=2.4,<3.0');
    assert.equal(normalizePoetryConstraint('^1.2.3'), '>=1.2.3,<2.0.0');
    assert.equal(normalizePoetryConstraint('^0.2.3'), '>=0.2.3,<0.3.0');
    assert.equal(normalizePoetryConstraint('^0.0.3'), '>=0.0.3,<0.0.4');
    assert.equal(normalizePoetryConstraint('^0'), '>=0,<1');
    assert.equal(normalizePoetryConstraint('~2.4.1'), '>=2.4.1,<2.5.0');
    assert.equal(normalizePoetryConstraint('~3.11'), '>=3.11,<3.12');
    assert.equal(normalizePoetryConstraint('~2'), '>=2,<3');
  });
  test('bare versions, wildcards, operators and alternatives', () => {
    assert.equal(normalizePoetryConstraint('2.4.1'), '==2.4.1');
    assert.equal(normalizePoetryConstraint('2.4.*'), '==2.4.*');
    assert.equal(normalizePoetryConstraint('*'), '');
    assert.equal(normalizePoetryConstraint(''), '');
    assert.equal(normalizePoetryConstraint('>= 1.2 < 2.0'), '>=1.2,<2.0');
    assert.equal(normalizePoetryConstraint('>=1.2,<2.0'), '>=1.2,<2.0');
    assert.equal(normalizePoetryConstraint('~=2.17.0'), '~=2.17.0');
    assert.equal(normalizePoetryConstraint('^3.9 || ^3.11'), '>=3.9,<4.0');
    assert.equal(normalizePoetryConstraint('latest please'), undefined);
  });
});

describe('parsePythonVersionFile', () => {
  test('pyenv and runtime.txt forms', () => {
    assert.deepEqual(parsePythonVersionFile('3.11.9\n'), { version: '3.11', line: 1 });
    assert.deepEqual(parsePythonVersionFile('# pinned\n3.10\n'), { version: '3.10', line: 2 });
    assert.deepEqual(parsePythonVersionFile('python-3.11.9'), { version: '3.11', line: 1 });
    assert.deepEqual(parsePythonVersionFile('pypy3.10-7.3.12'), { version: '3.10', line: 1 });
    assert.equal(parsePythonVersionFile('system'), undefined);
    assert.equal(parsePythonVersionFile('miniconda3-4.7.12'), undefined);
    assert.equal(parsePythonVersionFile(''), undefined);
  });
});
