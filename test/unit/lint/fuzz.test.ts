// Seeded fuzzing: thousands of Dockerfiles and compose files mutated from real ones (the scaffolding's golden files,
// the sample project, the lint and compose fixtures) by deleting, duplicating, swapping, joining and re-indenting lines,
// inserting syntax fragments and random bytes, and truncating. No exception may escape, and every finding must be
// well-formed: a catalogue rule (or a dockerfile-utils code), a range inside the file, edits with sane ranges.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCompose } from '../../../src/core/compose/readCompose';
import type { Finding } from '../../../src/core/lint/finding';
import { lintCompose, type ComposeLintContext } from '../../../src/core/lint/lintCompose';
import { lintDockerfile, type DockerfileLintContext } from '../../../src/core/lint/lintDockerfile';
import { lintRules } from '../../../src/core/lint/rules';
import { seededRandom } from '../../../src/core/placement/seededRandom';

const root = resolve(__dirname, '..', '..', '..', '..');
const SEED = Number(process.env.BERTH_FUZZ_SEED ?? 20240611);
const CASES_PER_KIND = Number(process.env.BERTH_FUZZ_CASES ?? 2000);
const known = new Set(lintRules.map((r) => r.id));

/** The solver's mulberry32: the same sequence for the same seed on every machine. */
const random = seededRandom;

function files(dir: string, match: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    return e.isDirectory() ? files(full, match) : match(e.name) ? [readFileSync(full, 'utf8')] : [];
  });
}

const DOCKERFILE_FRAGMENTS = ['<<EOF', '<<-EOF\n', '\nEOF\n', '\\\n', '`\n', '# escape=`\n', '# escape=\\\n', '${', '$ARG', '--from=', 'FROM ', 'AS ', ' | sh', 'COPY . /app', 'USER root', '\t', '\r', '\u0000', '"', "'", '[', ']', '=', '@sha256:', ':latest', 'nvidia/cuda:12.8.0-devel-ubuntu22.04', '# berth-ignore ', '# berth-ignore-file berth/'];
const COMPOSE_FRAGMENTS = ['&a ', '*a', '<<: *a\n', '- ', ': ', '{', '}', '[', ']', '"', "'", '  ', '\t', '\r', '\u0000', '${', '!reset ', '!override ', 'count: ', 'device_ids: [', 'capabilities: []', 'privileged: true', '# berth-ignore ', '---\n', '? ', '|\n', '>-\n'];

function mutate(text: string, next: () => number, fragments: readonly string[]): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  let lines = text.split('\n');
  const operations = 1 + Math.floor(next() * 4);
  for (let n = 0; n < operations; n++) {
    const i = Math.floor(next() * lines.length);
    const j = Math.floor(next() * lines.length);
    switch (Math.floor(next() * 9)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[j] ?? '');
        break;
      case 2:
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      case 3: {
        const line = lines[i] ?? '';
        const at = Math.floor(next() * (line.length + 1));
        lines[i] = line.slice(0, at) + pick(fragments) + line.slice(at);
        break;
      }
      case 4: {
        const bytes = Array.from({ length: 1 + Math.floor(next() * 8) }, () => String.fromCharCode(Math.floor(next() * 256))).join('');
        const line = lines[i] ?? '';
        const at = Math.floor(next() * (line.length + 1));
        lines[i] = line.slice(0, at) + bytes + line.slice(at);
        break;
      }
      case 5:
        lines = lines.join('\n').slice(0, Math.floor(next() * text.length)).split('\n');
        break;
      case 6:
        lines.splice(i, 2, `${lines[i] ?? ''} ${lines[i + 1] ?? ''}`);
        break;
      case 7:
        lines[i] = next() < 0.5 ? `  ${lines[i] ?? ''}` : (lines[i] ?? '').replace(/^ {1,2}/, '');
        break;
      default: {
        const line = lines[i] ?? '';
        const at = Math.floor(next() * line.length);
        lines[i] = line.slice(0, at) + line.slice(at + 1 + Math.floor(next() * 10));
      }
    }
  }
  return lines.join('\n');
}

function checkFindings(findings: readonly Finding[], text: string, label: string): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const f of findings) {
    assert.ok(known.has(f.ruleId) || /^dockerfile\/[a-z0-9-]+$/.test(f.ruleId), `${label}: unknown rule ${f.ruleId}`);
    const r = f.range;
    const sane = r.startLine >= 0 && r.startColumn >= 0 && r.endLine >= r.startLine && (r.endLine > r.startLine || r.endColumn >= r.startColumn);
    assert.ok(sane && r.startLine <= lineCount, `${label}: ${f.ruleId} range ${JSON.stringify(r)} in ${lineCount} lines`);
    assert.ok(f.message.length > 0 && f.docsAnchor.startsWith('lint-'), `${label}: ${f.ruleId} message and anchor`);
    for (const fix of f.fixes ?? []) {
      for (const e of fix.edits) {
        const ok = e.range.startLine >= 0 && e.range.endLine >= e.range.startLine && (e.file !== undefined || e.range.startLine <= lineCount);
        assert.ok(ok, `${label}: ${f.ruleId} edit ${JSON.stringify(e.range)}`);
      }
    }
  }
}

describe('fuzz: mutated Dockerfiles and compose files', () => {
  test(`${CASES_PER_KIND} Dockerfiles: no exception, well-formed findings`, () => {
    const corpus = [
      ...files(join(root, 'test', 'unit', 'scaffold', 'golden'), (n) => n === 'Dockerfile'),
      ...files(join(root, 'test', 'fixtures', 'lint'), (n) => n.endsWith('Dockerfile')),
      ...files(join(root, 'test', 'fixtures', 'sample-model-project'), (n) => n === 'Dockerfile'),
    ];
    assert.ok(corpus.length >= 20, `${corpus.length} seed Dockerfiles`);
    const next = random(SEED);
    const contexts: DockerfileLintContext[] = [
      { hasDockerignore: true },
      { hasDockerignore: false, contextWeightFiles: ['weights/model.safetensors', 'model.gguf'], requirements: { path: '/p/requirements.txt', text: 'torch==2.5.1\ntensorflow>=2.15\n' } },
      { hasDockerignore: true, pyproject: { path: '/p/pyproject.toml', text: '[project]\ndependencies = ["torch>=2.3,<2.5", "onnxruntime-gpu"]\n' } },
    ];
    const started = performance.now();
    for (let n = 0; n < CASES_PER_KIND; n++) {
      const text = mutate(corpus[n % corpus.length] ?? '', next, DOCKERFILE_FRAGMENTS);
      const context = contexts[n % contexts.length] ?? { hasDockerignore: true };
      let findings: Finding[];
      try {
        findings = lintDockerfile(text, context);
      } catch (error) {
        assert.fail(`case ${n} (seed ${SEED}) threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n${JSON.stringify(text)}`);
      }
      checkFindings(findings, text, `case ${n}`);
    }
    const ms = performance.now() - started;
    assert.ok(ms < 15_000, `${CASES_PER_KIND} Dockerfiles took ${ms.toFixed(0)} ms`);
  });

  test(`${CASES_PER_KIND} compose files: no exception from reader or lint, well-formed findings`, () => {
    const corpus = [
      ...files(join(root, 'test', 'unit', 'scaffold', 'golden'), (n) => n.startsWith('compose')),
      ...files(join(root, 'test', 'fixtures', 'lint'), (n) => n.endsWith('.yaml')),
      ...files(join(root, 'test', 'fixtures', 'compose'), (n) => n.endsWith('.yaml')),
      ...files(join(root, 'test', 'fixtures', 'sample-model-project'), (n) => n.startsWith('compose')),
    ];
    assert.ok(corpus.length >= 25, `${corpus.length} seed compose files`);
    const next = random(SEED + 1);
    const contexts: ComposeLintContext[] = [
      {},
      { hasGpuOverrideFile: false, nodes: [{ name: 'n', cpuMillis: 8000, memoryBytes: 64e9, gpus: 2 }] },
      { hasGpuOverrideFile: true, nodes: [] },
    ];
    const started = performance.now();
    for (let n = 0; n < CASES_PER_KIND; n++) {
      const text = mutate(corpus[n % corpus.length] ?? '', next, COMPOSE_FRAGMENTS);
      const override = n % 4 === 0 ? [{ path: '/p/compose.gpu.yaml', text: mutate(corpus[(n + 1) % corpus.length] ?? '', next, COMPOSE_FRAGMENTS) }] : [];
      const inputs = [{ path: '/p/compose.yaml', text }, ...override];
      let findings: Finding[];
      try {
        const result = readCompose({ files: inputs, env: {} });
        // With and without the text: the reader may or may not keep it.
        const documents = n % 2 === 0 ? result.documents.map((d) => ({ ...d, text: inputs.find((f) => f.path === d.path)?.text ?? '' })) : result.documents;
        findings = lintCompose({ ...result, documents }, contexts[n % contexts.length] ?? {});
      } catch (error) {
        assert.fail(`case ${n} (seed ${SEED + 1}) threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n${JSON.stringify(text)}`);
      }
      checkFindings(findings, text, `case ${n}`);
      assert.ok(findings.every((f) => f.file === '/p/compose.yaml'), `case ${n}: findings only in the main file`);
    }
    const ms = performance.now() - started;
    assert.ok(ms < 15_000, `${CASES_PER_KIND} compose files took ${ms.toFixed(0)} ms`);
  });
});
