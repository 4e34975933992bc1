// The status bar names the engine and context in use, once Berth has resolved them; a click switches context.
import * as vscode from 'vscode';
import type { EngineSession, EngineSessionState } from './engineSession';

export function createEngineStatusBar(session: EngineSession): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('berth.engine', vscode.StatusBarAlignment.Left, 20);
  item.name = 'Berth: Docker Engine';
  item.command = 'berth.engine.switchContext';
  const render = (state: EngineSessionState): void => {
    if (state.kind === 'idle') {
      item.hide();
      return;
    }
    const connection = state.connection;
    const context = connection?.contextName ?? 'default';
    if (state.kind === 'connected') {
      item.text = `$(server-environment) ${context}`;
      item.backgroundColor = undefined;
      item.tooltip = new vscode.MarkdownString(`**Docker Engine** ${connection?.address ?? ''}  \n${connection?.sourceDetail ?? ''}  \nClick to switch context.`);
    } else {
      item.text = `$(debug-disconnect) ${context}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.tooltip = new vscode.MarkdownString(`**Docker Engine unreachable**  \n${state.problem}  \n${state.fix}`);
    }
    item.show();
  };
  const subscription = session.onDidChangeState(render);
  return vscode.Disposable.from(item, subscription);
}
