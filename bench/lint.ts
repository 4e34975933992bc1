// bench/lint: lintDockerfile on a 2,000-line Dockerfile and readCompose + lintCompose on a 2,000-line compose file (aim:
// under 20 ms each), against references measured in the same run on the same text: dockerfile-utils' own validate()
// (which lintDockerfile includes) and yaml's parseDocument (the least any compose lint must do).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { parseDocument } from 'yaml';
import { readCompose } from '../src/core/compose/readCompose';
import { lintCompose } from '../src/core/lint/lintCompose';
import { lintDockerfile, type DockerfileLintContext } from '../src/core/lint/lintDockerfile';
import { median } from './median';

const golden = join(__dirname, '..', '..', 'test', 'unit', 'scaffold', 'golden');

/** The scaffolding's PyTorch GPU Dockerfile repeated with distinct stage names: real instructions, heredoc-free. */
export function makeDockerfile(lines: number): string {
  const source = readFileSync(join(golden, 'pytorch-gpu', 'Dockerfile'), 'utf8').trimEnd().split('\n');
  const out: string[] = [];
  for (let copy = 0; out.length < lines; copy++) {
    for (const line of source) {
      out.push(line.replace(/ AS (uv|build|runtime)$/, ` AS $1${copy}`).replace(/--from=(uv|build) /, `--from=$1${copy} `));
    }
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** The scaffolding's PyTorch service repeated under distinct names, with its networks and volume. */
export function makeCompose(lines: number): string {
  const text = readFileSync(join(golden, 'pytorch-gpu', 'compose.yaml'), 'utf8');
  const service = text.slice(text.indexOf('  demo:\n'), text.indexOf('\nnetworks:') + 1);
  const footer = text.slice(text.indexOf('\nnetworks:') + 1);
  const serviceLines = service.split('\n').length - 1;
  const copies = Math.max(1, Math.round((lines - 1 - footer.split('\n').length) / serviceLines));
  let body = 'services:\n';
  for (let i = 0; i < copies; i++) body += service.replace('  demo:\n', `  demo${i}:\n`).replace('image: demo:0.1.0', `image: demo${i}:0.1.0`);
  return body + footer;
}

export interface LintBench {
  readonly dockerfileLines: number;
  /** lintDockerfile, everything (dockerfile-utils' checks on Berth's parse + Berth's rules). */
  readonly dockerfileMs: number;
  /** lintDockerfile with `dockerfile/syntax` off: Berth's parse and rules only. */
  readonly berthRulesMs: number;
  /**
   * dockerfile-utils' validate() alone on the same text, with its own parse. It runs in this process, so it has Berth's
   * remembered instruction arguments too (validateSyntax.ts); before that memo the same call took about 35 ms.
   */
  readonly validateMs: number;
  readonly composeLines: number;
  readonly readComposeMs: number;
  readonly lintComposeMs: number;
  /** yaml's parseDocument alone on the same text. */
  readonly yamlParseMs: number;
}

export function benchLint(runs = 21): LintBench {
  const dockerfile = makeDockerfile(2000);
  const compose = makeCompose(2000);
  const context: DockerfileLintContext = { hasDockerignore: true, requirements: { path: '/bench/requirements.txt', text: 'torch==2.4.1\nfastapi\n' } };
  const rulesOnly: DockerfileLintContext = { ...context, disabledRules: new Set(['dockerfile/syntax']) };
  const times = { dockerfile: [] as number[], rules: [] as number[], validate: [] as number[], read: [] as number[], lint: [] as number[], yaml: [] as number[] };
  const time = (into: number[], work: () => unknown): void => {
    const started = performance.now();
    work();
    into.push(performance.now() - started);
  };
  // One warm-up round: the first call of each pays for loading and compiling its code.
  for (let i = -1; i < runs; i++) {
    const order = i % 2 ? ['berth', 'reference'] : ['reference', 'berth'];
    for (const what of order) {
      if (what === 'berth') {
        time(i < 0 ? [] : times.dockerfile, () => lintDockerfile(dockerfile, context));
        time(i < 0 ? [] : times.rules, () => lintDockerfile(dockerfile, rulesOnly));
        // A new path each run: readCompose keeps the parse of an unchanged text per path, which would hide the cost.
        let result: ReturnType<typeof readCompose> | undefined;
        time(i < 0 ? [] : times.read, () => (result = readCompose({ files: [{ path: `/bench/compose-${i}.yaml`, text: compose }], env: {} })));
        if (result) {
          const read = result;
          time(i < 0 ? [] : times.lint, () => lintCompose(read, { hasGpuOverrideFile: true }));
        }
      } else {
        time(i < 0 ? [] : times.validate, () => validate(dockerfile));
        time(i < 0 ? [] : times.yaml, () => parseDocument(compose));
      }
    }
  }
  return {
    dockerfileLines: dockerfile.split('\n').length - 1,
    dockerfileMs: median(times.dockerfile),
    berthRulesMs: median(times.rules),
    validateMs: median(times.validate),
    composeLines: compose.split('\n').length - 1,
    readComposeMs: median(times.read),
    lintComposeMs: median(times.lint),
    yamlParseMs: median(times.yaml),
  };
}
