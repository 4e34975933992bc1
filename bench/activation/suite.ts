// Runs inside the real extension host (as an extensionTestsPath): activates the reference extension and Berth,
// each for the first time in this host, and prints the wall time of each activate() (module load included).
import * as vscode from 'vscode';

interface Activated {
  readonly activationMs?: number;
}

async function timeActivation(id: string): Promise<{ wallMs: number; insideMs: number }> {
  const extension = vscode.extensions.getExtension<Activated>(id);
  if (!extension) throw new Error(`${id} is not loaded`);
  if (extension.isActive) throw new Error(`${id} was already active: the measurement would be empty`);
  const started = performance.now();
  const api = await extension.activate();
  return { wallMs: performance.now() - started, insideMs: api.activationMs ?? Number.NaN };
}

export async function run(): Promise<void> {
  // Alternate the order between runs so that neither side always pays for a cold host.
  const order = process.env.BERTH_BENCH_ORDER === 'berth-first' ? ['berth.berth', 'berth.berth-bench-reference'] : ['berth.berth-bench-reference', 'berth.berth'];
  const results: Record<string, { wallMs: number; insideMs: number }> = {};
  for (const id of order) results[id] = await timeActivation(id);
  console.log(`BERTH-BENCH ${JSON.stringify({ appName: vscode.env.appName, version: vscode.version, results })}`);
}
