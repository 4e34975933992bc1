// berth/no-healthcheck, and dockerfile-utils' checks reused as `dockerfile/<code>` findings (disabled and suppressed
// like Berth's own), computed on Berth's parse with the same result as validate() on its own.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { validateSyntax } from '../../../src/core/lint/dockerfile/validateSyntax';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';

const goldenDir = resolve(__dirname, '..', '..', '..', '..', 'test', 'unit', 'scaffold', 'golden');

function byRule(text: string, rule: string) {
  return lintDockerfile(text, { hasDockerignore: true }).filter((f) => f.ruleId === rule);
}

describe('berth/no-healthcheck', () => {
  const RULE = 'berth/no-healthcheck';

  test('fires for a server recognised by its command, its EXPOSE or its serving base, on the CMD', () => {
    const [byCommand] = byRule('FROM python:3.11-slim\nUSER app\nCMD ["uvicorn", "app:app", "--host", "0.0.0.0"]\n', RULE);
    assert.deepEqual(byCommand?.range, { startLine: 2, startColumn: 0, endLine: 2, endColumn: 3 });
    assert.equal(byRule('FROM python:3.11-slim\nEXPOSE 5000\nCMD ["python", "main.py"]\n', RULE).length, 1);
    assert.equal(byRule('FROM vllm/vllm-openai:v0.14.0\nUSER 1000\n', RULE)[0]?.range.startLine, 0);
  });

  test('is quiet with HEALTHCHECK (or NONE, a decision), also inherited from an earlier stage, and for batch jobs', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\nHEALTHCHECK CMD python -c "1"\nCMD ["uvicorn", "a:b"]\n', RULE), []);
    assert.deepEqual(byRule('FROM vllm/vllm-openai:v0.14.0\nHEALTHCHECK NONE\n', RULE), []);
    assert.deepEqual(byRule('FROM python:3.11-slim AS base\nHEALTHCHECK CMD true\nFROM base\nCMD ["uvicorn", "a:b"]\n', RULE), []);
    assert.deepEqual(byRule('FROM python:3.11-slim\nCMD ["python", "train.py"]\n', RULE), []);
  });

  test('suppressed above the CMD', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\n# berth-ignore berth/no-healthcheck\nCMD ["uvicorn", "a:b"]\n', RULE), []);
  });
});

describe('dockerfile/<code>: dockerfile-utils reused', () => {
  test('its diagnostics become findings with a kebab-case code, its severity and the syntax docs section', () => {
    const text = 'FROM python:3.11-slim\nFROOM x\nEXPOSE abc\nWORKDIR app\n';
    const findings = lintDockerfile(text, { hasDockerignore: true }).filter((f) => f.ruleId.startsWith('dockerfile/'));
    const expected = validate(text);
    assert.equal(findings.length, expected.length);
    assert.ok(findings.some((f) => f.ruleId === 'dockerfile/unknown-instruction' && f.severity === 'error' && f.range.startLine === 1));
    assert.ok(findings.some((f) => f.ruleId === 'dockerfile/invalid-port'));
    assert.ok(findings.some((f) => f.ruleId === 'dockerfile/workdir-is-not-absolute' && f.severity === 'warning'));
    assert.ok(findings.every((f) => f.docsAnchor === 'lint-dockerfile-syntax'));
  });

  test('one code or all of them can be turned off, in settings or by comment', () => {
    const text = 'FROM python:3.11-slim\nFROOM x\nWORKDIR app\n';
    const codes = (disabled: string[], t = text) =>
      lintDockerfile(t, { hasDockerignore: true, disabledRules: new Set(disabled) })
        .filter((f) => f.ruleId.startsWith('dockerfile/'))
        .map((f) => f.ruleId);
    assert.deepEqual(codes(['dockerfile/unknown-instruction']), ['dockerfile/workdir-is-not-absolute']);
    assert.deepEqual(codes(['dockerfile/syntax']), []);
    assert.deepEqual(codes([], 'FROM python:3.11-slim\n# berth-ignore dockerfile/unknown-instruction\nFROOM x\nWORKDIR app\n'), ['dockerfile/workdir-is-not-absolute']);
    assert.deepEqual(codes([], '# berth-ignore-file dockerfile/syntax\nFROM python:3.11-slim\nFROOM x\nWORKDIR app\n'), []);
  });

  test('validateSyntax gives what validate() gives, on the parse Berth already has', () => {
    const texts = readdirSync(goldenDir).map((d) => readFileSync(join(goldenDir, d, 'Dockerfile'), 'utf8'));
    texts.push('FROM a AS x\nFROM b AS x\nRUN <<EOF\ncurl x | sh\nEOF\n', '# escape=`\nFROM a\nRUN a `\n  b\n', 'ENV\nFROM\n');
    const original = DockerfileParser.parse;
    let parses = 0;
    const counting: { parse: typeof original } = DockerfileParser;
    counting.parse = (content) => {
      parses++;
      return original(content);
    };
    try {
      for (const text of texts) {
        const parsed = DockerfileParser.parse(text);
        parses = 0;
        assert.deepEqual(validateSyntax(text, parsed), validate(text));
        assert.equal(parses, 1, 'validateSyntax parses nothing itself; validate() parsed once');
      }
    } finally {
      counting.parse = original;
    }
    assert.equal(DockerfileParser.parse, original, 'the parser is restored');
  });
});

describe('dockerfile-utils failing', () => {
  test('its stack overflow on " l $R" (an indented line with a variable before FROM) becomes one info finding', () => {
    assert.throws(() => validate(' l $R'), RangeError, 'the upstream bug this guards against');
    const findings = lintDockerfile(' l $R\nFROM python:3.11-slim\nUSER app\n', { hasDockerignore: true });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.severity]),
      [['dockerfile/syntax', 'info']],
    );
    assert.match(findings[0]?.message ?? '', /dockerfile-utils\) failed on this text \(Maximum call stack size exceeded\)/);
    assert.equal(typeof DockerfileParser.parse, 'function');
    assert.ok(validate('FROM a\nRUN echo $R\n').length === 0, 'the parser swap was undone after the throw');
  });
});
