import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatPorts } from '../../../src/core/engine/formatPorts';
import { publishedPorts } from '../../../src/core/engine/publishedPorts';

test('a port bound on one address shows it; one bound everywhere shows just the numbers', () => {
  const ports = publishedPorts([
    { IP: '127.0.0.1', PrivatePort: 5000, PublicPort: 5000, Type: 'tcp' },
    { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
  ]);
  assert.equal(formatPorts(ports), '127.0.0.1:5000→5000, 8080→80');
});

test('exposed ports that are not published are left out; udp is marked', () => {
  const ports = publishedPorts([
    { PrivatePort: 9000, Type: 'tcp' },
    { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
  ]);
  assert.deepEqual(ports, [{ hostIp: undefined, hostPort: 5353, containerPort: 53, protocol: 'udp' }]);
  assert.equal(formatPorts(ports), '5353→53/udp');
});

test('IPv6 host addresses are bracketed; no ports read as an empty string', () => {
  assert.equal(formatPorts(publishedPorts([{ IP: '::1', PrivatePort: 22, PublicPort: 2222, Type: 'tcp' }])), '[::1]:2222→22');
  assert.equal(formatPorts(publishedPorts([])), '');
});
