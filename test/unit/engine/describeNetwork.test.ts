import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { describeNetwork } from '../../../src/core/engine/describeNetwork';

test('an internal network lists its containers by name with their addresses', () => {
  const view = describeNetwork({ Id: '53c7330d270e0c3009bc', Name: 'models', Driver: 'bridge', Scope: 'local', Internal: true }, [
    { id: '2', name: 'worker', ipv4: '172.18.0.3', attached: true },
    { id: '1', name: 'api', ipv4: '172.18.0.2', attached: true },
  ]);
  assert.equal(view.description, 'bridge · internal · 2 containers');
  assert.deepEqual(view.containers.map((c) => c.name), ['api', 'worker']);
  assert.equal(view.internal, true);
  assert.equal(view.builtIn, false);
  assert.equal(view.shortId, '53c7330d270e');
  // Markdown-escaped: it renders as "api (172.18.0.2), worker (172.18.0.3)".
  assert.ok(view.tooltip.includes('Containers: api \\(172\\.18\\.0\\.2\\), worker \\(172\\.18\\.0\\.3\\)'));
});

test('the engine’s own networks are marked built in', () => {
  assert.equal(describeNetwork({ Id: 'n', Name: 'none', Driver: 'null', Scope: 'local', Internal: false }, []).builtIn, true);
  assert.equal(describeNetwork({ Id: 'i', Name: 'ingress', Driver: 'overlay', Scope: 'swarm', Internal: false, Ingress: true }, []).builtIn, true);
  const single = describeNetwork({ Id: 'h', Name: 'host', Driver: 'host', Scope: 'local', Internal: false }, [{ id: 'x', name: 'x', ipv4: undefined, attached: true }]);
  assert.equal(single.description, 'host · 1 container');
  assert.equal(describeNetwork({ Id: 'o', Name: 'mesh', Driver: 'overlay', Scope: 'swarm', Internal: false }, []).description, 'overlay · swarm · 0 containers');
});
