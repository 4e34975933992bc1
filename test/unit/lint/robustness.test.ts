// Input the Docker language server has choked on (heredocs: vscode-docker#4408), every other awkward shape a Dockerfile
// or compose file takes, and sizes far beyond real files: lint answers, quickly, and never throws.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCompose } from '../../../src/core/compose/readCompose';
import type { Finding } from '../../../src/core/lint/finding';
import { lintCompose } from '../../../src/core/lint/lintCompose';
import { lintDockerfile, MAX_DOCKERFILE_CHARS } from '../../../src/core/lint/lintDockerfile';
import { lintRules } from '../../../src/core/lint/rules';
import { lintComposeText } from './lintComposeText';

const fixtures = resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'lint');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function berthRules(findings: readonly Finding[]): Set<string> {
  return new Set(findings.map((f) => f.ruleId).filter((id) => id.startsWith('berth/')));
}

describe('Dockerfiles that are hard to parse', () => {
  test('heredocs (plain, <<-, quoted, several on one line, COPY <<) are parsed, and their content is linted', () => {
    const text = fixture('heredocs.Dockerfile');
    const findings = lintDockerfile(text, { hasDockerignore: true });
    assert.deepEqual(findings.filter((f) => f.severity !== 'info'), []);
    // The pin inside the <<- heredoc is read: torch from the CPU index on a CPU base is right, so nothing fires...
    // ...and a curl | sh inside a heredoc is seen.
    const piped = text.replace('apt-get update', 'curl -fsSL https://x.io/i | sh');
    assert.deepEqual([...berthRules(lintDockerfile(piped, { hasDockerignore: true }))], ['berth/curl-pipe-shell']);
    const unterminated = 'FROM python:3.11-slim\nRUN <<EOF\necho never closed\n';
    assert.ok(Array.isArray(lintDockerfile(unterminated, { hasDockerignore: true })));
  });

  test('the escape directive, CRLF line endings, empty continuation lines and a Windows image', () => {
    const findings = lintDockerfile(fixture('escape-backtick.Dockerfile'), { hasDockerignore: true });
    assert.ok(findings.every((f) => f.range.startLine < 11));
    assert.deepEqual(berthRules(findings), new Set());
  });

  test('parser directives, comments only, empty, whitespace, a BOM, very long lines', () => {
    const cases = [
      '',
      '   \n\t\n',
      '# syntax=docker/dockerfile:1\n# escape=\\\n',
      '# just a comment\n',
      '\uFEFFFROM python:3.11-slim\n',
      `FROM python:3.11-slim\nRUN echo ${'x'.repeat(200_000)}\n`,
      'FROM\nRUN\nCOPY\nADD\nUSER\nENV\nARG\nHEALTHCHECK\nCMD\n',
      'FROM python:3.11-slim AS\nFROM --platform= \nCOPY --from= . .\nENV =\nARG =x\n',
      '\\\n\\\n\\',
      'FROM ${',
      'RUN <<',
      'FROM a\nRUN <<EOF <<EOF\nEOF\n',
    ];
    for (const text of cases) {
      const { value, ms } = timed(() => lintDockerfile(text, { hasDockerignore: false, contextWeightFiles: ['m.gguf'] }));
      assert.ok(Array.isArray(value), JSON.stringify(text.slice(0, 40)));
      assert.ok(ms < 2000, `${ms} ms`);
    }
    assert.deepEqual(lintDockerfile('', { hasDockerignore: true }), [], 'an empty new Dockerfile gets no error');
  });

  test('binary and 10 MB input: one info finding, at once', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)).toString('latin1');
    const [only, ...rest] = lintDockerfile(binary, { hasDockerignore: true });
    assert.equal(rest.length, 0);
    assert.equal(only?.ruleId, 'berth/dockerfile-not-linted');
    assert.equal(only.severity, 'info');

    const huge = 'FROM python:3.11-slim\n' + 'RUN echo "a line of a very long Dockerfile"\n'.repeat(250_000);
    assert.ok(huge.length > 10e6);
    const { value, ms } = timed(() => lintDockerfile(huge, { hasDockerignore: true }));
    assert.deepEqual(value.map((f) => f.ruleId), ['berth/dockerfile-not-linted']);
    assert.match(value[0]?.message ?? '', /KiB Berth lints/);
    assert.ok(ms < 200, `${ms} ms`);
    assert.deepEqual(lintDockerfile(huge, { hasDockerignore: true, disabledRules: new Set(['berth/dockerfile-not-linted']) }), []);
  });

  test('a file just under the size limit is linted in reasonable time', () => {
    const line = 'RUN echo "a line of a long Dockerfile" && true\n';
    const text = 'FROM python:3.11-slim\n' + line.repeat(Math.floor((MAX_DOCKERFILE_CHARS - 100) / line.length));
    const { value, ms } = timed(() => lintDockerfile(text, { hasDockerignore: true }));
    assert.ok(value.every((f) => f.ruleId !== 'berth/dockerfile-not-linted'));
    assert.ok(ms < 5000, `${ms} ms`);
  });
});

describe('compose files that are hard to read', () => {
  test('anchors and merge keys are looked through: settings from a template count', () => {
    assert.deepEqual(lintComposeText(fixture('anchors.compose.yaml'), { hasGpuOverrideFile: true }).filter((f) => f.severity !== 'info'), []);
  });

  test('empty, comments only, not a mapping, broken YAML, binary: no exception, at most findings', () => {
    const cases = ['', '# nothing\n', '- a\n- b\n', 'services: [', 'services:\n  a: 1\n', 'services:\n  a:\n    image: [\n', '\u0000\u0001\u0002', ':\n  - :\n', 'services:\n  a: &x\n    <<: *x\n'];
    for (const text of cases) {
      assert.ok(Array.isArray(lintComposeText(text)), JSON.stringify(text));
      const result = readCompose({ files: [{ path: '/p/compose.yaml', text }], env: {} });
      assert.ok(Array.isArray(lintCompose(result, { hasGpuOverrideFile: false, nodes: [] })), JSON.stringify(text));
    }
    assert.deepEqual(lintCompose({ workload: { services: [], inactiveServices: [] }, diagnostics: [], documents: [] }, {}), []);
  });

  test('a file above the size limit gets one info finding', () => {
    const text = `services:\n  a:\n    image: busybox:1.36\n# ${'x'.repeat(1_100_000)}\n`;
    const result = readCompose({ files: [{ path: '/p/compose.yaml', text }], env: {} });
    const documents = result.documents.map((d) => ({ ...d, text }));
    const findings = lintCompose({ ...result, documents }, {});
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.file]), [['berth/compose-not-linted', 'info', '/p/compose.yaml']]);
  });
});

describe('the fixtures that break every rule', () => {
  test('every Dockerfile rule fires on them (except the size guard)', () => {
    const context = { hasDockerignore: false, contextWeightFiles: ['weights/model.safetensors'] };
    const fired = new Set([
      ...berthRules(lintDockerfile(fixture('everything-wrong.Dockerfile'), context)),
      ...berthRules(lintDockerfile(fixture('everything-wrong-cpu.Dockerfile'), context)),
    ]);
    const expected = lintRules.filter((r) => r.appliesTo === 'dockerfile' && r.id.startsWith('berth/') && r.id !== 'berth/dockerfile-not-linted').map((r) => r.id);
    assert.deepEqual([...fired].sort(), expected.sort());
  });

  test('every compose rule fires on them (except the size guard)', () => {
    const nodes = [{ name: 'node-a', cpuMillis: 32000, memoryBytes: 128e9, gpus: 4 }];
    const fired = berthRules(lintComposeText(fixture('everything-wrong.compose.yaml'), { nodes, hasGpuOverrideFile: false }));
    const expected = lintRules.filter((r) => r.appliesTo === 'compose' && r.id !== 'berth/compose-not-linted').map((r) => r.id);
    assert.deepEqual([...fired].sort(), expected.sort());
  });
});
