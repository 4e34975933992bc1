import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { pickPython } from '../../../src/core/scaffold/compat/pickPython';
import { pythonMajorMinor } from '../../../src/core/scaffold/compat/pythonMajorMinor';
import { requirementOrigin } from '../../../src/core/scaffold/compat/requirementOrigin';

describe('pickPython', () => {
  test('keeps a Python the build has', () => {
    assert.deepEqual(pickPython('torch 2.4.1', '3.11', ['3.10', '3.11', '3.12']), { python: '3.11', problem: undefined });
    assert.equal(pickPython('torch 2.4.1', '3.11.9', ['3.10', '3.11']).python, '3.11');
  });

  test('moves to the nearest Python, the newer one on a tie, and says why', () => {
    assert.deepEqual(pickPython('torch 2.1.2', '3.13', ['3.10', '3.11']), {
      python: '3.11',
      problem: 'torch 2.1.2 has no wheel for Python 3.13 (it has 3.10–3.11); using Python 3.11',
    });
    assert.equal(pickPython('x', '3.8', ['3.10', '3.11']).python, '3.10');
    assert.equal(pickPython('x', '3.11', ['3.10', '3.12']).python, '3.12');
    assert.match(pickPython('x', '3.11', ['3.10', '3.12']).problem ?? '', /\(it has 3\.10, 3\.12\)/);
  });

  test('an unreadable Python takes the newest available', () => {
    assert.equal(pickPython('x', 'python3', ['3.10', '3.12']).python, '3.12');
    assert.match(pickPython('x', '', ['3.10']).problem ?? '', /Python \(none given\)/);
  });
});

describe('pythonMajorMinor', () => {
  test('drops the patch and blanks', () => {
    assert.equal(pythonMajorMinor(' 3.11.4 '), '3.11');
    assert.equal(pythonMajorMinor('3.9'), '3.9');
    assert.equal(pythonMajorMinor('latest'), 'latest');
  });
});

describe('requirementOrigin', () => {
  test('names the requirement and where it was written', () => {
    const source = { file: 'requirements.txt', line: 4 };
    assert.equal(requirementOrigin({ name: 'torch', specifier: '==2.4.1', extras: [], source }), 'torch==2.4.1 in requirements.txt:4');
    assert.equal(requirementOrigin({ name: 'torch', specifier: '', extras: [], source: { file: 'pyproject.toml' } }), 'torch (unpinned) in pyproject.toml');
  });
});
