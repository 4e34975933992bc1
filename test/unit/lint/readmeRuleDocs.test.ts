import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderRuleDocs } from '../../../src/core/lint/renderRuleDocs';

test('the README documents every rule exactly as rules.ts renders it (regenerate with renderRuleDocs when a rule changes)', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
  const begin = readme.indexOf('<!-- BEGIN FINDINGS');
  const end = readme.indexOf('<!-- END FINDINGS -->');
  assert.ok(begin > 0 && end > begin, 'the README has the generated findings section');
  const section = readme.slice(readme.indexOf('\n', begin) + 1, end);
  assert.equal(section.trimEnd(), renderRuleDocs().trimEnd());
});
