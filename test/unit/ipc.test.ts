import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createMessage, isIpcMessage, isMessageOf, WebviewReadyCommand } from '../../src/protocol/ipc';
import { isPlanPreviewState, PlanPreviewStateNotification } from '../../src/protocol/planPreview';

test('messages carry a scoped method and increasing ids', () => {
  const a = createMessage(WebviewReadyCommand, {});
  const b = createMessage(PlanPreviewStateNotification, { berthVersion: '0.1.0', title: 't', source: 's', services: [], nodes: [] });
  assert.equal(a.method, 'webview/ready');
  assert.equal(b.method, 'planPreview/state');
  assert.ok(b.id > a.id);
  assert.ok(isMessageOf(WebviewReadyCommand, a));
  assert.ok(!isMessageOf(WebviewReadyCommand, b));
});

test('anything that is not an IPC message is rejected', () => {
  for (const value of [null, undefined, 'webview/ready', 42, {}, { id: '1', method: 'x', params: {} }, { id: 1, method: 'x' }]) {
    assert.equal(isIpcMessage(value), false, JSON.stringify(value));
  }
  assert.equal(isIpcMessage({ id: 1, method: 'webview/ready', params: {} }), true);
});

test('plan preview state is validated before it is rendered', () => {
  assert.equal(isPlanPreviewState({ berthVersion: '0.1.0', title: 't', source: 's', services: [], nodes: [] }), true);
  assert.equal(isPlanPreviewState({ berthVersion: 1, title: 't', source: 's', services: [], nodes: [] }), false);
  assert.equal(isPlanPreviewState({ berthVersion: '0.1.0', title: 't', source: 's', services: {}, nodes: [] }), false);
});
