// The Dockerfile security rules: runs-as-root, unpinned-base-image, secret-in-env, secret-in-arg, add-url, curl-pipe-shell.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { applyEdits } from './applyEdits';

function byRule(text: string, rule: string) {
  return lintDockerfile(text, { hasDockerignore: true }).filter((f) => f.ruleId === rule);
}

describe('berth/runs-as-root', () => {
  const ROOT = 'berth/runs-as-root';

  test('fires without USER, on the CMD, and the fix adds USER before it', () => {
    const text = 'FROM python:3.11-slim\nRUN pip install fastapi\nCMD ["python", "serve.py"]\n';
    const [finding] = byRule(text, ROOT);
    assert.ok(finding);
    assert.deepEqual(finding.range, { startLine: 2, startColumn: 0, endLine: 2, endColumn: 3 });
    const fixed = applyEdits(text, finding.fixes?.[0]?.edits ?? []);
    assert.equal(fixed, 'FROM python:3.11-slim\nRUN pip install fastapi\nUSER 10001:10001\nCMD ["python", "serve.py"]\n');
    assert.deepEqual(byRule(fixed, ROOT), []);
  });

  test('fires when the last USER is root, and the fix switches back after the root work', () => {
    const text = 'FROM python:3.11-slim\nUSER app\nUSER root\nRUN apt-get update\nENTRYPOINT ["serve"]';
    const [finding] = byRule(text, ROOT);
    assert.deepEqual(finding?.range, { startLine: 2, startColumn: 0, endLine: 2, endColumn: 9 });
    const fixed = applyEdits(text, finding.fixes?.[0]?.edits ?? []);
    assert.equal(fixed.split('\n')[4], 'USER 10001:10001');
    assert.deepEqual(byRule(fixed, ROOT), []);
    // No CMD and no trailing newline: USER goes on a new last line.
    const bare = 'FROM python:3.11-slim\nUSER 0:0';
    assert.equal(applyEdits(bare, byRule(bare, ROOT)[0]?.fixes?.[0]?.edits ?? []), 'FROM python:3.11-slim\nUSER 0:0\nUSER 10001:10001');
  });

  test('is quiet for a non-root USER (also inherited from an earlier stage), nonroot images and variables', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\nUSER app\nCMD ["x"]\n', ROOT), []);
    assert.deepEqual(byRule('FROM python:3.11-slim AS base\nUSER 10001\nFROM base\nCMD ["x"]\n', ROOT), []);
    assert.deepEqual(byRule('FROM gcr.io/distroless/python3-debian12:nonroot\nCMD ["x"]\n', ROOT), []);
    assert.deepEqual(byRule('FROM python:3.11-slim\nUSER ${APP_USER}\n', ROOT), []);
    // Root in a build stage only is fine: the final stage runs.
    assert.deepEqual(byRule('FROM python:3.11-slim AS build\nUSER root\nFROM python:3.11-slim\nUSER app\n', ROOT), []);
  });

  test('suppressed above the instruction it is reported on', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\n# berth-ignore berth/runs-as-root\nCMD ["x"]\n', ROOT), []);
  });
});

describe('berth/unpinned-base-image', () => {
  const RULE = 'berth/unpinned-base-image';

  test('fires on latest and untagged bases, through global ARGs too', () => {
    assert.equal(byRule('FROM python\n', RULE).length, 1);
    assert.equal(byRule('FROM nvidia/cuda:latest AS x\n', RULE)[0]?.range.startColumn, 5);
    assert.match(byRule('ARG BASE=ubuntu\nFROM ${BASE}\n', RULE)[0]?.message ?? '', /ubuntu has no tag/);
  });

  test('is quiet on tags, digests, scratch, stage names and unresolved variables', () => {
    for (const text of [
      'FROM python:3.11-slim\n',
      'FROM python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
      'FROM scratch\n',
      'FROM python:3.11 AS build\nFROM build\n',
      'FROM ${BASE_IMAGE}\n',
      'FROM localhost:5000/model-base:1.2\n',
    ]) {
      assert.deepEqual(byRule(text, RULE), [], text);
    }
  });

  test('suppressed for the file', () => {
    assert.deepEqual(byRule('# berth-ignore-file berth/unpinned-base-image\nFROM python\n', RULE), []);
  });
});

describe('berth/secret-in-env and berth/secret-in-arg', () => {
  test('ENV with a secret-looking name and a value is an error, on that property', () => {
    const text = 'FROM python:3.11-slim\nENV PORT=8000 HF_TOKEN=hf_abc123 \\\n    OPENAI_API_KEY="sk-1"\n';
    const findings = byRule(text, 'berth/secret-in-env');
    assert.deepEqual(
      findings.map((f) => [f.severity, f.range.startLine, f.range.startColumn]),
      [
        ['error', 1, 14],
        ['error', 2, 4],
      ],
    );
    assert.match(byRule('FROM python:3.11-slim\nARG T\nENV HF_TOKEN=$T\n', 'berth/secret-in-env')[0]?.message ?? '', /copies a build argument into the image config/);
  });

  test('ARG with a secret-looking name is a warning that names the secret mount', () => {
    const [finding] = byRule('FROM python:3.11-slim\nARG WANDB_API_KEY\n', 'berth/secret-in-arg');
    assert.equal(finding?.severity, 'warning');
    assert.match(finding.message, /RUN --mount=type=secret,id=wandb_api_key,env=WANDB_API_KEY/);
  });

  test('is quiet for ordinary names, empty values, key files and public keys', () => {
    const text = 'FROM python:3.11-slim\nENV HF_HOME=/cache TOKENIZERS_PARALLELISM=false HF_TOKEN= GPG_KEY=A035C8C1 SSH_KEY_FILE=/run/k PWD=/app\nARG TOKEN_URL\n';
    assert.deepEqual(byRule(text, 'berth/secret-in-env'), []);
    assert.deepEqual(byRule(text, 'berth/secret-in-arg'), []);
  });

  test('suppressed above the instruction', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\n# berth-ignore berth/secret-in-env\nENV DB_PASSWORD=dev\n', 'berth/secret-in-env'), []);
  });
});

describe('berth/add-url', () => {
  test('fires on ADD of an http(s) URL, on the URL', () => {
    const [finding] = byRule('FROM python:3.11-slim\nADD https://example.com/tool.tar.gz /opt/\n', 'berth/add-url');
    assert.deepEqual(finding?.range, { startLine: 1, startColumn: 4, endLine: 1, endColumn: 35 });
  });

  test('is quiet with --checksum and for local sources', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\nADD --checksum=sha256:abc https://example.com/t.tgz /opt/\n', 'berth/add-url'), []);
    assert.deepEqual(byRule('FROM python:3.11-slim\nADD vendor.tar.gz /opt/\n', 'berth/add-url'), []);
  });

  test('suppressed above the instruction', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\n# berth-ignore berth/add-url\nADD https://example.com/t.tgz /opt/\n', 'berth/add-url'), []);
  });
});

describe('berth/curl-pipe-shell', () => {
  const RULE = 'berth/curl-pipe-shell';

  test('fires on curl | sh, wget | bash, sh -c "$(curl)" and bash <(curl), across continuations and in heredocs', () => {
    const cases: [string, number][] = [
      ['RUN curl -LsSf https://astral.sh/uv/install.sh | sh', 1],
      ['RUN wget -qO- https://x.io/i | sudo -E bash -s -- --yes', 1],
      ['RUN sh -c "$(curl -fsSL https://x.io/i)"', 1],
      ['RUN bash <(curl -s https://x.io/i)', 1],
      ['RUN apt-get update && curl -fsSL https://x.io/i \\\n    | python3 -', 1],
      ['RUN <<EOF\nset -e\ncurl https://x.io/i | sh\nEOF', 3],
    ];
    for (const [line, at] of cases) {
      const [finding] = byRule(`FROM python:3.11-slim\n${line}\n`, RULE);
      assert.equal(finding?.range.startLine, at, line);
    }
    const [multi] = byRule('FROM python:3.11-slim\nRUN curl -fsSL https://x.io/i \\\n  | sh\n', RULE);
    assert.deepEqual(multi?.range, { startLine: 1, startColumn: 4, endLine: 2, endColumn: 6 });
  });

  test('honours the escape directive', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl -fsSL https://x.io/i `\n  | sh\n';
    assert.equal(byRule(text, RULE).length, 1);
  });

  test('is quiet for downloads to a file and pipes into other tools', () => {
    for (const line of ['RUN curl -fsSLo /tmp/i.sh https://x.io/i && sha256sum -c sums && sh /tmp/i.sh', 'RUN curl -s https://x.io/k.gpg | gpg --dearmor -o /k.gpg', 'RUN echo hi | sh']) {
      assert.deepEqual(byRule(`FROM python:3.11-slim\n${line}\n`, RULE), [], line);
    }
  });

  test('suppressed above the RUN', () => {
    assert.deepEqual(byRule('FROM python:3.11-slim\n# berth-ignore berth/curl-pipe-shell\nRUN curl https://x | sh\n', RULE), []);
  });
});
