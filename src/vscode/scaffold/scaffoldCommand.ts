// "Berth: Add Model Container Files…": detect, ask a few questions with detected defaults (Enter-Enter-Enter gives a
// good result), render, show a diff for every file that exists, and write everything in one undoable WorkspaceEdit.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { profileOrder, profiles } from '../../core/scaffold/profiles';
import type { ScaffoldFile } from '../../core/scaffold/scaffoldProject';
import type { ProjectDetection, ScaffoldOptions } from '../../core/scaffold/scaffoldTypes';
import { loadBundle } from '../loadBundle';
import { ReadonlyContentProvider } from '../readonlyContentProvider';

export interface ScaffoldCommandResult {
  readonly written: readonly string[];
  readonly kept: readonly string[];
  readonly cancelled: boolean;
}

const CANCELLED: ScaffoldCommandResult = { written: [], kept: [], cancelled: true };

async function pickFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) {
    const stat = await vscode.workspace.fs.stat(arg);
    return stat.type & vscode.FileType.Directory ? arg : vscode.Uri.file(path.dirname(arg.fsPath));
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]?.uri;
  if (folders.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Add model container files to which folder?' }))?.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Add Container Files' });
  return picked?.[0];
}

interface Item<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/** One QuickPick step with the default item first and active, so Enter accepts it. */
async function pick<T>(title: string, step: number, steps: number, items: Item<T>[], placeholder: string): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<Item<T>>();
  qp.title = title;
  qp.step = step;
  qp.totalSteps = steps;
  qp.placeholder = placeholder;
  qp.items = items;
  qp.ignoreFocusOut = true;
  if (items[0]) qp.activeItems = [items[0]];
  try {
    return await new Promise<T | undefined>((resolve) => {
      qp.onDidAccept(() => resolve(qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value));
      qp.onDidHide(() => resolve(undefined));
      qp.show();
    });
  } finally {
    qp.dispose();
  }
}

function describeDetection(d: ProjectDetection): string {
  const parts: string[] = [];
  if (d.requirementFiles.length) parts.push(d.requirementFiles.join(', '));
  if (d.entryPoint) parts.push(d.entryPoint);
  if (d.modelFiles.length) parts.push(`${d.modelFiles.length} model file${d.modelFiles.length === 1 ? '' : 's'}`);
  if (d.python) parts.push(`Python ${d.python.version}`);
  return parts.length ? `found ${parts.join(' · ')}` : 'nothing detected: using defaults';
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

async function ask(defaults: ScaffoldOptions, detection: ProjectDetection): Promise<ScaffoldOptions | undefined> {
  const title = 'Berth: Add Model Container Files';
  const steps = 5;
  const detected = describeDetection(detection);
  const profile = await pick(
    title,
    1,
    steps,
    [defaults.profile, ...profileOrder.filter((p) => p !== defaults.profile)].map((id, i) => ({
      label: profiles[id].label,
      description: i === 0 ? `detected · ${detected}` : undefined,
      detail: profiles[id].description,
      value: id,
    })),
    'What serves the model?',
  );
  if (!profile) return undefined;
  const spec = profiles[profile];
  let accelerator = defaults.profile === profile ? defaults.accelerator : spec.gpu === 'required' ? 'gpu' : defaults.accelerator;
  if (spec.gpu !== 'required') {
    const gpuFirst = accelerator === 'gpu';
    const gpu: Item<'gpu' | 'cpu'> = { label: 'NVIDIA GPU', description: 'CUDA base matched to the framework; GPU reserved in compose.gpu.yaml', value: 'gpu' };
    const cpu: Item<'gpu' | 'cpu'> = { label: 'CPU only', description: 'slim Python base, CPU wheels', value: 'cpu' };
    const chosen = await pick(title, 2, steps, gpuFirst ? [gpu, cpu] : [cpu, gpu], 'Where does it run?');
    if (!chosen) return undefined;
    accelerator = chosen;
  }
  const portText = await vscode.window.showInputBox({
    title,
    prompt: 'Serving port (published on 127.0.0.1 only)',
    value: String(defaults.profile === profile ? defaults.port : spec.defaultPort),
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A port number from 1 to 65535'),
  });
  if (portText === undefined) return undefined;
  const size = detection.modelFiles.reduce((s, m) => s + m.bytes, 0);
  const weights = await pick(
    title,
    4,
    steps,
    [
      { label: 'Mount from a volume', description: 'recommended: the image stays small, weights change without a rebuild', value: 'volume' as const },
      { label: 'Bake into the image', description: detection.modelFiles.length ? `adds ${formatBytes(size)} to every image` : 'copies the model folder into the image', value: 'baked' as const },
    ],
    detection.modelFiles.length ? `Where do the weights come from? (${detection.modelFiles.length} model files, ${formatBytes(size)})` : 'Where do the weights come from?',
  );
  if (!weights) return undefined;
  const platforms: Item<ScaffoldOptions['platform']>[] = [
    { label: 'linux/amd64', description: 'servers and cloud GPUs', value: 'linux/amd64' },
    { label: 'linux/arm64', description: 'edge boxes (Jetson, Graviton, Apple silicon)', value: 'linux/arm64' },
  ];
  const platform = await pick(title, 5, steps, defaults.platform === 'linux/arm64' ? platforms.reverse() : platforms, 'Target platform');
  if (!platform) return undefined;
  return { ...defaults, profile, accelerator, port: Number(portText), weights, platform };
}

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Asks about each file that exists with other content: never overwritten without a yes. */
async function confirmReplacements(
  folder: vscode.Uri,
  files: readonly ScaffoldFile[],
  existingContents: ReadonlyMap<string, string | undefined>,
  proposed: ReadonlyContentProvider,
): Promise<Set<string> | undefined> {
  const replace = new Set<string>();
  for (const file of files) {
    const uri = vscode.Uri.joinPath(folder, file.path);
    const existing = existingContents.get(file.path);
    if (existing === undefined || existing === file.content) continue;
    const proposal = proposed.set(file.path, file.content);
    await vscode.commands.executeCommand('vscode.diff', uri, proposal, `${file.path}: yours ↔ Berth's`, { preview: true });
    const choice = await vscode.window.showWarningMessage(
      `${file.path} already exists. Replace it with Berth's version (shown in the diff)?`,
      { modal: true, detail: 'Keeping yours leaves the file untouched. The replacement can be undone with Undo.' },
      'Replace',
      'Keep Mine',
    );
    if (choice === undefined) return undefined;
    if (choice === 'Replace') replace.add(file.path);
  }
  return replace;
}

export function registerScaffoldCommand(log: vscode.LogOutputChannel, berthVersion: string): vscode.Disposable {
  const proposed = new ReadonlyContentProvider('berth-proposed');
  return vscode.Disposable.from(
    proposed,
    vscode.commands.registerCommand('berth.scaffold.add', async (arg?: unknown, preset?: Partial<ScaffoldOptions>): Promise<ScaffoldCommandResult> => {
      const folder = await pickFolder(arg);
      if (!folder) return CANCELLED;
      const { detectProject, defaultScaffoldOptions, scaffoldProject } = loadBundle('scaffoldBundle');
      const detection = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Berth: reading the project' },
        () => detectProject(folder.fsPath),
      );
      for (const w of detection.warnings) log.warn(`scaffold: ${w}`);
      const entryText = detection.entryPoint ? await readIfExists(vscode.Uri.joinPath(folder, detection.entryPoint)) : undefined;
      const defaults = defaultScaffoldOptions(detection, path.basename(folder.fsPath), entryText);
      // A preset (from code or tests) skips the questions it answers.
      const options = preset ? { ...defaults, ...preset } : await ask(defaults, detection);
      if (!options) return CANCELLED;
      const result = scaffoldProject(options, berthVersion);
      for (const r of result.plan.reasons) log.info(`scaffold: ${r}`);
      for (const p of result.plan.problems) log.warn(`scaffold: ${p}`);

      // Read once: the same contents decide what to ask about and what to write.
      const existingContents = new Map<string, string | undefined>();
      for (const file of result.files) existingContents.set(file.path, await readIfExists(vscode.Uri.joinPath(folder, file.path)));
      const replace = await confirmReplacements(folder, result.files, existingContents, proposed);
      if (!replace) return CANCELLED;
      const edit = new vscode.WorkspaceEdit();
      const written: string[] = [];
      const kept: string[] = [];
      for (const file of result.files) {
        const uri = vscode.Uri.joinPath(folder, file.path);
        const existing = existingContents.get(file.path);
        if (existing === file.content) continue;
        if (existing === undefined) {
          edit.createFile(uri, { contents: new TextEncoder().encode(file.content), ignoreIfExists: false });
          written.push(file.path);
        } else if (replace.has(file.path)) {
          const doc = await vscode.workspace.openTextDocument(uri);
          edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), file.content);
          written.push(file.path);
        } else kept.push(file.path);
      }
      if (written.length > 0) {
        const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
        if (!applied) {
          const message = `Berth could not write to ${folder.fsPath}: is it read-only? Nothing was changed.`;
          log.error(message);
          void vscode.window.showErrorMessage(message);
          return { written: [], kept, cancelled: false };
        }
        await Promise.all(written.map((p) => vscode.workspace.save(vscode.Uri.joinPath(folder, p))));
      }
      log.info(`scaffold: wrote ${written.join(', ') || 'nothing'} in ${folder.fsPath}${kept.length ? `; kept yours: ${kept.join(', ')}` : ''}`);
      const dockerfile = vscode.Uri.joinPath(folder, 'Dockerfile');
      if (written.includes('Dockerfile')) await vscode.window.showTextDocument(dockerfile, { preview: false });
      const problems = result.plan.problems.length ? ` Note: ${result.plan.problems.join(' ')}` : '';
      const keptNote = kept.length ? ` Kept yours: ${kept.join(', ')}.` : '';
      void vscode.window.showInformationMessage(`Berth wrote ${written.length ? written.join(', ') : 'nothing new'}.${keptNote}${problems}`, 'Show Details').then((c) => {
        if (c) log.show(true);
      });
      return { written, kept, cancelled: false };
    }),
  );
}
