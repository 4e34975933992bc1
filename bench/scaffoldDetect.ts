// bench/scaffoldDetect: detectProject on a 10,000-file project (budget 300 ms), against the least any detection must
// do, listing the same tree with fs.promises.readdir({ recursive: true }), measured in the same run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectProject } from '../src/core/scaffold/detectProject';
import { median } from './median';

function makeProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'berth-bench-detect-'));
  for (let a = 0; a < 10; a++) {
    for (let b = 0; b < 10; b++) {
      for (let c = 0; c < 10; c++) {
        const dir = join(root, `pkg${a}`, `mod${b}`, `part${c}`);
        mkdirSync(dir, { recursive: true });
        for (let f = 0; f < 10; f++) writeFileSync(join(dir, `file${f}.py`), '');
      }
    }
  }
  writeFileSync(join(root, 'requirements.txt'), 'torch==2.4.1\ntransformers==4.46.3\n');
  writeFileSync(join(root, 'app.py'), '');
  writeFileSync(join(root, 'pkg9', 'model.safetensors'), 'x');
  return root;
}

export async function benchScaffoldDetect(runs = 9): Promise<{ detectMs: number; listMs: number; ratio: number; files: number }> {
  const root = makeProject();
  try {
    const detect: number[] = [];
    const list: number[] = [];
    let files = 0;
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first, so neither always finds the page cache warmer.
      const order = i % 2 ? ['detect', 'list'] : ['list', 'detect'];
      for (const what of order) {
        const started = performance.now();
        if (what === 'detect') {
          const d = await detectProject(root, { deadlineMs: 60_000 });
          files = d.filesSeen;
          detect.push(performance.now() - started);
        } else {
          await readdir(root, { recursive: true, withFileTypes: true });
          list.push(performance.now() - started);
        }
      }
    }
    const detectMs = median(detect);
    const listMs = median(list);
    return { detectMs, listMs, ratio: detectMs / listMs, files };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
