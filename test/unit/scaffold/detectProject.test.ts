// detectProject on real folders built in a temp dir: every requirement format, Python sources, entry points, model
// kinds, skipped folders, symlinks, unreadable and invalid files, and the walk's limits.
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectProject } from '../../../src/core/scaffold/detectProject';

type Tree = Record<string, string | { readonly bytes: number }>;

let tmp = '';
let counter = 0;

/** A fresh project folder holding `tree`; `{ bytes }` makes a sparse file of that size, cheap however large. */
function project(tree: Tree): string {
  const root = path.join(tmp, `p${++counter}`);
  fs.mkdirSync(root);
  for (const [rel, content] of Object.entries(tree)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(file, content);
    else {
      fs.writeFileSync(file, '');
      fs.truncateSync(file, content.bytes);
    }
  }
  return root;
}

const MiB = 1024 * 1024;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-detect-'));
});
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('requirements', () => {
  test('requirements.txt with includes relative to the including file', async () => {
    const root = project({
      'requirements.txt': 'torch==2.4.1\n-r requirements/serve.txt\n',
      'requirements/serve.txt': 'fastapi==0.115.0\n-r ../shared/common.txt\n',
      'shared/common.txt': 'numpy<2\ntorch==2.3.0\n',
    });
    const d = await detectProject(root);
    assert.deepEqual(d.warnings, []);
    assert.deepEqual(d.requirementFiles, ['requirements.txt', 'requirements/serve.txt', 'shared/common.txt']);
    // First occurrence wins: torch keeps the pin from requirements.txt.
    assert.deepEqual(
      d.requirements.map((r) => [r.name, r.specifier, `${r.source.file}:${r.source.line ?? ''}`]),
      [
        ['torch', '==2.4.1', 'requirements.txt:1'],
        ['fastapi', '==0.115.0', 'requirements/serve.txt:1'],
        ['numpy', '<2', 'shared/common.txt:1'],
      ],
    );
  });

  test('an include cycle is read once and reported, a missing or outside include is reported', async () => {
    const root = project({
      'requirements.txt': '-r a.txt\nflask\n',
      'a.txt': 'torch\n-r b.txt\n',
      'b.txt': 'numpy\n-r a.txt\n-r missing.txt\n-r ../../etc/passwd\n',
    });
    const d = await detectProject(root);
    assert.deepEqual(
      d.requirements.map((r) => r.name),
      ['flask', 'torch', 'numpy'],
    );
    assert.deepEqual(d.requirementFiles, ['requirements.txt', 'a.txt', 'b.txt']);
    assert.equal(d.warnings.length, 3, d.warnings.join('\n'));
    assert.match(d.warnings[0] ?? '', /^b\.txt:2: -r a\.txt .*cycle/);
    assert.match(d.warnings[1] ?? '', /^b\.txt:3: included file missing\.txt not found/);
    assert.match(d.warnings[2] ?? '', /^b\.txt:4: .*outside the project/);
  });

  test('a file including itself does not loop', async () => {
    const d = await detectProject(project({ 'requirements.txt': 'vllm\n-r requirements.txt\n' }));
    assert.deepEqual(
      d.requirements.map((r) => r.name),
      ['vllm'],
    );
    assert.match(d.warnings.join('\n'), /cycle/);
  });

  test('requirements/*.txt are read in name order', async () => {
    const d = await detectProject(project({ 'requirements/dev.txt': 'pytest\n', 'requirements/base.txt': 'flask\n', 'requirements/notes.md': 'x' }));
    assert.deepEqual(d.requirementFiles, ['requirements/base.txt', 'requirements/dev.txt']);
    assert.deepEqual(
      d.requirements.map((r) => r.name),
      ['flask', 'pytest'],
    );
  });

  test('markers, extras and skipped lines with warnings naming file and line', async () => {
    const d = await detectProject(
      project({
        'requirements.txt': [
          'uvicorn[standard]==0.30 ; python_version < "3.11"',
          'tensorflow-macos==2.16; sys_platform == "darwin"',
          '--extra-index-url https://download.pytorch.org/whl/cu121',
          '-e ./vendor/lib',
          'Onnxruntime_GPU==1.19.2',
        ].join('\n'),
      }),
    );
    assert.deepEqual(
      d.requirements.map((r) => [r.name, r.specifier, r.extras]),
      [
        ['uvicorn', '==0.30', ['standard']],
        ['onnxruntime-gpu', '==1.19.2', []],
      ],
    );
    assert.equal(d.warnings.length, 1);
    assert.match(d.warnings[0] ?? '', /^requirements\.txt:4: skipped "-e \.\/vendor\/lib"/);
  });

  test('Poetry pyproject: pins and the Python version', async () => {
    const d = await detectProject(
      project({
        'pyproject.toml': '[tool.poetry.dependencies]\npython = "~3.10"\ntorch = {version = "^2.4", source = "pytorch"}\n',
      }),
    );
    assert.deepEqual(d.requirementFiles, ['pyproject.toml']);
    assert.deepEqual(d.requirements[0], { name: 'torch', specifier: '>=2.4,<3.0', extras: [], source: { file: 'pyproject.toml', line: 3 } });
    assert.deepEqual(d.python, { version: '3.10', source: { file: 'pyproject.toml', line: 2 } });
  });

  test('conda environment with a nested pip list and an include beside it', async () => {
    const d = await detectProject(
      project({
        'environment.yml': 'dependencies:\n  - python=3.10\n  - pytorch=2.4.1\n  - pip:\n    - -r reqs/pip.txt\n    - transformers==4.44.2\n',
        'reqs/pip.txt': 'accelerate==0.34.2\n',
      }),
    );
    assert.deepEqual(d.warnings, []);
    assert.deepEqual(d.requirementFiles, ['environment.yml', 'reqs/pip.txt']);
    assert.deepEqual(
      d.requirements.map((r) => [r.name, r.specifier, `${r.source.file}:${r.source.line ?? ''}`]),
      [
        ['torch', '==2.4.1', 'environment.yml:3'],
        ['transformers', '==4.44.2', 'environment.yml:6'],
        ['accelerate', '==0.34.2', 'reqs/pip.txt:1'],
      ],
    );
    assert.deepEqual(d.python, { version: '3.10', source: { file: 'environment.yml', line: 2 } });
  });

  test('invalid TOML and YAML are warnings naming the file; the rest is still detected', async () => {
    const d = await detectProject(
      project({
        'requirements.txt': 'flask\n',
        'pyproject.toml': '[project\ndependencies = ["torch"]\n',
        'environment.yml': 'dependencies:\n  - a\n - b: [\n',
        'app.py': 'print(1)\n',
      }),
    );
    assert.deepEqual(
      d.requirements.map((r) => r.name),
      ['flask'],
    );
    assert.equal(d.entryPoint, 'app.py');
    assert.equal(d.warnings.length, 2, d.warnings.join('\n'));
    assert.match(d.warnings[0] ?? '', /^pyproject\.toml:1: not read, invalid TOML/);
    assert.match(d.warnings[1] ?? '', /^environment\.yml:\d+: not read, invalid YAML/);
  });

  test('binary garbage in requirements.txt is one warning', async () => {
    const root = project({ 'main.py': '' });
    fs.writeFileSync(path.join(root, 'requirements.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe, 0x0a, 0x00, 0x13]));
    const d = await detectProject(root);
    assert.deepEqual(d.requirements, []);
    assert.deepEqual(d.warnings, ['requirements.txt: not read, it looks like a binary file']);
    assert.equal(d.entryPoint, 'main.py');
  });

  test('an unreadable requirements file and folder are warnings', async (t) => {
    const root = project({ 'requirements.txt': 'torch\n', 'secret/model.safetensors': 'x', 'ok/model.gguf': 'x' });
    fs.chmodSync(path.join(root, 'requirements.txt'), 0o000);
    fs.chmodSync(path.join(root, 'secret'), 0o000);
    try {
      let readable = true;
      try {
        fs.readFileSync(path.join(root, 'requirements.txt'));
      } catch {
        readable = false;
      }
      if (readable) {
        t.skip('root can read mode-000 files');
        return;
      }
      const d = await detectProject(root);
      assert.deepEqual(d.requirements, []);
      assert.deepEqual(
        d.modelFiles.map((m) => m.path),
        ['ok/model.gguf'],
      );
      assert.deepEqual(d.warnings, ['requirements.txt: could not be read (EACCES)', 'secret: folder not searched for model files (EACCES)']);
    } finally {
      fs.chmodSync(path.join(root, 'requirements.txt'), 0o644);
      fs.chmodSync(path.join(root, 'secret'), 0o755);
    }
  });

  test('a requirements.txt that is a folder is a warning, not a crash', async () => {
    const d = await detectProject(project({ 'requirements.txt/x': '' }));
    assert.deepEqual(d.warnings, ['requirements.txt: not a regular file; not read']);
  });
});

describe('Python version', () => {
  test('.python-version beats runtime.txt, environment.yml and pyproject.toml', async () => {
    const d = await detectProject(
      project({
        '.python-version': '3.10.14\n',
        'runtime.txt': 'python-3.9.19\n',
        'environment.yml': 'dependencies:\n  - python=3.8\n',
        'pyproject.toml': '[project]\nrequires-python = ">=3.11"\n',
      }),
    );
    assert.deepEqual(d.python, { version: '3.10', source: { file: '.python-version', line: 1 } });
  });

  test('runtime.txt', async () => {
    const d = await detectProject(project({ 'runtime.txt': 'python-3.11.9\n', 'pyproject.toml': '[project]\nrequires-python = ">=3.12"\n' }));
    assert.deepEqual(d.python, { version: '3.11', source: { file: 'runtime.txt', line: 1 } });
  });

  test("conda's exact pin beats a pyproject range", async () => {
    const d = await detectProject(project({ 'environment.yml': 'dependencies:\n  - python=3.9\n', 'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n' }));
    assert.deepEqual(d.python, { version: '3.9', source: { file: 'environment.yml', line: 2 } });
  });

  test('requires-python ranges pick the newest allowed minor', async () => {
    const cases: [string, string][] = [
      ['>=3.10', '3.12'],
      ['>=3.9,<3.12', '3.11'],
      ['~=3.10', '3.12'],
      ['>=3.13', '3.13'],
    ];
    for (const [range, version] of cases) {
      const d = await detectProject(project({ 'pyproject.toml': `[project]\nname = "x"\nrequires-python = "${range}"\n` }));
      assert.deepEqual(d.python, { version, source: { file: 'pyproject.toml', line: 3 } }, range);
    }
  });

  test('an impossible range is a warning and no version', async () => {
    const d = await detectProject(project({ 'pyproject.toml': '[project]\nrequires-python = ">=3.14"\n' }));
    assert.equal(d.python, undefined);
    assert.match(d.warnings.join('\n'), /pyproject\.toml:2: Python ">=3\.14" allows none/);
  });

  test('no source, no version', async () => {
    assert.equal((await detectProject(project({ 'requirements.txt': 'flask' }))).python, undefined);
  });
});

describe('entry point', () => {
  test('the first existing candidate in order wins', async () => {
    assert.equal((await detectProject(project({ 'main.py': '', 'serve.py': '', 'src/app.py': '' }))).entryPoint, 'main.py');
    assert.equal((await detectProject(project({ 'predict.py': '', 'server.py': '' }))).entryPoint, 'server.py');
    assert.equal((await detectProject(project({ 'src/main.py': '', 'src/app.py': '' }))).entryPoint, 'src/app.py');
    assert.equal((await detectProject(project({ 'src/main.py': '' }))).entryPoint, 'src/main.py');
    assert.equal((await detectProject(project({ 'app.py/inner.py': '', 'lib.py': '' }))).entryPoint, undefined);
  });
});

describe('model files', () => {
  test('each kind, with sizes', async () => {
    const d = await detectProject(
      project({
        'weights/model.safetensors': { bytes: 5 * MiB },
        'weights/big.bin': { bytes: 2 * MiB },
        'weights/tiny.bin': 'not weights',
        'hf/config.json': '{}',
        'hf/pytorch_model.bin': { bytes: 100 },
        'ckpt/model.pt': { bytes: 10 },
        'ckpt/resnet.PTH': { bytes: 11 },
        'model.onnx': { bytes: 12 },
        'llm/q4.gguf': { bytes: 13 },
        'export/1/saved_model.pb': { bytes: 20 },
        'export/1/variables/variables.data-00000-of-00001': { bytes: 30 },
        'export/1/variables/variables.index': { bytes: 5 },
        'model_repository/README.md': 'x',
        'serving/resnet/config.pbtxt': 'name: "resnet"',
        'serving/resnet/1/model.onnx': { bytes: 40 },
        'serving/bert/config.pbtxt': 'name: "bert"',
        'serving/bert/1/model.savedmodel/saved_model.pb': { bytes: 50 },
      }),
    );
    assert.deepEqual(d.warnings, []);
    assert.equal(d.truncated, false);
    assert.deepEqual(
      d.modelFiles.map((m) => [m.path, m.kind, m.bytes]),
      [
        ['ckpt/model.pt', 'pt', 10],
        ['ckpt/resnet.PTH', 'pt', 11],
        ['export/1', 'tf-saved-model', 55],
        ['hf/pytorch_model.bin', 'bin', 100],
        ['llm/q4.gguf', 'gguf', 13],
        ['model.onnx', 'onnx', 12],
        ['model_repository', 'triton-repository', 1],
        // The repository is reported once, its inner models and SavedModel folded into it.
        ['serving', 'triton-repository', 40 + 50 + 'name: "resnet"'.length + 'name: "bert"'.length],
        ['weights/big.bin', 'bin', 2 * MiB],
        ['weights/model.safetensors', 'safetensors', 5 * MiB],
      ],
    );
    assert.equal(d.filesSeen, 17);
  });

  test('weights inside skipped folders are not reported', async () => {
    const tree: Tree = { 'models/real.safetensors': { bytes: 1 } };
    for (const folder of ['node_modules', '.venv', 'venv', 'env', '.git', '__pycache__', '.ipynb_checkpoints', 'dist', 'build', '.cache', 'wandb', 'mlruns']) {
      tree[`${folder}/hidden.safetensors`] = { bytes: 1 };
      tree[`sub/${folder}/deep/hidden.gguf`] = { bytes: 1 };
    }
    tree['.venv/lib/python3.11/site-packages/torch/model.pt'] = { bytes: 1 };
    const d = await detectProject(project(tree));
    assert.deepEqual(
      d.modelFiles.map((m) => m.path),
      ['models/real.safetensors'],
    );
  });

  test('symlinks are never followed: a loop ends and a linked weight file is not reported', async () => {
    const root = project({ 'models/real.safetensors': { bytes: 3 } });
    fs.symlinkSync(root, path.join(root, 'models', 'loop'), 'dir');
    fs.symlinkSync('..', path.join(root, 'models', 'up'), 'dir');
    fs.symlinkSync(path.join(root, 'models', 'real.safetensors'), path.join(root, 'linked.safetensors'));
    fs.symlinkSync('/nonexistent/target.gguf', path.join(root, 'dangling.gguf'));
    const d = await detectProject(root);
    assert.deepEqual(
      d.modelFiles.map((m) => m.path),
      ['models/real.safetensors'],
    );
    assert.equal(d.truncated, false);
    assert.deepEqual(d.warnings, []);
  });
});

describe('limits and bad roots', () => {
  test('a nonexistent root is an empty detection with a warning', async () => {
    const d = await detectProject(path.join(tmp, 'does-not-exist'));
    assert.deepEqual({ ...d, warnings: [] }, { requirementFiles: [], requirements: [], entryPoint: undefined, modelFiles: [], python: undefined, warnings: [], truncated: false, filesSeen: 0 });
    assert.equal(d.warnings.length, 1);
    assert.match(d.warnings[0] ?? '', /could not be opened \(ENOENT\)/);
  });

  test('a file as root is an empty detection with a warning', async () => {
    const root = project({ 'file.txt': 'x' });
    const d = await detectProject(path.join(root, 'file.txt'));
    assert.deepEqual(d.requirements, []);
    assert.match(d.warnings[0] ?? '', /is not a folder/);
  });

  test('maxFiles stops the walk with truncated and a warning', async () => {
    const tree: Tree = {};
    for (let i = 0; i < 50; i++) tree[`data/${String(i).padStart(2, '0')}.txt`] = '';
    tree['zz/model.gguf'] = '';
    const d = await detectProject(project(tree), { maxFiles: 20 });
    assert.equal(d.truncated, true);
    assert.equal(d.filesSeen, 20);
    assert.match(d.warnings.join('\n'), /after 20 files/);
  });

  test('maxDepth keeps the walk shallow with truncated and a warning', async () => {
    const d = await detectProject(project({ 'a/b/c/model.gguf': '', 'a/top.gguf': '' }), { maxDepth: 2 });
    assert.deepEqual(
      d.modelFiles.map((m) => m.path),
      ['a/top.gguf'],
    );
    assert.equal(d.truncated, true);
    assert.match(d.warnings.join('\n'), /more than 2 levels deep.*a\/b\/c/);
  });

  test('a spent deadline stops the walk with truncated and a warning, requirements still read', async () => {
    const d = await detectProject(project({ 'requirements.txt': 'torch', 'm/model.gguf': '' }), { deadlineMs: -1 });
    assert.equal(d.truncated, true);
    assert.deepEqual(d.modelFiles, []);
    assert.equal(d.requirements[0]?.name, 'torch');
    assert.match(d.warnings.join('\n'), /time limit/);
  });
});
