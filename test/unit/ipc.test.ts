import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createMessage, ipcNotification, isIpcMessage, isMessageOf, WebviewReadyCommand } from '../../src/protocol/ipc';

test('messages carry a scoped method and increasing ids', () => {
  const a = createMessage(WebviewReadyCommand, {});
  const b = createMessage(ipcNotification<{ n: number }>('planPreview', 'state'), { n: 1 });
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
