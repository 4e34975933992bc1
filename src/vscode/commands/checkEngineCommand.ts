// "Berth: Check Docker Engine": one round trip to the engine, with a clear answer either way.
import * as vscode from 'vscode';
import { checkEngine, type EngineReport } from '../../core/engine/checkEngine';
import { describeEngineError } from '../../core/engine/describeEngineError';
import { EngineAddressError } from '../../core/engine/engineAddress';
import type { DockerClientProvider } from '../engine/dockerClientProvider';

export interface CheckEngineResult {
  readonly ok: boolean;
  readonly address: string;
  readonly report?: EngineReport;
  readonly problem?: string;
}

export function registerCheckEngineCommand(clients: DockerClientProvider, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('berth.engine.check', async (): Promise<CheckEngineResult> => {
    let connection;
    try {
      connection = clients.get();
    } catch (error) {
      const message = error instanceof EngineAddressError ? error.message : String(error);
      log.error(message);
      void showProblem(message, 'Fix the berth.docker.host setting or DOCKER_HOST.', log);
      return { ok: false, address: error instanceof EngineAddressError ? error.address : '', problem: message };
    }
    const { docker, where } = connection;
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Berth: contacting ${where.address}` },
        () => checkEngine(docker),
      );
      const swarm = report.swarm === 'active' ? ', swarm active' : '';
      const line = `Docker Engine ${report.serverVersion} (API ${report.apiVersion}, ${report.os}/${report.arch}${swarm}) at ${where.address}: ${count(report.containersRunning, 'running container')}, ${count(report.images, 'image')}.`;
      log.info(line);
      void vscode.window.showInformationMessage(line);
      return { ok: true, address: where.address, report };
    } catch (error) {
      const problem = describeEngineError(error, where);
      log.error(`${problem.summary} ${problem.advice}`, error instanceof Error ? error : undefined);
      void showProblem(problem.summary, problem.advice, log);
      return { ok: false, address: where.address, problem: problem.summary };
    }
  });
}

async function showProblem(summary: string, advice: string, log: vscode.LogOutputChannel): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`${summary} ${advice}`, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'berth.docker.host');
  if (choice === 'Show Output') log.show(true);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
