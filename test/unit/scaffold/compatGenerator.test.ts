// The committed tables are exactly what scripts/generate-compat.mjs makes from the reference data, byte for byte.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..');
const reference = resolve(root, '..', 'shared', 'data', 'ml-compat');
const tables = ['torchWheels.json', 'cudaImages.json', 'tensorflowBuilds.json'];

test('regenerating the tables reproduces the committed files', { skip: existsSync(reference) ? false : `no reference data at ${reference}` }, () => {
  const out = mkdtempSync(join(tmpdir(), 'berth-compat-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'generate-compat.mjs'), reference, out], { stdio: 'pipe' });
    for (const name of tables) {
      const committed = readFileSync(join(root, 'src', 'core', 'scaffold', 'compat', name), 'utf8');
      assert.equal(readFileSync(join(out, name), 'utf8'), committed, `${name} differs from the generator's output`);
    }
    // Twice, to be sure nothing depends on time or map order.
    execFileSync(process.execPath, [join(root, 'scripts', 'generate-compat.mjs'), reference, out], { stdio: 'pipe' });
    for (const name of tables) {
      assert.equal(readFileSync(join(out, name), 'utf8'), readFileSync(join(root, 'src', 'core', 'scaffold', 'compat', name), 'utf8'));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
