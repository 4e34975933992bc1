// schemas/berth.nodes.schema.json (what the YAML extension checks as you type) against readNodeInventory (what Berth
// plans with): the sample inventory passes both, and both reject the same mistakes, except those only the reader can see.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { INVENTORY_LIMITS, readNodeInventory } from '../../../../src/core/placement/nodes/readNodeInventory';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const schema = JSON.parse(readFileSync(resolve(root, 'schemas', 'berth.nodes.schema.json'), 'utf8')) as Record<string, unknown>;
const SAMPLE = resolve(root, 'test', 'fixtures', 'sample-model-project', 'berth.nodes.yaml');

// strict: the schema uses only draft-07 keywords ajv knows. strictRequired off: `not: { required: [name, names] }` names
// properties declared beside it, not inside. allowUnionTypes for label values (string | number | boolean | null).
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(schema);

function schemaErrors(text: string): string[] {
  if (validate(parse(text))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

function readerVerdict(text: string): 'valid' | 'warning' | 'invalid' {
  const { diagnostics } = readNodeInventory('berth.nodes.yaml', text);
  if (diagnostics.some((d) => d.severity === 'error')) return 'invalid';
  return diagnostics.length > 0 ? 'warning' : 'valid';
}

const entry = (body: string) => `nodes:\n  - ${body.split('\n').join('\n    ')}\n`;

/**
 * valid: both accept. invalid: both reject. warning: the reader warns (unknown keys) and the schema flags them too.
 * reader-only: the schema cannot express it (across entries, or a size inside a string), so only the reader rejects it.
 */
const SAMPLES: [name: string, text: string, expected: 'valid' | 'invalid' | 'warning' | 'reader-only'][] = [
  ['the sample project', readFileSync(SAMPLE, 'utf8'), 'valid'],
  ['type and count', entry('type: h100\ncount: 2\ncpus: 96\nmemory: 1TiB\ngpus: 8\ngpu-memory: 80GB\nlabels: { gpu: h100, zone: a }\nrole: worker\ncost-per-hour: 100'), 'valid'],
  ['names', entry('type: a\nnames: [x, y]\ncpus: "7.5"\nmemory: 512g'), 'valid'],
  ['one name, hostname, platform, millicores, bytes', entry('name: edge\nhostname: edge.example.com\nplatform: linux/arm64\ncpus: 7910m\nmemory: 8589934592'), 'valid'],
  ['x- keys, count 0, null label', `x-note: spare capacity\nnodes:\n  - type: spare\n    count: 0\n    cpus: 8\n    memory: 32g\n    labels: { drained: }\n    x-rack: r1\n`, 'valid'],
  ['count: two', entry('type: a\ncount: two\ncpus: 8\nmemory: 8g'), 'invalid'],
  ['negative count', entry('type: a\ncount: -1\ncpus: 8\nmemory: 8g'), 'invalid'],
  ['fractional gpus', entry('name: a\ncpus: 8\nmemory: 8g\ngpus: 1.5'), 'invalid'],
  ['too many gpus', entry('name: a\ncpus: 8\nmemory: 8g\ngpus: 65'), 'invalid'],
  ['zero cpus', entry('name: a\ncpus: 0\nmemory: 8g'), 'invalid'],
  ['absurd cpus', entry('name: a\ncpus: 5000\nmemory: 8g'), 'invalid'],
  ['cpus in words', entry('name: a\ncpus: eight\nmemory: 8g'), 'invalid'],
  ['memory without a unit', entry('name: a\ncpus: 8\nmemory: 512'), 'invalid'],
  ['memory in words', entry('name: a\ncpus: 8\nmemory: 8 gigs'), 'invalid'],
  ['memory without a leading digit', entry('name: a\ncpus: 8\nmemory: .5g'), 'invalid'],
  ['i without a unit', entry('name: a\ncpus: 8\nmemory: 4096ib'), 'invalid'],
  ['gpu-memory without a unit', entry('name: a\ncpus: 8\nmemory: 8g\ngpus: 1\ngpu-memory: 80'), 'invalid'],
  ['missing memory', entry('name: a\ncpus: 8'), 'invalid'],
  ['missing type and name', entry('cpus: 8\nmemory: 8g'), 'invalid'],
  ['name and names', entry('name: a\nnames: [b]\ncpus: 8\nmemory: 8g'), 'invalid'],
  ['name with a space', entry('name: "gpu a"\ncpus: 8\nmemory: 8g'), 'invalid'],
  ['unknown role', entry('name: a\ncpus: 8\nmemory: 8g\nrole: leader'), 'invalid'],
  ['platform without arch', entry('name: a\ncpus: 8\nmemory: 8g\nplatform: linux'), 'invalid'],
  ['negative cost', entry('name: a\ncpus: 8\nmemory: 8g\ncost-per-hour: -2'), 'invalid'],
  ['label with a list value', entry('name: a\ncpus: 8\nmemory: 8g\nlabels: { zone: [a] }'), 'invalid'],
  ['nodes not a list', 'nodes: {}\n', 'invalid'],
  ['no nodes', 'x-a: 1\n', 'invalid'],
  ['unknown entry key', entry('name: a\ncpus: 8\nmemory: 8g\ngpu_memory: 24GiB'), 'warning'],
  ['unknown top-level key', `version: 1\n${entry('name: a\ncpus: 8\nmemory: 8g')}`, 'warning'],
  ['duplicate node names', `${entry('name: a\ncpus: 8\nmemory: 8g')}  - name: a\n    cpus: 4\n    memory: 4g\n`, 'reader-only'],
  ['a type twice', `${entry('type: t\ncpus: 8\nmemory: 8g')}  - type: t\n    names: [b]\n    cpus: 4\n    memory: 4g\n`, 'reader-only'],
  ['count against names', entry('type: t\ncount: 3\nnames: [a, b]\ncpus: 8\nmemory: 8g'), 'reader-only'],
  ['hostname on several nodes', entry('type: t\ncount: 2\nhostname: h\ncpus: 8\nmemory: 8g'), 'reader-only'],
  ['a size too small inside a string', entry('name: a\ncpus: 8\nmemory: 1k'), 'reader-only'],
  ['zero cpus as a string', entry('name: a\ncpus: "0"\nmemory: 8g'), 'reader-only'],
];

test('the schema is valid draft-07 and documents every entry key', () => {
  assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
  const definitions = schema.definitions as Record<string, { properties?: Record<string, { description?: string }> }>;
  const properties = definitions.nodeEntry?.properties ?? {};
  assert.deepEqual(Object.keys(properties).sort(), ['cost-per-hour', 'count', 'cpus', 'gpu-memory', 'gpus', 'hostname', 'labels', 'memory', 'name', 'names', 'platform', 'role', 'type']);
  for (const [key, property] of Object.entries(properties)) assert.ok((property.description ?? '').length > 20, `${key} has a description`);
});

test('the schema’s bounds are the reader’s', () => {
  interface Bounds {
    minimum?: number;
    maximum?: number;
    oneOf?: Bounds[];
    anyOf?: Bounds[];
  }
  const definitions = schema.definitions as { nodeEntry: { properties: Record<string, Bounds> } };
  const p = definitions.nodeEntry.properties;
  const numeric = (b: Bounds | undefined) => [...(b?.oneOf ?? []), ...(b?.anyOf ?? [])].find((x) => x.maximum !== undefined);
  assert.equal(p.count?.maximum, INVENTORY_LIMITS.count);
  assert.equal(p.gpus?.maximum, INVENTORY_LIMITS.gpus);
  assert.equal(p['cost-per-hour']?.maximum, INVENTORY_LIMITS.costPerHour);
  assert.equal(numeric(p.cpus)?.maximum, INVENTORY_LIMITS.cpus);
  assert.deepEqual([numeric(p.memory)?.minimum, numeric(p.memory)?.maximum], [INVENTORY_LIMITS.memoryMinBytes, INVENTORY_LIMITS.memoryMaxBytes]);
  assert.deepEqual([numeric(p['gpu-memory'])?.minimum, numeric(p['gpu-memory'])?.maximum], [INVENTORY_LIMITS.gpuMemoryMinBytes, INVENTORY_LIMITS.gpuMemoryMaxBytes]);
});

test('schema and reader agree on valid and invalid inventories', () => {
  for (const [name, text, expected] of SAMPLES) {
    const errors = schemaErrors(text);
    const reader = readerVerdict(text);
    const schemaAccepts = errors.length === 0;
    switch (expected) {
      case 'valid':
        assert.deepEqual(errors, [], name);
        assert.equal(reader, 'valid', `${name}: ${JSON.stringify(readNodeInventory('n', text).diagnostics)}`);
        break;
      case 'invalid':
        assert.equal(schemaAccepts, false, `${name}: the schema rejects it`);
        assert.equal(reader, 'invalid', `${name}: the reader rejects it`);
        break;
      case 'warning':
        assert.equal(schemaAccepts, false, `${name}: the schema flags it`);
        assert.equal(reader, 'warning', `${name}: the reader warns`);
        break;
      case 'reader-only':
        assert.deepEqual(errors, [], `${name}: beyond the schema`);
        assert.equal(reader, 'invalid', `${name}: the reader rejects it`);
        break;
    }
  }
});

test('the schema’s own examples are inventories the reader accepts', () => {
  const nodes = schema.properties as { nodes: { examples: unknown[][] } };
  for (const example of nodes.nodes.examples) {
    const text = JSON.stringify({ nodes: example });
    assert.deepEqual(schemaErrors(text), []);
    const inventory = readNodeInventory('example.json', text);
    assert.deepEqual(inventory.diagnostics, []);
    assert.equal(inventory.nodes.length, 3);
  }
});
