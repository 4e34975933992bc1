import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeImage } from '../../../src/core/engine/describeImage';

const NOW = Date.UTC(2026, 0, 10);
const DAY = 86_400_000;

test('a tagged image: tags split into repository and tag, size and age in the description', () => {
  const view = describeImage(
    { Id: 'sha256:2f64123f460b390983fafe40179722f5', RepoTags: ['localhost:5000/team/model:v1', 'model:latest'], Size: 1.2e9, Created: (NOW - 3 * DAY) / 1000 },
    2,
    NOW,
  );
  assert.equal(view.shortId, '2f64123f460b');
  assert.deepEqual(view.tags, [
    { repository: 'localhost:5000/team/model', tag: 'v1' },
    { repository: 'model', tag: 'latest' },
  ]);
  assert.deepEqual(view.repoTags, ['localhost:5000/team/model:v1', 'model:latest']);
  assert.equal(view.dangling, false);
  assert.equal(view.label, 'localhost:5000/team/model:v1');
  assert.equal(view.description, '1.2 GB · 3 days ago · 2 containers');
  assert.equal(view.inUseBy, 2);
  assert.equal(view.createdMs, NOW - 3 * DAY);
  assert.deepEqual(view.icon, { id: 'package', color: 'charts.green' });
});

test('no tags, or only the <none>:<none> placeholder, is dangling', () => {
  for (const RepoTags of [undefined, null, [], ['<none>:<none>']]) {
    const view = describeImage({ Id: 'sha256:abcdef0123456789', RepoTags, Size: 1985472, Created: (NOW - 3_600_000) / 1000 }, 0, NOW);
    assert.equal(view.dangling, true);
    assert.deepEqual(view.repoTags, []);
    assert.equal(view.label, '<none> abcdef012345');
    assert.equal(view.description, '1.99 MB · about an hour ago');
    assert.equal(view.tooltip[0], '**\\<none\\>** (dangling)');
  }
});

test('one container using an image is counted in the singular', () => {
  assert.match(describeImage({ Id: 'sha256:1', RepoTags: ['a:b'], Size: 1, Created: NOW / 1000 }, 1, NOW).description, / · 1 container$/);
});
