// environment.yml: conda specs as PEP 440, pytorch meaning torch, the nested pip list, and invalid YAML.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseCondaEnvironment } from '../../../src/core/scaffold/parseCondaEnvironment';

const ENV = `name: llm
channels:
  - pytorch
  - nvidia
  - conda-forge
dependencies:
  - python=3.11
  - pytorch=2.4.1=py3.11_cuda12.1_cudnn9.1.0_0
  - pytorch-cuda=12.1
  - conda-forge::numpy>=1.26,<2
  - scipy 1.13.*
  - pandas=2.2
  - pip
  - pip:
      - transformers==4.44.2
      - "vllm>=0.5 ; sys_platform == 'linux'"
      - --extra-index-url https://download.pytorch.org/whl/cu121
      - -r requirements-extra.txt
      - -e .
`;

describe('parseCondaEnvironment', () => {
  test('conda packages, the python pin, and the nested pip list with lines', () => {
    const parsed = parseCondaEnvironment(ENV, 'environment.yml');
    assert.deepEqual(parsed.python, { specifier: '==3.11.*', source: { file: 'environment.yml', line: 7 } });
    assert.deepEqual(
      parsed.requirements.map((r) => [r.name, r.specifier, r.source.line]),
      [
        ['torch', '==2.4.1', 8],
        ['pytorch-cuda', '==12.1.*', 9],
        ['numpy', '>=1.26,<2', 10],
        ['scipy', '==1.13.*', 11],
        ['pandas', '==2.2.*', 12],
        ['transformers', '==4.44.2', 15],
        ['vllm', '>=0.5', 16],
      ],
    );
    assert.deepEqual(parsed.includes, [{ path: 'requirements-extra.txt', line: 18 }]);
    assert.equal(parsed.warnings.length, 1);
    assert.match(parsed.warnings[0] ?? '', /^environment\.yml:19: skipped "-e \."/);
  });

  test('a python range and an exact pin', () => {
    assert.equal(parseCondaEnvironment('dependencies:\n  - python>=3.10\n', 'environment.yml').python?.specifier, '>=3.10');
    assert.equal(parseCondaEnvironment('dependencies:\n  - python==3.10.14\n', 'environment.yml').python?.specifier, '==3.10.14');
  });

  test('invalid YAML is one warning with the line', () => {
    const parsed = parseCondaEnvironment('dependencies:\n  - python=3.11\n   - torch: [\n', 'environment.yml');
    assert.deepEqual(parsed.requirements, []);
    assert.equal(parsed.warnings.length, 1);
    assert.match(parsed.warnings[0] ?? '', /^environment\.yml:\d+: not read, invalid YAML/);
  });

  test('odd shapes do not throw', () => {
    assert.deepEqual(parseCondaEnvironment('', 'environment.yml').requirements, []);
    assert.deepEqual(parseCondaEnvironment('just a string', 'environment.yml').requirements, []);
    assert.match(parseCondaEnvironment('dependencies: 3\n', 'environment.yml').warnings[0] ?? '', /dependencies is not a list/);
    const weird = parseCondaEnvironment('dependencies:\n  - {foo: bar}\n  - "!!!"\n  - numpy\n', 'environment.yml');
    assert.deepEqual(
      weird.requirements.map((r) => r.name),
      ['numpy'],
    );
    assert.equal(weird.warnings.length, 2);
    assert.match(parseCondaEnvironment('\u0000\u0001', 'environment.yml').warnings[0] ?? '', /binary/);
  });
});
