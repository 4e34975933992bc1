// pyproject.toml: PEP 621 and Poetry dependencies, the Python range, lines found by search, and invalid TOML.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePyproject } from '../../../src/core/scaffold/parsePyproject';

const PEP621 = `[build-system]
requires = ["setuptools>=68"]

[project]
name = "sentiment-api"
requires-python = ">=3.9,<3.12"
dependencies = [
  "torch==2.4.1",
  "Transformers>=4.40,<5",
  'uvicorn[standard]==0.30; python_version < "3.11"',
  "pywin32==306; sys_platform == 'win32'",
]

[project.optional-dependencies]
gpu = ["onnxruntime-gpu==1.19.2"]
dev = ["pytest"]
`;

const POETRY = `[tool.poetry]
name = "llm-server"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"
torch = "2.4.1"
transformers = { version = "^4.40", extras = ["torch"] }
uvicorn = {version = "~0.30.1", extras = ["standard"]}
fastapi = "*"
mylib = { path = "../mylib" }
Pillow = [
  { version = "10.0.0", markers = "sys_platform == 'darwin'" },
  { version = "^10.4", markers = "sys_platform == 'linux'" },
]

[tool.poetry.group.dev.dependencies]
pytest = "^8"
`;

describe('parsePyproject', () => {
  test('PEP 621 dependencies and optional dependencies, with lines', async () => {
    const parsed = await parsePyproject(PEP621, 'pyproject.toml');
    assert.deepEqual(parsed.warnings, []);
    assert.deepEqual(
      parsed.requirements.map((r) => [r.name, r.specifier, r.extras, r.source.line]),
      [
        ['torch', '==2.4.1', [], 8],
        ['transformers', '>=4.40,<5', [], 9],
        ['uvicorn', '==0.30', ['standard'], 10],
        ['onnxruntime-gpu', '==1.19.2', [], 15],
        ['pytest', '', [], 16],
      ],
    );
    assert.deepEqual(parsed.pythonRanges, [{ specifier: '>=3.9,<3.12', source: { file: 'pyproject.toml', line: 6 } }]);
  });

  test('Poetry: python range, pins, tables, extras, carets and tildes, per-platform lists', async () => {
    const parsed = await parsePyproject(POETRY, 'pyproject.toml');
    assert.deepEqual(parsed.pythonRanges, [{ specifier: '>=3.11,<4.0', source: { file: 'pyproject.toml', line: 6 } }]);
    assert.deepEqual(
      parsed.requirements.map((r) => [r.name, r.specifier, r.extras, r.source.line]),
      [
        ['torch', '==2.4.1', [], 7],
        ['transformers', '>=4.40,<5.0', ['torch'], 8],
        ['uvicorn', '>=0.30.1,<0.31.0', ['standard'], 9],
        ['fastapi', '', [], 10],
        ['mylib', '', [], 11],
        ['pillow', '>=10.4,<11.0', [], 12],
      ],
    );
    // Dev groups are not installed in a serving image.
    assert.ok(!parsed.requirements.some((r) => r.name === 'pytest'));
    assert.deepEqual(parsed.warnings, ['pyproject.toml:11: mylib is installed from a local path, so its version is unknown']);
  });

  test('invalid TOML is one warning with the line, never an exception', async () => {
    const parsed = await parsePyproject('[project]\nname = "x"\ndependencies = [\n  "torch"\n  "numpy"\n]\n', 'pyproject.toml');
    assert.deepEqual(parsed.requirements, []);
    assert.equal(parsed.warnings.length, 1);
    assert.match(parsed.warnings[0] ?? '', /^pyproject\.toml:\d+: not read, invalid TOML/);
  });

  test('wrong shapes and unreadable entries are warnings', async () => {
    const parsed = await parsePyproject('[project]\ndependencies = "torch"\n[project.optional-dependencies]\nx = [1, "-e .", "ok"]\n', 'pyproject.toml');
    assert.deepEqual(
      parsed.requirements.map((r) => r.name),
      ['ok'],
    );
    assert.equal(parsed.warnings.length, 3);
    assert.match(parsed.warnings.join('\n'), /project\.dependencies is not a list/);
  });

  test('a file without dependencies yields nothing and no warnings', async () => {
    assert.deepEqual(await parsePyproject('[tool.black]\nline-length = 100\n', 'pyproject.toml'), { requirements: [], pythonRanges: [], warnings: [] });
  });
});
