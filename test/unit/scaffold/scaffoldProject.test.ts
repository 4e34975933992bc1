// Every profile × GPU/CPU rendered from a plain options object, checked by outside tools (the compose-spec schema
// with ajv, dockerfile-ast, dockerfile-utils' validator, a real .dockerignore matcher) and against golden files.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ignore from '@balena/dockerignore';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { profileOrder, profiles } from '../../../src/core/scaffold/profiles';
import { scaffoldProject } from '../../../src/core/scaffold/scaffoldProject';
import type { Accelerator, ProfileId, PythonRequirement, ScaffoldOptions } from '../../../src/core/scaffold/scaffoldTypes';
import { torchWheels } from '../../../src/core/scaffold/compat/torchWheels';
import { composeSchemaErrors } from '../../support/composeSchema';

const goldenDir = resolve(__dirname, '..', '..', '..', '..', 'test', 'unit', 'scaffold', 'golden');
const update = process.env.BERTH_UPDATE_GOLDEN === '1';

function req(name: string, specifier: string, line: number): PythonRequirement {
  return { name, specifier, extras: [], source: { file: 'requirements.txt', line } };
}

/** What a typical project of each profile pins. */
const requirementsOf: Record<ProfileId, PythonRequirement[]> = {
  'python-server': [req('fastapi', '==0.115.6', 1), req('scikit-learn', '==1.5.2', 2)],
  pytorch: [req('torch', '==2.4.1', 1), req('torchvision', '', 2), req('fastapi', '', 3)],
  transformers: [req('torch', '>=2.3,<2.5', 1), req('transformers', '==4.46.3', 2)],
  vllm: [req('vllm', '==0.14.0', 1)],
  onnxruntime: [req('onnxruntime', '==1.20.1', 1)],
  triton: [],
  ollama: [],
  'tf-serving': [],
};

function optionsFor(profile: ProfileId, accelerator: Accelerator, overrides: Partial<ScaffoldOptions> = {}): ScaffoldOptions {
  return {
    profile,
    accelerator,
    platform: 'linux/amd64',
    weights: 'volume',
    port: profiles[profile].defaultPort,
    python: '3.11',
    projectName: 'demo',
    entryPoint: undefined,
    requirementsFile: profiles[profile].kind === 'python' ? 'requirements.txt' : undefined,
    requirements: requirementsOf[profile],
    modelFiles: [{ path: 'weights/model.safetensors', kind: 'safetensors', bytes: 5e9 }],
    gpus: { count: 1 },
    ...overrides,
  };
}

function instructions(dockerfile: string): { keyword: string; args: string }[] {
  return DockerfileParser.parse(dockerfile)
    .getInstructions()
    .map((i) => ({ keyword: i.getKeyword(), args: i.getArgumentsContent() ?? '' }));
}

/** The instructions of the last stage only. */
function finalStage(dockerfile: string): { keyword: string; args: string }[] {
  const all = instructions(dockerfile);
  const lastFrom = all.map((i) => i.keyword).lastIndexOf('FROM');
  return all.slice(lastFrom);
}

const matrix = profileOrder.flatMap((p) => (['gpu', 'cpu'] as const).map((a) => [p, a] as const));

describe('scaffoldProject: every profile × accelerator', () => {
  for (const [profile, accelerator] of matrix) {
    describe(`${profile} / ${accelerator}`, () => {
      const options = optionsFor(profile, accelerator);
      const result = scaffoldProject(options, '0.1.0');
      const file = (path: string): string => {
        const f = result.files.find((x) => x.path === path);
        assert.ok(f, `${path} was not generated`);
        return f.content;
      };

      test('compose files validate against the official compose-spec schema', () => {
        assert.deepEqual(composeSchemaErrors(file('compose.yaml')), []);
        const gpuFile = result.files.find((f) => f.path === 'compose.gpu.yaml');
        if (accelerator === 'gpu' || profiles[profile].gpu === 'required') {
          assert.ok(gpuFile, 'a GPU project gets compose.gpu.yaml');
          assert.deepEqual(composeSchemaErrors(gpuFile.content), []);
          assert.match(gpuFile.content, /driver: nvidia/);
          assert.match(gpuFile.content, /capabilities:\s*\n\s*- gpu/);
        } else {
          assert.equal(gpuFile, undefined, 'a CPU project gets no GPU override');
        }
        // The base file never asks for a GPU: it must start on a machine without one.
        assert.doesNotMatch(file('compose.yaml'), /nvidia|devices:|gpus:/);
      });

      test('the Dockerfile parses and dockerfile-utils finds nothing', () => {
        const dockerfile = file('Dockerfile');
        assert.deepEqual(validate(dockerfile), []);
        assert.equal(dockerfile.split('\n')[0], '# syntax=docker/dockerfile:1');
      });

      test('the final stage runs as a non-root user, with EXPOSE, HEALTHCHECK, exec-form CMD and OCI labels', () => {
        const dockerfile = file('Dockerfile');
        const last = finalStage(dockerfile);
        const users = last.filter((i) => i.keyword === 'USER').map((i) => i.args.trim());
        assert.ok(users.length > 0 && users.every((u) => u !== 'root' && u !== '0'), `USER in the final stage: ${users.join(', ')}`);
        assert.ok(last.some((i) => i.keyword === 'EXPOSE' && i.args.split(/\s+/).includes(String(options.port))));
        assert.ok(last.some((i) => i.keyword === 'HEALTHCHECK'));
        const cmd = last.filter((i) => i.keyword === 'CMD').pop();
        assert.ok(cmd, 'a CMD');
        assert.ok(Array.isArray(JSON.parse(cmd.args)), 'CMD is exec form');
        assert.match(dockerfile, /org\.opencontainers\.image\.title="demo"/);
      });

      test('weights stay out of the image and out of the build context', () => {
        const dockerfile = file('Dockerfile');
        assert.doesNotMatch(dockerfile, /^COPY .*weights/m);
        const ig = ignore().add(file('.dockerignore'));
        for (const path of ['weights/model.safetensors', 'models/x.gguf', 'a/b/c.pt', '.env', '.env.production', '.git/config', '.venv/lib/x.py', 'nb/.ipynb_checkpoints/a.ipynb', '__pycache__/a.pyc']) {
          assert.ok(ig.ignores(path), `${path} should be ignored`);
        }
        for (const path of ['app.py', 'requirements.txt', 'src/model.py', 'serve.py']) assert.ok(!ig.ignores(path), `${path} should be sent`);
      });

      test('matches its golden files', () => {
        const dir = join(goldenDir, `${profile}-${accelerator}`);
        if (update) mkdirSync(dir, { recursive: true });
        for (const f of result.files) {
          const golden = join(dir, f.path.replace(/^\./, '_.'));
          if (update) writeFileSync(golden, f.content);
          assert.ok(existsSync(golden), `missing golden file ${golden}: run with BERTH_UPDATE_GOLDEN=1 and review the diff`);
          assert.equal(f.content, readFileSync(golden, 'utf8'), `${profile}-${accelerator}/${f.path} differs from its golden file`);
        }
      });
    });
  }
});

describe('the base matches the framework', () => {
  test('a torch pin puts the Dockerfile on the CUDA base of the wheel it installs', () => {
    for (const pin of ['==2.4.1', '==2.2.2', '==2.6.0', '>=2.1,<2.3']) {
      const result = scaffoldProject(optionsFor('pytorch', 'gpu', { requirements: [req('torch', pin, 1)] }), '0.1.0');
      const dockerfile = result.files[0]?.content ?? '';
      const index = /--index-url https:\/\/download\.pytorch\.org\/whl\/(cu\d+)/.exec(dockerfile)?.[1];
      const torch = /"torch==([\d.]+)"/.exec(dockerfile)?.[1];
      const base = /^FROM nvidia\/cuda:(\d+\.\d+)\.\d+-cudnn\d*-runtime-ubuntu[\d.]+ AS runtime$/m.exec(dockerfile)?.[1];
      assert.ok(index && torch && base, `${pin}: index ${String(index)}, torch ${String(torch)}, base ${String(base)}`);
      const wheel = torchWheels.find((w) => w.torch === torch && w.variant === index);
      assert.ok(wheel, `${pin}: torch ${torch}+${index} is not a wheel that exists`);
      assert.equal(wheel.cuda, base, `${pin}: wheel CUDA ${String(wheel.cuda)} on base CUDA ${base}`);
    }
  });

  test('CPU torch installs from the CPU index on a slim Python base', () => {
    const dockerfile = scaffoldProject(optionsFor('pytorch', 'cpu'), '0.1.0').files[0]?.content ?? '';
    assert.match(dockerfile, /--index-url https:\/\/download\.pytorch\.org\/whl\/cpu "torch==2\.4\.1" "torchvision==0\.19\.1"/);
    assert.match(dockerfile, /^FROM python:3\.11-slim-bookworm AS runtime$/m);
  });

  test('an unpinned torch gets the pin that matches the base, preferring CUDA 12 wheels', () => {
    const result = scaffoldProject(optionsFor('pytorch', 'gpu', { requirements: [], requirementsFile: undefined }), '0.1.0');
    const requirements = result.files.find((f) => f.path === 'requirements.txt')?.content ?? '';
    const torch = /^torch==([\d.]+)$/m.exec(requirements)?.[1];
    assert.ok(torch, 'requirements.txt pins torch');
    const dockerfile = result.files[0]?.content ?? '';
    const base = /^FROM nvidia\/cuda:(\d+)\.(\d+)/m.exec(dockerfile);
    assert.equal(base?.[1], '12');
    assert.ok(torchWheels.some((w) => w.torch === torch && w.cuda === `${base[1]}.${base[2] ?? ''}`), `torch ${torch} has a wheel for the base's CUDA`);
  });

  test('a torch pin with no wheel for the chosen Python falls back and says so', () => {
    const result = scaffoldProject(optionsFor('pytorch', 'gpu', { python: '3.13', requirements: [req('torch', '==2.1.2', 1)] }), '0.1.0');
    assert.match(result.plan.problems.join(' '), /torch 2\.1\.2 has no wheel for Python 3\.13/);
    assert.match(result.files[0]?.content ?? '', /^ARG PYTHON_VERSION=3\.11$/m);
  });

  test('onnxruntime on GPU names the conflict with a CPU-only requirement instead of hiding it', () => {
    const result = scaffoldProject(optionsFor('onnxruntime', 'gpu'), '0.1.0');
    assert.match(result.plan.problems.join(' '), /ask for onnxruntime, but GPU was chosen: replace it with onnxruntime-gpu/);
    assert.match(result.files[0]?.content ?? '', /cudnn-runtime/);
  });
});

describe('choices', () => {
  test('baked weights are copied into the image and let through .dockerignore', () => {
    const result = scaffoldProject(optionsFor('transformers', 'gpu', { weights: 'baked' }), '0.1.0');
    const dockerfile = result.files.find((f) => f.path === 'Dockerfile')?.content ?? '';
    assert.match(dockerfile, /^COPY \["weights","\/models\/"\]$/m);
    // The code layer leaves them out, or the image would carry them twice.
    assert.match(dockerfile, /^COPY --exclude=weights \. \/app$/m);
    const ig = ignore().add(result.files.find((f) => f.path === '.dockerignore')?.content ?? '');
    assert.ok(!ig.ignores('weights/model.safetensors'));
    assert.ok(ig.ignores('.env'), 'secrets stay out even when weights are baked');
    assert.doesNotMatch(result.files.find((f) => f.path === 'compose.yaml')?.content ?? '', /type: bind/);
  });

  test('the serving port is published on 127.0.0.1 only, and the chosen platform is used', () => {
    const compose = scaffoldProject(optionsFor('python-server', 'cpu', { port: 8080, platform: 'linux/arm64' }), '0.1.0').files.find((f) => f.path === 'compose.yaml')?.content ?? '';
    assert.match(compose, /- 127\.0\.0\.1:8080:8080/);
    assert.match(compose, /platform: linux\/arm64/);
  });

  test('device ids replace the GPU count when given', () => {
    const gpu = scaffoldProject(optionsFor('vllm', 'gpu', { gpus: { deviceIds: ['0', '3'] } }), '0.1.0').files.find((f) => f.path === 'compose.gpu.yaml')?.content ?? '';
    assert.match(gpu, /device_ids:\s*\n\s*- "0"\s*\n\s*- "3"/);
    assert.doesNotMatch(gpu, /count:/);
    assert.deepEqual(composeSchemaErrors(gpu), []);
  });

  test('an existing FastAPI entry point is run with uvicorn on its own app object; no serve.py is written', () => {
    const result = scaffoldProject(optionsFor('python-server', 'cpu', { entryPoint: 'src/api.py', entryPointApp: { framework: 'fastapi', variable: 'api' } }), '0.1.0');
    assert.match(result.files[0]?.content ?? '', /^CMD \["python","-m","uvicorn","src\.api:api","--host","0\.0\.0\.0","--port","5000"\]$/m);
    assert.ok(!result.files.some((f) => f.path === 'serve.py'));
  });

  test('a project without an entry point or requirements gets serve.py and a pinned requirements.txt', () => {
    const result = scaffoldProject(optionsFor('transformers', 'cpu', { requirements: [], requirementsFile: undefined }), '0.1.0');
    const serve = result.files.find((f) => f.path === 'serve.py')?.content ?? '';
    assert.match(serve, /@app\.get\("\/health"\)/);
    assert.match(serve, /@app\.post\("\/predict"\)/);
    assert.match(serve, /AI_MODEL_PATH/);
    const requirements = result.files.find((f) => f.path === 'requirements.txt')?.content ?? '';
    for (const name of ['torch', 'transformers', 'fastapi', 'uvicorn\\[standard\\]', 'pydantic']) assert.match(requirements, new RegExp(`^${name}==\\d`, 'm'));
  });

  test('vLLM on CPU is refused with a reason, and the GPU override is still written', () => {
    const result = scaffoldProject(optionsFor('vllm', 'cpu'), '0.1.0');
    assert.match(result.plan.problems.join(' '), /runs only on an NVIDIA GPU/);
    assert.ok(result.files.some((f) => f.path === 'compose.gpu.yaml'));
  });
});

describe('edge targets', () => {
  test('a GPU image for linux/arm64 says which boards the CUDA base suits and which need L4T', () => {
    const result = scaffoldProject(optionsFor('pytorch', 'gpu', { platform: 'linux/arm64' }), '0.1.0');
    assert.match(result.plan.problems.join(' '), /Jetson boards need NVIDIA L4T images/);
  });

  test('a serving image without an arm64 build is named as such', () => {
    const result = scaffoldProject(optionsFor('vllm', 'gpu', { platform: 'linux/arm64' }), '0.1.0');
    assert.match(result.plan.problems.join(' '), /vllm\/vllm-openai publishes no linux\/arm64 image/);
  });
});
