// Berth in the real extension host: it activates, registers every command it contributes, and opens its webview.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BerthApi } from '../../../src/extension';

const EXTENSION_ID = 'berth.berth';

interface ContributedCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
}

describe('Berth in the extension host', () => {
  it('is installed and activates, returning its API', async () => {
    const extension = vscode.extensions.getExtension<BerthApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0);
  });

  it('registers every command it contributes, each titled "Berth: …"', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const contributed = (extension.packageJSON as { contributes: { commands: ContributedCommand[] } }).contributes.commands;
    assert.ok(contributed.length >= 3, 'expected at least three commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c.command)).map((c) => c.command);
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
    for (const c of contributed) {
      assert.match(c.command, /^berth\.[a-z]+\.[a-zA-Z]+$/, `command id ${c.command} is not berth.<area>.<verb>`);
      assert.equal(c.category, 'Berth', `${c.command} is not in the Berth category`);
    }
  });

  it('opens the placement preview as a webview tab, once, and reveals it on the second call', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The sample project has two compose files: name one, or the command asks which.
    const stack = vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/'), 'compose.stack.yaml');
    await vscode.commands.executeCommand('berth.plan.preview', stack);
    await vscode.commands.executeCommand('berth.plan.preview', stack);
    // The tab model is updated by the renderer after the panel is created: wait for it, briefly.
    const webviewTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
    for (let waited = 0; webviewTabs().length === 0 && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    const tabs = webviewTabs();
    const viewTypes = tabs.map((t) => (t.input as vscode.TabInputWebview).viewType);
    assert.equal(tabs.length, 1, `exactly one webview tab, found: ${viewTypes.join(', ')}`);
    assert.match(viewTypes[0] ?? '', /berth\.planPreview$/);
    assert.equal(tabs[0]?.label, 'Berth: Placement');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
