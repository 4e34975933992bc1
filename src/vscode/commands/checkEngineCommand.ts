// "Berth: Check Docker Engine": one round trip to the engine, with a clear answer either way.
import * as vscode from 'vscode';
import { checkEngine, type EngineReport } from '../../core/engine/checkEngine';
import { describeEngineError } from '../../core/engine/describeEngineError';
import { ConnectionError } from '../../core/engine/resolveConnection';
import type { EngineSession } from '../engine/engineSession';

export interface CheckEngineResult {
  readonly ok: boolean;
  readonly address: string;
  readonly report?: EngineReport;
  readonly problem?: string;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

async function showProblem(summary: string, advice: string, log: vscode.LogOutputChannel): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`${summary} ${advice}`, 'Switch Context', 'Open Settings', 'Show Output');
  if (choice === 'Switch Context') await vscode.commands.executeCommand('berth.engine.switchContext');
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'berth.docker');
  if (choice === 'Show Output') log.show(true);
}

export function registerCheckEngineCommand(session: EngineSession, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('berth.engine.check', async (): Promise<CheckEngineResult> => {
    let engine;
    try {
      engine = await session.connect();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const fix = error instanceof ConnectionError ? error.fix : 'Check the berth.docker settings, DOCKER_HOST and DOCKER_CONTEXT.';
      log.error(`${message} ${fix}`);
      void showProblem(message, fix, log);
      return { ok: false, address: '', problem: message };
    }
    const { docker, connection } = engine;
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Berth: contacting ${connection.address}` },
        () => checkEngine(docker),
      );
      const swarm = report.swarm === 'active' ? ', swarm active' : '';
      const line = `Docker Engine ${report.serverVersion} (API ${report.apiVersion}, ${report.os}/${report.arch}${swarm}) at ${connection.address}, ${connection.sourceDetail}: ${count(report.containersRunning, 'running container')}, ${count(report.images, 'image')}.`;
      log.info(line);
      void vscode.window.showInformationMessage(line);
      return { ok: true, address: connection.address, report };
    } catch (error) {
      const problem = describeEngineError(error, { address: connection.address, source: connection.source, sourceDetail: connection.sourceDetail });
      log.error(`${problem.summary} ${problem.advice}`, error instanceof Error ? error : undefined);
      void showProblem(problem.summary, problem.advice, log);
      return { ok: false, address: connection.address, problem: problem.summary };
    }
  });
}
