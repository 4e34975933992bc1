// The rules run clean on everything the scaffolding writes: the golden files, and scaffoldProject over every profile ×
// accelerator × platform × weights × GPU selection × framework pin. Lint sees what it would see in the editor: the
// requirements the build reads, the .dockerignore's effect on the weights (Docker's own matcher), the compose files
// alone and together, and an inventory with room for the GPUs asked for.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ignore from '@balena/dockerignore';
import { readCompose } from '../../../src/core/compose/readCompose';
import type { Finding } from '../../../src/core/lint/finding';
import { lintCompose } from '../../../src/core/lint/lintCompose';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { profileOrder, profiles } from '../../../src/core/scaffold/profiles';
import { scaffoldProject } from '../../../src/core/scaffold/scaffoldProject';
import type { ModelFile, ProfileId, PythonRequirement, ScaffoldOptions } from '../../../src/core/scaffold/scaffoldTypes';

const goldenDir = resolve(__dirname, '..', '..', '..', '..', 'test', 'unit', 'scaffold', 'golden');
const nodes = [{ name: 'gpu-node', cpuMillis: 64000, memoryBytes: 512e9, gpus: 8 }];

function req(name: string, specifier: string, line: number, extras: string[] = []): PythonRequirement {
  return { name, specifier, extras, source: { file: 'requirements.txt', line } };
}

/** The goldens' pins (scaffoldProject.test.ts), plus other pins per framework. */
const pinSets: Record<ProfileId, PythonRequirement[][]> = {
  'python-server': [[req('fastapi', '==0.115.6', 1), req('scikit-learn', '==1.5.2', 2)]],
  pytorch: [[req('torch', '==2.4.1', 1), req('torchvision', '', 2), req('fastapi', '', 3)], [req('torch', '==2.1.2', 1)], [req('torch', '', 1)], [req('torch', '>=2.7', 1)]],
  transformers: [[req('torch', '>=2.3,<2.5', 1), req('transformers', '==4.46.3', 2)], [req('transformers', '', 1)]],
  vllm: [[req('vllm', '==0.14.0', 1)]],
  onnxruntime: [[req('onnxruntime', '==1.20.1', 1)], [req('onnxruntime-gpu', '==1.20.1', 1)]],
  triton: [[]],
  ollama: [[]],
  'tf-serving': [[]],
};

const weights: ModelFile[] = [{ path: 'weights/model.safetensors', kind: 'safetensors', bytes: 5e9 }];

function requirementsText(requirements: readonly PythonRequirement[]): string {
  return requirements.map((r) => `${r.name}${r.extras.length > 0 ? `[${r.extras.join(',')}]` : ''}${r.specifier}`).join('\n') + '\n';
}

function problems(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId} ${f.range.startLine}:${f.range.startColumn} ${f.message}`);
}

function lintFiles(files: ReadonlyMap<string, string>, requirements: string | undefined, modelFiles: readonly string[]): string[] {
  const out: string[] = [];
  const dockerfile = files.get('Dockerfile');
  const dockerignore = files.get('.dockerignore');
  assert.ok(dockerfile !== undefined && dockerignore !== undefined);
  const matcher = ignore().add(dockerignore.split('\n'));
  const findings = lintDockerfile(dockerfile, {
    hasDockerignore: true,
    contextWeightFiles: modelFiles.filter((f) => !matcher.ignores(f)),
    ...(requirements !== undefined ? { requirements: { path: '/project/requirements.txt', text: requirements } } : {}),
  });
  out.push(...problems(findings).map((p) => `Dockerfile: ${p}`));

  const compose = files.get('compose.yaml');
  assert.ok(compose !== undefined);
  const gpu = files.get('compose.gpu.yaml');
  const combos: { path: string; text: string }[][] = [[{ path: '/project/compose.yaml', text: compose }]];
  if (gpu !== undefined) {
    combos.push([{ path: '/project/compose.yaml', text: compose }, { path: '/project/compose.gpu.yaml', text: gpu }]);
    combos.push([{ path: '/project/compose.gpu.yaml', text: gpu }]);
  }
  for (const combo of combos) {
    const result = readCompose({ files: combo, env: {} });
    const documents = result.documents.map((d) => ({ ...d, text: combo.find((f) => f.path === d.path)?.text ?? '' }));
    const found = lintCompose({ ...result, documents }, { nodes, hasGpuOverrideFile: gpu !== undefined });
    out.push(...problems(found).map((p) => `${combo.map((f) => f.path.split('/').pop()).join('+')}: ${p}`));
  }
  return out;
}

describe('lint runs clean on what the scaffolding writes', () => {
  test('the golden files', () => {
    const dirs = readdirSync(goldenDir);
    assert.equal(dirs.length, profileOrder.length * 2);
    for (const dir of dirs) {
      const files = new Map<string, string>();
      for (const name of readdirSync(join(goldenDir, dir))) files.set(name.replace(/^_\./, '.'), readFileSync(join(goldenDir, dir, name), 'utf8'));
      const profile = dir.replace(/-(cpu|gpu)$/, '') as ProfileId;
      const pins = pinSets[profile][0] ?? [];
      const requirements = profiles[profile].kind === 'python' ? requirementsText(pins) : undefined;
      assert.deepEqual(lintFiles(files, requirements, ['weights/model.safetensors']), [], dir);
    }
  });

  test('scaffoldProject over profiles × accelerators × platforms × weights × GPU selections × pins', () => {
    let combinations = 0;
    const failures: string[] = [];
    for (const profile of profileOrder) {
      for (const accelerator of ['gpu', 'cpu'] as const) {
        for (const platform of ['linux/amd64', 'linux/arm64'] as const) {
          for (const weightsMode of ['volume', 'baked'] as const) {
            for (const gpus of [{ count: 1 }, { count: 4 }, { deviceIds: ['0', '1'] }]) {
              for (const pins of pinSets[profile]) {
                const options: ScaffoldOptions = {
                  profile,
                  accelerator,
                  platform,
                  weights: weightsMode,
                  port: profiles[profile].defaultPort,
                  python: '3.11',
                  projectName: 'demo',
                  entryPoint: undefined,
                  requirementsFile: profiles[profile].kind === 'python' ? 'requirements.txt' : undefined,
                  requirements: pins,
                  modelFiles: weights,
                  gpus,
                };
                const result = scaffoldProject(options, '0.1.0');
                const files = new Map(result.files.map((f) => [f.path, f.content]));
                const requirements = files.get('requirements.txt') ?? (profiles[profile].kind === 'python' ? requirementsText(pins) : undefined);
                let found = lintFiles(files, requirements, weights.map((w) => w.path));
                // The user's own requirements pin the GPU package while they chose a CPU build: the scaffolding keeps
                // their file as it is, and lint is right to say so (reported to the scaffolding as well).
                if (accelerator === 'cpu' && pins.some((p) => p.name === 'onnxruntime-gpu')) {
                  assert.ok(found.length > 0 && found.every((f) => f.startsWith('Dockerfile: berth/gpu-framework-on-cpu-base ')), found.join('\n'));
                  found = [];
                }
                const label = `${profile}/${accelerator}/${platform}/${weightsMode}/${JSON.stringify(gpus)}/${pins.map((p) => p.name + p.specifier).join(',')}`;
                failures.push(...found.map((f) => `${label}: ${f}`));
                combinations++;
              }
            }
          }
        }
      }
    }
    assert.ok(combinations > 300, `${combinations} combinations`);
    assert.deepEqual(failures, []);
  });

  test('the sample model project', () => {
    const root = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'sample-model-project');
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const requirementsPath = join(root, 'requirements.txt');
    const requirements = existsSync(requirementsPath) ? readFileSync(requirementsPath, 'utf8') : undefined;
    const findings = lintDockerfile(dockerfile, {
      hasDockerignore: existsSync(join(root, '.dockerignore')),
      ...(requirements !== undefined ? { requirements: { path: requirementsPath, text: requirements } } : {}),
    });
    assert.deepEqual(problems(findings), []);
  });
});
