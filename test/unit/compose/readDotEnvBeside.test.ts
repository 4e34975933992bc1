import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDotEnvBeside } from '../../../src/core/compose/readDotEnvBeside';

test('the .env beside a compose file is the one compose reads; none is undefined; an unreadable one is an error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-dotenv-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(readDotEnvBeside(join(dir, 'compose.yaml')), undefined);
  writeFileSync(join(dir, '.env'), 'WORKERS=4\n');
  assert.deepEqual(readDotEnvBeside(join(dir, 'compose.yaml')), { path: join(dir, '.env'), text: 'WORKERS=4\n' });
  mkdirSync(join(dir, 'sub', '.env'), { recursive: true }); // a folder where the file should be
  assert.throws(() => readDotEnvBeside(join(dir, 'sub', 'compose.yaml')), /EISDIR/);
});
