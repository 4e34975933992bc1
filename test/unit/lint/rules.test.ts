// The rule catalogue and the README section written from it: every rule documented under its anchor, every rule id the
// checks report is in the catalogue, and every catalogue rule is reported by some check.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderRuleDocs } from '../../../src/core/lint/renderRuleDocs';
import { lintRule, lintRules } from '../../../src/core/lint/rules';

const lintDir = resolve(__dirname, '..', '..', '..', '..', 'src', 'core', 'lint');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') && name !== 'rules.ts' ? [readFileSync(full, 'utf8')] : [];
  });
}

describe('lint rule catalogue', () => {
  test('ids and anchors are unique and well-formed; every rule has a one-line reason', () => {
    const ids = lintRules.map((r) => r.id);
    const anchors = lintRules.map((r) => r.docsAnchor);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(anchors).size, anchors.length);
    for (const r of lintRules) {
      assert.match(r.id, /^(berth|dockerfile)\/[a-z0-9-]+$/, r.id);
      assert.match(r.docsAnchor, /^lint-[a-z0-9-]+$/, r.docsAnchor);
      assert.ok(!r.reason.includes('\n') && r.reason.length > 20 && r.reason.length < 160, `${r.id}: one-line reason`);
      assert.ok(r.details.length > 20, `${r.id}: details`);
    }
    assert.equal(lintRule('berth/cuda-torch-mismatch').docsAnchor, 'lint-cuda-torch-mismatch');
    assert.throws(() => lintRule('berth/no-such-rule'), /no lint rule/);
  });

  test('the checks report exactly the catalogue\'s rules', () => {
    const code = sources(lintDir).join('\n');
    const used = new Set([...code.matchAll(/'(berth\/[a-z0-9-]+)'/g)].map((m) => m[1] ?? ''));
    const catalogue = new Set(lintRules.map((r) => r.id));
    for (const id of used) assert.ok(catalogue.has(id), `${id} is reported but not in the catalogue`);
    for (const id of catalogue) if (id.startsWith('berth/')) assert.ok(used.has(id), `${id} is in the catalogue but no check reports it`);
  });
});

describe('renderRuleDocs', () => {
  const docs = renderRuleDocs();

  test('has one ### section per rule, under the anchor its findings link to', () => {
    const headings = [...docs.matchAll(/^### `([^`]+)`: (.+)$/gm)];
    assert.deepEqual(
      headings.map((h) => h[1]).sort(),
      lintRules.map((r) => r.id).sort(),
    );
    for (const rule of lintRules) {
      const anchorAt = docs.indexOf(`<a id="${rule.docsAnchor}"></a>`);
      const headingAt = docs.indexOf(`### \`${rule.id}\`: ${rule.title}`);
      assert.ok(anchorAt >= 0 && headingAt > anchorAt, `${rule.id}: anchor before its heading`);
      const section = docs.slice(headingAt, docs.indexOf('<a id=', headingAt + 1) >>> 0);
      assert.ok(section.includes(rule.reason), `${rule.id}: reason in its section`);
      assert.ok(section.includes(`# berth-ignore ${rule.id}`), `${rule.id}: how to suppress it`);
    }
  });

  test('is a markdown section that starts with ## and explains suppression', () => {
    assert.ok(docs.startsWith('## Lint rules\n'));
    assert.match(docs, /berth\.lint\.disabledRules/);
    assert.match(docs, /# berth-ignore-file <rule-id>/);
  });
});
