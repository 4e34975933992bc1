// readCompose's YAML and compose semantics: anchors, merge keys, files merged in order, extends, profiles, interpolation,
// and bad input reported at the right place instead of thrown.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isPair, isScalar } from 'yaml';
import { rangeOf, readCompose, type ReadComposeInput } from '../../../src/core/compose/readCompose';
import type { ComposeDiagnostic, WorkloadService } from '../../../src/core/compose/workload';
import { textRange } from './textRange';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function read(text: string, extra: Partial<ReadComposeInput> = {}): ReturnType<typeof readCompose> {
  return readCompose({ files: [{ path: '/p/compose.yaml', text }], ...extra });
}

function service(result: ReturnType<typeof readCompose>, name: string): WorkloadService {
  const found = result.workload.services.find((s) => s.name === name);
  assert.ok(found, `no service ${name} in ${result.workload.services.map((s) => s.name).join(', ')}`);
  return found;
}

function only(diagnostics: readonly ComposeDiagnostic[], code: string): ComposeDiagnostic {
  const matching = diagnostics.filter((d) => d.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got ${JSON.stringify(diagnostics, null, 1)}`);
  const [first] = matching;
  assert.ok(first);
  return first;
}

describe('readCompose: YAML', () => {
  test('anchors, aliases and << merge keys (explicit keys win, earlier sources win)', () => {
    const text = `x-small: &small
  cpus: 0.5
  mem_limit: 512m
x-big: &big
  cpus: 4
  mem_limit: 8g
  image: big
x-labels: &constraints
  - node.labels.zone == a
services:
  api:
    <<: *small
    image: api
    deploy:
      placement:
        constraints: *constraints
  worker:
    <<: [*small, *big]
  batch:
    <<: *big
    cpus: 2
`;
    const result = read(text);
    assert.deepEqual(result.diagnostics, []);
    const api = service(result, 'api');
    assert.equal(api.cpuMillis, 500);
    assert.equal(api.memoryBytes, 512 * MiB);
    assert.equal(api.image, 'api');
    assert.deepEqual(api.constraints.map((c) => [c.key, c.op, c.value]), [['node.labels.zone', '==', 'a']]);
    // The alias's values keep the place they were written, at the anchor.
    assert.deepEqual(api.constraints[0]?.range, textRange('/p/compose.yaml', text, 'node.labels.zone == a'));
    const worker = service(result, 'worker');
    assert.equal(worker.cpuMillis, 500, 'the first merge source wins');
    assert.equal(worker.memoryBytes, 512 * MiB);
    assert.equal(worker.image, 'big', 'keys only the later source has still come through');
    const batch = service(result, 'batch');
    assert.equal(batch.cpuMillis, 2000, 'a key written in the mapping beats the merged one');
    assert.equal(batch.memoryBytes, 8 * GiB);
  });

  test('malformed YAML: a yaml-syntax error at the line where the parser finds it; nothing throws', () => {
    const text = 'services:\n  web:\n    image: nginx\n    ports: [80\n  db:\n    image: postgres\n';
    const result = read(text);
    const error = only(result.diagnostics, 'yaml-syntax');
    assert.equal(error.severity, 'error');
    assert.match(error.message, /Flow sequence/);
    // The unclosed `[` is on line 3; the parser notices at the next key, line 4, column 2.
    assert.deepEqual([error.range.startLine, error.range.startColumn], [4, 2]);
  });

  test('a tab used as indentation is reported at the tab, without unknown-key noise from the recovery', () => {
    const result = read('services:\n  web:\n\timage: nginx\n');
    const error = only(result.diagnostics, 'yaml-syntax');
    assert.match(error.message, /Tabs/);
    assert.deepEqual([error.range.startLine, error.range.startColumn], [2, 0]);
    assert.equal(result.diagnostics.length, 1);
  });

  test('duplicate keys are errors at the second key', () => {
    const text = 'services:\n  web:\n    image: a\n    image: b\n';
    const result = read(text);
    const duplicate = only(result.diagnostics, 'duplicate-key');
    assert.deepEqual(duplicate.range, textRange('/p/compose.yaml', text, 'image', 1));
    assert.match(duplicate.message, /line 3/);
    assert.equal(service(result, 'web').image, 'b');
  });

  test('documents keep the raw yaml nodes; rangeOf places them', () => {
    const text = 'services:\n  web:\n    image: nginx:1.27\n';
    const result = read(text);
    const [doc] = result.documents;
    assert.ok(doc);
    assert.equal(doc.path, '/p/compose.yaml');
    const services = doc.document.get('services', true);
    assert.ok(isMap(services));
    const web = services.get('web', true);
    assert.ok(isMap(web));
    const image = web.get('image', true);
    assert.ok(isScalar(image));
    assert.deepEqual(rangeOf(doc, image), textRange('/p/compose.yaml', text, 'nginx:1.27'));
    const pair = web.items[0];
    assert.ok(isPair(pair));
    assert.deepEqual(rangeOf(doc, pair), textRange('/p/compose.yaml', text, 'image: nginx:1.27'));
  });

  test('the shape of the file: root, services and each service must be mappings', () => {
    const root = read('- a\n- b\n');
    assert.equal(only(root.diagnostics, 'root-not-mapping').range.startLine, 0);
    const text = 'services: [web, db]\n';
    const services = read(text);
    assert.deepEqual(only(services.diagnostics, 'services-not-mapping').range, textRange('/p/compose.yaml', text, '[web, db]'));
    const textWithScalar = 'services:\n  web: nginx\n  db:\n    image: postgres\n  empty:\n';
    const one = read(textWithScalar);
    assert.deepEqual(only(one.diagnostics, 'service-not-mapping').range, textRange('/p/compose.yaml', textWithScalar, 'nginx'));
    assert.deepEqual(one.workload.services.map((s) => s.name), ['db', 'empty']);
    assert.equal(only(read('').diagnostics, 'empty-file').severity, 'warning');
  });

  test('unknown keys are warnings with a suggestion, from the schema (service, deploy, resources, devices)', () => {
    const text = `servics: {}
services:
  web:
    image: nginx
    replicas: 3
    enviroment: {}
    x-custom: fine
    deploy:
      replica: 2
      resources:
        reservation:
          cpus: 1
        limits:
          gpus: 1
      placement:
        constraint: []
  gpu:
    image: x
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu]
              counts: 1
`;
    const result = read(text);
    const unknown = result.diagnostics.filter((d) => d.code === 'unknown-key');
    assert.ok(unknown.every((d) => d.severity === 'warning'));
    const byText = unknown.map((d) => [text.split('\n')[d.range.startLine]?.slice(d.range.startColumn, d.range.endColumn), d.message]);
    assert.deepEqual(byText, [
      ['servics', 'compose does not know `servics` in the top level; did you mean `services`?'],
      ['replicas', 'compose does not know `replicas` in a service; did you mean `deploy.replicas`?'],
      ['enviroment', 'compose does not know `enviroment` in a service; did you mean `environment`?'],
      ['replica', 'compose does not know `replica` in `deploy`; did you mean `replicas`?'],
      ['constraint', 'compose does not know `constraint` in `deploy.placement`; did you mean `constraints`?'],
      ['reservation', 'compose does not know `reservation` in `deploy.resources`; did you mean `reservations`?'],
      ['gpus', 'compose does not know `gpus` in `deploy.resources.limits`; GPUs are reserved with `devices` under `deploy.resources.reservations`'],
      ['counts', 'compose does not know `counts` in a device reservation; did you mean `count`?'],
    ]);
  });

  test('an invalid service name is an error at the name', () => {
    const text = 'services:\n  "my service":\n    image: x\n';
    const result = read(text);
    assert.deepEqual(only(result.diagnostics, 'invalid-service-name').range, textRange('/p/compose.yaml', text, '"my service"'));
  });
});

describe('readCompose: never throws', () => {
  test('every truncation of a real file reads without an exception', () => {
    const text = readFileSync(resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'compose', 'ml-stack', 'compose.yaml'), 'utf8');
    let withErrors = 0;
    for (let end = 0; end <= text.length; end += 3) {
      const result = read(text.slice(0, end), { env: { MODEL_ID: 'm' } });
      if (result.diagnostics.some((d) => d.severity === 'error')) withErrors++;
      // The catch-all would hide a crash: it must not be what kept this from throwing.
      assert.ok(!result.diagnostics.some((d) => d.code === 'internal-error'), `crash at ${end}`);
      for (const d of result.diagnostics) assert.ok(d.range.startLine >= 0 && d.range.endLine >= d.range.startLine, JSON.stringify(d));
    }
    assert.ok(withErrors > 0, 'some truncations are broken YAML');
  });

  test('an exception from the environment becomes an internal-error diagnostic', () => {
    const env = new Proxy<Record<string, string>>({}, {
      getOwnPropertyDescriptor: () => {
        throw new Error('boom');
      },
    });
    const result = read('services:\n  a:\n    image: $TAG\n', { env });
    assert.deepEqual(result.workload, { services: [], inactiveServices: [] });
    assert.equal(only(result.diagnostics, 'internal-error').message, 'Berth could not read the compose files: boom');
  });
});

describe('readCompose: interpolation', () => {
  test('from env, then .env; the shell wins; undefined variables are blank with a warning at the variable', () => {
    const text = `services:
  app:
    image: \${REGISTRY}/app:\${TAG:-latest}
    deploy:
      replicas: \${REPLICAS}
      resources:
        limits:
          memory: "\${MEMORY}"
`;
    const result = read(text, {
      env: { TAG: '2.0', UNSET: undefined },
      dotEnv: { path: '/p/.env', text: 'TAG=1.0\nREPLICAS=3\nMEMORY=2g\n' },
    });
    const app = service(result, 'app');
    assert.equal(app.image, '/app:2.0');
    assert.equal(app.replicas, 3);
    assert.equal(app.memoryBytes, 2 * GiB);
    const warning = only(result.diagnostics, 'undefined-variable');
    assert.equal(warning.severity, 'warning');
    assert.equal(warning.message, 'The "REGISTRY" variable is not set. Defaulting to a blank string.');
    assert.deepEqual(warning.range, textRange('/p/compose.yaml', text, '${REGISTRY}'));
  });

  test('positions inside quoted scalars, required variables, `$$` and an invalid template', () => {
    const text = `services:
  app:
    image: "repo/\${NAME:?NAME is required}"
    command: echo $$HOME \${GREETING:-hi}
    entrypoint: "cost $5"
`;
    const result = read(text);
    const required = only(result.diagnostics, 'required-variable');
    assert.equal(required.severity, 'error');
    assert.equal(required.message, 'required variable NAME is missing a value: NAME is required');
    assert.deepEqual(required.range, textRange('/p/compose.yaml', text, '${NAME:?NAME is required}'));
    const invalid = only(result.diagnostics, 'invalid-interpolation');
    assert.deepEqual(invalid.range, textRange('/p/compose.yaml', text, '$5'.slice(0, 1), 4));
    assert.match(invalid.message, /write `\$\$` for a literal `\$`/);
    assert.equal(service(result, 'app').image, 'repo/');
  });

  test('a bad .env line is reported in the .env file; COMPOSE_PROFILES there activates profiles', () => {
    const dotEnv = 'COMPOSE_PROFILES=debug, gpu\nnot a line\n';
    const text = 'services:\n  a:\n    image: a\n    profiles: [debug]\n  b:\n    image: b\n    profiles: [other]\n';
    const result = read(text, { dotEnv: { path: '/p/.env', text: dotEnv } });
    assert.deepEqual(only(result.diagnostics, 'dotenv-syntax').range, textRange('/p/.env', dotEnv, 'not a line'));
    assert.deepEqual(result.workload.services.map((s) => s.name), ['a']);
    assert.deepEqual(result.workload.inactiveServices, ['b']);
  });
});

describe('readCompose: several files', () => {
  const base = `services:
  web:
    image: web:1
    profiles: [a]
    deploy:
      replicas: 2
      resources:
        reservations: { cpus: "1", memory: 1g }
      placement:
        constraints: ["node.role == worker"]
  db:
    image: postgres
`;
  const override = `services:
  web:
    image: web:2
    profiles: [a, b]
    deploy:
      resources:
        reservations: { memory: 2g }
      placement:
        constraints: ["node.labels.ssd == true"]
  cache:
    image: redis
`;

  test('merged in order: mappings merge, scalars are replaced, sequences append (profiles stay unique)', () => {
    const files = [
      { path: '/p/compose.yaml', text: base },
      { path: '/p/compose.override.yaml', text: override },
    ];
    const result = readCompose({ files, profiles: ['a'] });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.workload.services.map((s) => s.name), ['web', 'db', 'cache']);
    const web = service(result, 'web');
    assert.equal(web.image, 'web:2');
    assert.equal(web.replicas, 2);
    assert.equal(web.cpuMillis, 1000);
    assert.equal(web.memoryBytes, 2 * GiB);
    assert.deepEqual(web.profiles, ['a', 'b']);
    assert.deepEqual(web.constraints.map((c) => `${c.key}${c.op}${c.value}`), ['node.role==worker', 'node.labels.ssd==true']);
    // Each value points into the file that wrote it; the service range is its key in the last file.
    assert.equal(web.constraints[0]?.range.file, '/p/compose.yaml');
    assert.equal(web.constraints[1]?.range.file, '/p/compose.override.yaml');
    assert.deepEqual(web.range, textRange('/p/compose.override.yaml', override, 'web'));
    assert.equal(web.ranges.cpus?.file, '/p/compose.yaml');
    assert.equal(web.ranges.memory?.file, '/p/compose.override.yaml');
    assert.equal(result.documents.length, 2);
  });

  test('!reset drops an inherited value and !override replaces a list instead of appending', () => {
    const second = `services:
  web:
    deploy:
      resources: !reset {}
      placement:
        constraints: !override ["node.hostname == gpu-1"]
`;
    const result = readCompose({ files: [{ path: '/p/compose.yaml', text: base }, { path: '/p/second.yaml', text: second }], profiles: ['a'] });
    assert.deepEqual(result.diagnostics, []);
    const web = service(result, 'web');
    assert.equal(web.cpuMillis, 0);
    assert.equal(web.memoryBytes, 0);
    assert.deepEqual(web.constraints.map((c) => c.value), ['gpu-1']);
  });
});

describe('readCompose: extends', () => {
  test('same file, recursive; the extending service wins and inherits the rest', () => {
    const text = `services:
  base:
    image: base
    deploy:
      resources:
        reservations: { cpus: "1", memory: 1g }
  mid:
    extends: base
    deploy:
      replicas: 2
  leaf:
    extends:
      service: mid
    image: leaf
    deploy:
      resources:
        reservations: { memory: 4g }
`;
    const result = read(text);
    assert.deepEqual(result.diagnostics, []);
    const leaf = service(result, 'leaf');
    assert.equal(leaf.image, 'leaf');
    assert.equal(leaf.replicas, 2);
    assert.equal(leaf.cpuMillis, 1000);
    assert.equal(leaf.memoryBytes, 4 * GiB);
    assert.equal(service(result, 'mid').image, 'base');
  });

  test('another file, relative to the including file, read through readFile; it joins documents', () => {
    const files: Record<string, string> = {
      '/p/common/base.yaml': 'services:\n  gpu-base:\n    extends: { file: ../more/deeper.yaml, service: root }\n    image: trainer\n',
      '/p/more/deeper.yaml':
        'services:\n  root:\n    deploy:\n      resources:\n        reservations:\n' + '          devices: [{ capabilities: [gpu], count: 4 }]\n',
    };
    const asked: string[] = [];
    const result = read('services:\n  train:\n    extends:\n      file: common/base.yaml\n      service: gpu-base\n', {
      readFile: (path) => {
        asked.push(path);
        return files[path];
      },
    });
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(asked, ['/p/common/base.yaml', '/p/more/deeper.yaml']);
    const train = service(result, 'train');
    assert.equal(train.image, 'trainer');
    assert.equal(train.gpu?.count, 4);
    assert.equal(train.gpu.range.file, '/p/more/deeper.yaml');
    assert.deepEqual(result.documents.map((d) => d.path), ['/p/compose.yaml', '/p/common/base.yaml', '/p/more/deeper.yaml']);
  });

  test('a missing file, a missing service and a cycle are errors at the extends value', () => {
    const text = `services:
  a:
    extends: { file: nowhere.yaml, service: x }
  b:
    extends: ghost
  c:
    extends: d
    image: c
  d:
    extends: c
`;
    const result = read(text, { readFile: () => undefined });
    assert.deepEqual(only(result.diagnostics, 'extends-missing-file').range, textRange('/p/compose.yaml', text, 'nowhere.yaml'));
    assert.deepEqual(only(result.diagnostics, 'extends-missing-service').range, textRange('/p/compose.yaml', text, 'ghost'));
    const cycle = only(result.diagnostics, 'extends-cycle');
    assert.match(cycle.message, /c → .*d → .*c/);
    assert.deepEqual(result.workload.services.map((s) => s.name), ['a', 'b', 'c', 'd']);
    assert.equal(service(result, 'd').image, 'c');
  });

  test('a service extending itself, and readFile throwing, are reported, not thrown', () => {
    const text = 'services:\n  a:\n    extends: a\n  b:\n    extends: { file: x.yaml, service: y }\n';
    const result = read(text, {
      readFile: () => {
        throw new Error('EACCES');
      },
    });
    assert.equal(only(result.diagnostics, 'extends-cycle').range.startLine, 2);
    assert.equal(only(result.diagnostics, 'extends-missing-file').range.startLine, 4);
  });
});

describe('readCompose: include', () => {
  test('included files add their services (relative to the including file, recursively); a conflict is an error', () => {
    const files: Record<string, string> = {
      '/p/db/compose.yaml':
        'include: [../cache/compose.yaml]\nservices:\n  db:\n    image: postgres\n' + '    deploy: { resources: { reservations: { memory: 2g } } }\n',
      '/p/cache/compose.yaml': 'services:\n  cache:\n    image: redis\n',
      '/p/other.yaml': 'services:\n  web:\n    image: other-web\n',
    };
    const text = 'include:\n  - db/compose.yaml\n  - path: [other.yaml, missing.yaml]\nservices:\n  web:\n    image: web\n';
    const result = read(text, { readFile: (path) => files[path] });
    assert.deepEqual(result.workload.services.map((s) => s.name), ['cache', 'db', 'web']);
    assert.equal(service(result, 'db').memoryBytes, 2 * GiB);
    assert.equal(service(result, 'web').image, 'web');
    assert.deepEqual(only(result.diagnostics, 'include-missing-file').range, textRange('/p/compose.yaml', text, 'missing.yaml'));
    const conflict = only(result.diagnostics, 'include-conflict');
    assert.deepEqual(conflict.range, textRange('/p/compose.yaml', text, 'web'));
    assert.deepEqual(result.documents.map((d) => d.path), ['/p/compose.yaml', '/p/db/compose.yaml', '/p/cache/compose.yaml', '/p/other.yaml']);
  });

  test('a file including itself is a cycle, reported once', () => {
    const text = 'include: [compose.yaml]\nservices:\n  a: { image: a }\n';
    const result = read(text, { readFile: () => text });
    assert.equal(only(result.diagnostics, 'include-cycle').range.startLine, 0);
    assert.deepEqual(result.workload.services.map((s) => s.name), ['a']);
  });
});

describe('readCompose: profiles', () => {
  const text = `services:
  always: { image: a }
  debug: { image: b, profiles: [debug] }
  gpu: { image: c, profiles: [gpu, bench] }
`;

  test('services without profiles are always active; others need one of theirs', () => {
    assert.deepEqual(read(text).workload.services.map((s) => s.name), ['always']);
    assert.deepEqual(read(text).workload.inactiveServices, ['debug', 'gpu']);
    assert.deepEqual(read(text, { profiles: ['bench'] }).workload.services.map((s) => s.name), ['always', 'gpu']);
    assert.deepEqual(read(text, { profiles: ['*'] }).workload.services.map((s) => s.name), ['always', 'debug', 'gpu']);
  });

  test('COMPOSE_PROFILES from the environment applies when no profiles are given', () => {
    assert.deepEqual(read(text, { env: { COMPOSE_PROFILES: 'debug' } }).workload.services.map((s) => s.name), ['always', 'debug']);
    assert.deepEqual(read(text, { env: { COMPOSE_PROFILES: 'debug' }, profiles: [] }).workload.services.map((s) => s.name), ['always']);
  });
});
