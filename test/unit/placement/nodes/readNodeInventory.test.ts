// berth.nodes.yaml: node types expanded into nodes, units, summaries for code lenses, and a diagnostic at the right
// place for each kind of mistake.
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readNodeInventory } from '../../../../src/core/placement/nodes/readNodeInventory';
import type { ComposeDiagnostic } from '../../../../src/core/compose/workload';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const SAMPLE = resolve(root, 'test', 'fixtures', 'sample-model-project', 'berth.nodes.yaml');
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;

/** The 0-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `"${needle}" is in the text`);
  return line;
}

function only(diagnostics: readonly ComposeDiagnostic[], code: string): ComposeDiagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(diagnostics.map((d) => `${d.code}: ${d.message}`))}`);
  return found[0] as ComposeDiagnostic;
}

describe('readNodeInventory', () => {
  test('the sample inventory: types expanded into named nodes with their capacity, labels, role and cost', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const inventory = readNodeInventory(SAMPLE, text);
    assert.deepEqual(inventory.diagnostics, []);
    assert.deepEqual(
      inventory.nodes.map((n) => n.name),
      ['l40s-1', 'l40s-2', 'mem-1', 'cpu-1', 'cpu-2'],
    );
    assert.deepEqual(inventory.nodes[0], {
      name: 'l40s-1',
      cpuMillis: 48_000,
      memoryBytes: 384 * GiB,
      gpus: 4,
      gpuMemoryBytes: 48 * GiB,
      labels: { gpu: 'l40s' },
      costPerHour: 10.49,
      type: 'l40s',
    });
    // `nvme: true` is a YAML boolean; Swarm compares labels as text.
    assert.deepEqual(inventory.nodes[2], { name: 'mem-1', cpuMillis: 32_000, memoryBytes: 256 * GiB, gpus: 0, labels: { nvme: 'true' }, role: 'manager', costPerHour: 2.42 });
    assert.equal(inventory.nodes[3]?.type, 'cpu');

    const [l40s, mem, cpu] = inventory.types;
    assert.ok(l40s && mem && cpu);
    assert.equal(inventory.types.length, 3);
    assert.deepEqual({ ...l40s, range: undefined }, {
      type: 'l40s',
      count: 2,
      nodes: ['l40s-1', 'l40s-2'],
      cpuMillis: 96_000,
      memoryBytes: 768 * GiB,
      gpus: 8,
      gpuMemoryBytes: 48 * GiB,
      costPerHour: 2 * 10.49,
      range: undefined,
    });
    assert.equal(l40s.range.startLine, lineOf(text, '- type: l40s'));
    assert.equal(l40s.range.file, SAMPLE);
    assert.equal(mem.type, 'mem-1');
    assert.equal(mem.range.startLine, lineOf(text, '- name: mem-1'));
    assert.deepEqual([cpu.type, cpu.count, cpu.cpuMillis, cpu.memoryBytes, cpu.gpus], ['cpu', 2, 32_000, 128 * GiB, 0]);
  });

  test('names, a single name with its own hostname, count 0, platform and x- keys', () => {
    const text = `x-defaults: &gpu
  cpus: 32
  memory: 256GiB
nodes:
  - type: a100
    names: [gpu-a, gpu-b]
    <<: *gpu
    gpus: 8
    gpu-memory: 80GB
    platform: linux/arm64/v8
    x-rack: r12
  - name: edge
    hostname: edge.example.com
    cpus: 4
    memory: 8G
  - type: spare
    count: 0
    cpus: 8
    memory: 32g
`;
    const inventory = readNodeInventory('n.yaml', text);
    assert.deepEqual(inventory.diagnostics, []);
    assert.deepEqual(
      inventory.nodes.map((n) => [n.name, n.hostname, n.cpuMillis, n.memoryBytes, n.gpus, n.gpuMemoryBytes, n.platform, n.type]),
      [
        ['gpu-a', undefined, 32_000, 256 * GiB, 8, 80 * GiB, { os: 'linux', arch: 'arm64' }, 'a100'],
        ['gpu-b', undefined, 32_000, 256 * GiB, 8, 80 * GiB, { os: 'linux', arch: 'arm64' }, 'a100'],
        ['edge', 'edge.example.com', 4000, 8 * GiB, 0, undefined, undefined, undefined],
      ],
    );
    assert.deepEqual(
      inventory.types.map((t) => [t.type, t.count, t.gpus]),
      [
        ['a100', 2, 16],
        ['edge', 1, 0],
        ['spare', 0, 0],
      ],
    );
  });

  test('Docker and Kubernetes units for memory, CPUs or millicores', () => {
    const cases: [cpus: string, memory: string, cpuMillis: number, memoryBytes: number][] = [
      ['8', '512m', 8000, 512 * MiB],
      ['"7.5"', '2G', 7500, 2 * GiB],
      ['7910m', '1.5g', 7910, 1.5 * GiB],
      ['0.5', '1TiB', 500, TiB],
      ['96', '32Gi', 96_000, 32 * GiB],
      ['2', '1000000000', 2000, 1e9],
      ['2', '"64 GB"', 2000, 64 * GiB],
    ];
    for (const [cpus, memory, cpuMillis, memoryBytes] of cases) {
      const inventory = readNodeInventory('n.yaml', `nodes:\n  - name: n\n    cpus: ${cpus}\n    memory: ${memory}\n`);
      assert.deepEqual(inventory.diagnostics, [], `${cpus} / ${memory}`);
      const [node] = inventory.nodes;
      assert.ok(node);
      assert.equal(node.cpuMillis, cpuMillis, cpus);
      assert.equal(node.memoryBytes, memoryBytes, memory);
    }
  });

  test('count: two is an error on that line, and the entry declares no node', () => {
    const text = `nodes:
  - type: h100
    count: two
    cpus: 96
    memory: 1TiB
  - type: cpu
    cpus: 8
    memory: 32GiB
`;
    const inventory = readNodeInventory('n.yaml', text);
    const d = only(inventory.diagnostics, 'invalid-number');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /count.*whole number.*"two"/);
    assert.deepEqual([d.range.startLine, d.range.startColumn, d.range.endLine, d.range.endColumn], [2, 11, 2, 14]);
    assert.deepEqual(
      inventory.nodes.map((n) => n.name),
      ['cpu-1'],
    );
    assert.deepEqual(
      inventory.types.map((t) => t.type),
      ['cpu'],
    );
  });

  test('missing, negative, zero and absurd numbers each get an error at their value', () => {
    const cases: [entry: string, code: string, message: RegExp][] = [
      // The value at fault is always on the entry's last line.
      ['memory: 8g\n    cpus: -4', 'out-of-range', /cpus.*-4/],
      ['memory: 8g\n    cpus: 0', 'out-of-range', /more than 0/],
      ['memory: 8g\n    cpus: 100000', 'out-of-range', /4096 CPUs/],
      ['memory: 8g\n    cpus: lots', 'invalid-number', /`lots` is not a number of CPUs/],
      ['cpus: 8\n    memory: 512', 'out-of-range', /512 bytes.*did you mean 512GiB/],
      ['cpus: 8\n    memory: 900TiB', 'out-of-range', /256 TiB/],
      ['cpus: 8\n    memory: 8 gigs', 'invalid-unit', /not a size/],
      ['cpus: 8\n    memory: 8g\n    gpus: 1.5', 'invalid-number', /gpus.*whole number/],
      ['cpus: 8\n    memory: 8g\n    gpus: -1', 'out-of-range', /gpus.*negative/],
      ['cpus: 8\n    memory: 8g\n    gpus: 1000', 'out-of-range', /at most 64/],
      ['cpus: 8\n    memory: 8g\n    gpus: 2\n    gpu-memory: 80', 'out-of-range', /80 bytes/],
      ['cpus: 8\n    memory: 8g\n    cost-per-hour: -1', 'out-of-range', /negative/],
      ['cpus: 8\n    memory: 8g\n    cost-per-hour: "$3"', 'invalid-number', /cost-per-hour.*number/],
      ['cpus: 8\n    memory: 8g\n    role: leader', 'invalid-role', /manager or worker/],
      ['cpus: 8\n    memory: 8g\n    platform: amd64', 'invalid-platform', /os\/arch/],
      ['cpus: 8\n    memory: 8g\n    labels: [gpu]', 'invalid-label', /mapping/],
      ['cpus: 8\n    memory: 8g\n    labels: { zone: [a, b] }', 'invalid-label', /list value/],
      ['cpus: 8\n    memory: 8g\n    labels: { "my zone": a }', 'invalid-label', /spaces/],
    ];
    for (const [entry, code, message] of cases) {
      const text = `nodes:\n  - name: n\n    ${entry}\n`;
      const inventory = readNodeInventory('n.yaml', text);
      const d = only(inventory.diagnostics, code);
      assert.equal(d.severity, 'error', entry);
      assert.match(d.message, message, entry);
      const badLine = entry.split('\n').length - 1 + 2;
      assert.equal(d.range.startLine, badLine, `${entry}: ${JSON.stringify(d.range)}`);
      assert.deepEqual(inventory.nodes, [], entry);
      assert.deepEqual(inventory.types, [], entry);
    }
  });

  test('a missing cpus or memory is reported on the entry’s first line', () => {
    const text = `nodes:\n  - type: big\n    count: 2\n    cpus: 8\n`;
    const inventory = readNodeInventory('n.yaml', text);
    const d = only(inventory.diagnostics, 'missing-field');
    assert.match(d.message, /memory/);
    assert.deepEqual([d.range.startLine, d.range.startColumn], [1, 4]);
    assert.deepEqual(inventory.nodes, []);
  });

  test('unknown keys warn, suggest the key meant, and the node still counts', () => {
    const text = `nodes:
  - type: l4
    cpus: 8
    memory: 32GiB
    gpus: 1
    gpu_memory: 24GiB
    ram: 32GiB
    colour: blue
flavour: x
`;
    const inventory = readNodeInventory('n.yaml', text);
    const warnings = inventory.diagnostics.filter((d) => d.code === 'unknown-key');
    assert.equal(inventory.diagnostics.length, 4, JSON.stringify(inventory.diagnostics));
    assert.ok(warnings.every((w) => w.severity === 'warning'));
    const byLine = new Map(warnings.map((w) => [w.range.startLine, w]));
    assert.match(byLine.get(lineOf(text, 'gpu_memory'))?.message ?? '', /did you mean "gpu-memory"/);
    assert.match(byLine.get(lineOf(text, 'ram:'))?.message ?? '', /did you mean "memory"/);
    assert.match(byLine.get(lineOf(text, 'colour'))?.message ?? '', /Unknown key "colour".*known: type/);
    assert.match(byLine.get(lineOf(text, 'flavour'))?.message ?? '', /in the inventory/);
    // The key itself is marked, not its value.
    assert.deepEqual(
      [byLine.get(lineOf(text, 'colour'))?.range.startColumn, byLine.get(lineOf(text, 'colour'))?.range.endColumn],
      [4, 10],
    );
    assert.deepEqual(
      inventory.nodes.map((n) => [n.name, n.gpus, n.gpuMemoryBytes]),
      [['l4-1', 1, undefined]],
    );
  });

  test('a node name declared twice is an error where it is repeated; the later entry is left out', () => {
    const text = `nodes:
  - type: gpu
    count: 3
    cpus: 8
    memory: 32GiB
  - names: [cpu-a, gpu-2]
    cpus: 4
    memory: 8GiB
  - name: cpu-b
    cpus: 4
    memory: 8GiB
  - name: cpu-b
    cpus: 2
    memory: 4GiB
`;
    const inventory = readNodeInventory('n.yaml', text);
    const errors = inventory.diagnostics.filter((d) => d.code === 'duplicate-node');
    assert.equal(errors.length, 2, JSON.stringify(inventory.diagnostics));
    assert.equal(inventory.diagnostics.length, 2);
    assert.match(errors[0]?.message ?? '', /"gpu-2" is already declared at line 3/);
    assert.deepEqual([errors[0]?.range.startLine, errors[0]?.range.startColumn], [5, 19]);
    assert.match(errors[1]?.message ?? '', /"cpu-b" is already declared at line 9/);
    assert.equal(errors[1]?.range.startLine, 11);
    assert.deepEqual(
      inventory.nodes.map((n) => n.name),
      ['gpu-1', 'gpu-2', 'gpu-3', 'cpu-b'],
    );
    assert.equal(inventory.nodes[3]?.cpuMillis, 4000, 'the first cpu-b wins');
  });

  test('a type declared twice, name with names, count against names, hostname on several nodes', () => {
    const cases: [body: string, code: string, line: number, message: RegExp][] = [
      ['- type: t\n    cpus: 1\n    memory: 1g\n  - type: t\n    names: [x]\n    cpus: 1\n    memory: 1g', 'duplicate-type', 4, /Type "t" is already declared at line 2/],
      ['- name: a\n    names: [b, c]\n    cpus: 1\n    memory: 1g', 'count-names-conflict', 2, /not both/],
      ['- type: t\n    count: 3\n    names: [b, c]\n    cpus: 1\n    memory: 1g', 'count-names-conflict', 2, /count: 3.*2 names/],
      ['- name: a\n    count: 2\n    cpus: 1\n    memory: 1g', 'count-names-conflict', 2, /use `names`/],
      ['- type: t\n    count: 2\n    hostname: h\n    cpus: 1\n    memory: 1g', 'invalid-hostname', 3, /one node/],
      ['- type: "4x L40S"\n    cpus: 1\n    memory: 1g', 'invalid-name', 1, /A type is letters/],
      ['- names: [ok, "not ok"]\n    cpus: 1\n    memory: 1g', 'invalid-name', 1, /"not ok"/],
      ['- cpus: 1\n    memory: 1g', 'missing-field', 1, /`type`.*or a `name`/],
      ['- just a string', 'invalid-node-entry', 1, /mapping/],
    ];
    for (const [body, code, line, message] of cases) {
      const inventory = readNodeInventory('n.yaml', `nodes:\n  ${body}\n`);
      const d = only(inventory.diagnostics, code);
      assert.equal(d.severity, 'error', body);
      assert.match(d.message, message, body);
      assert.equal(d.range.startLine, line, body);
    }
  });

  test('broken YAML, an empty file, and files of the wrong shape: diagnostics with positions, no nodes, no throw', () => {
    const syntax = readNodeInventory('n.yaml', 'nodes:\n  - type: a\n    cpus: [1\n');
    assert.ok(syntax.diagnostics.length > 0);
    assert.ok(syntax.diagnostics.every((d) => d.code === 'yaml-syntax' && d.severity === 'error'));
    assert.ok(syntax.diagnostics.every((d) => d.range.startLine >= 2), JSON.stringify(syntax.diagnostics));

    const duplicateKey = readNodeInventory('n.yaml', 'nodes:\n  - name: a\n    cpus: 1\n    cpus: 2\n    memory: 1g\n');
    const [first] = duplicateKey.diagnostics;
    assert.ok(first);
    assert.equal(first.code, 'yaml-syntax');
    assert.equal(first.range.startLine, 3);

    const empty = readNodeInventory('n.yaml', '# nothing yet\n');
    assert.deepEqual(
      empty.diagnostics.map((d) => [d.code, d.severity]),
      [['missing-nodes', 'warning']],
    );

    const cases: [text: string, code: string][] = [
      ['- a\n- b\n', 'invalid-inventory'],
      ['nodes: 3\n', 'invalid-inventory'],
      ['nodes:\n', 'missing-nodes'],
      ['x-only: 1\n', 'missing-nodes'],
    ];
    for (const [text, code] of cases) {
      const inventory = readNodeInventory('n.yaml', text);
      assert.equal(only(inventory.diagnostics, code).severity, 'error', text);
      assert.deepEqual(inventory.nodes, []);
    }

    // Odd inputs never throw: every prefix of the sample and some binary noise.
    const sample = readFileSync(SAMPLE, 'utf8');
    for (let end = 0; end <= sample.length; end += 7) assert.doesNotThrow(() => readNodeInventory('n.yaml', sample.slice(0, end)));
    for (const noise of ['\u0000\u0001', '&a [*a]', '*nope', 'nodes: &x [*x]', '{{{', 'nodes:\n  - <<: *missing\n']) {
      const inventory = readNodeInventory('n.yaml', noise);
      assert.ok(Array.isArray(inventory.diagnostics), noise);
    }
  });

  test('gpu-memory without gpus is a warning; the node counts', () => {
    const inventory = readNodeInventory('n.yaml', 'nodes:\n  - name: a\n    cpus: 4\n    memory: 8g\n    gpu-memory: 24GiB\n');
    const d = only(inventory.diagnostics, 'gpu-memory-without-gpus');
    assert.equal(d.severity, 'warning');
    assert.equal(d.range.startLine, 4);
    assert.equal(inventory.nodes.length, 1);
  });
});

test('a mistake in a value shared through a YAML anchor is reported where the anchor defines it', () => {
  const text = `x-gpu: &gpu
  cpus: 32
  memory: 256
nodes:
  - type: a
    <<: *gpu
  - type: b
    <<: *gpu
    memory: 128GiB
`;
  const inventory = readNodeInventory('n.yaml', text);
  const d = only(inventory.diagnostics, 'out-of-range');
  assert.deepEqual([d.range.startLine, d.range.startColumn], [2, 10]);
  assert.deepEqual(
    inventory.nodes.map((n) => [n.name, n.memoryBytes]),
    [['b-1', 128 * GiB]],
    'own keys win over merged ones',
  );
});
