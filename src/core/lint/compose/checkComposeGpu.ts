// GPU reservations that cannot work (count with device_ids, no capabilities, more GPUs than any node has), a GPU the
// main file demands of every machine, and GPU services without a memory limit.
import { isMap, type Document, type Pair, type YAMLMap } from 'yaml';
import { deletePairEdit, insertPairEdit } from './composeEdits';
import { itemsOf, mapAt, pairOf, resolveNode, scalarText, seqAt, type ComposeCheck, type RawService } from './composeCheck';

const BOTH = 'berth/gpu-count-and-device-ids';
const CAPABILITIES = 'berth/gpu-capabilities-missing';
const EXCEEDS = 'berth/gpu-count-exceeds-nodes';
const NO_OVERRIDE = 'berth/gpu-without-cpu-override';
const NO_MEMORY_LIMIT = 'berth/gpu-no-memory-limit';

export function checkComposeGpu(check: ComposeCheck): void {
  const doc = check.main.document;
  const nodes = check.context.nodes ?? [];
  const largest = nodes.length > 0 ? nodes.reduce((best, n) => (n.gpus > best.gpus ? n : best)) : undefined;
  for (const service of check.services) {
    const devices = (seqAt(doc, mapAt(doc, service.map, 'deploy', 'resources', 'reservations'), 'devices')?.items ?? [])
      .map((item) => resolveNode(doc, item))
      .filter((item): item is YAMLMap => isMap(item));
    const gpusPair = pairOf(doc, service.map, 'gpus');
    const gpusValue = resolveNode(doc, gpusPair?.value);
    const gpuRequests = itemsOf(doc, gpusValue).filter((i): i is YAMLMap => isMap(i));
    let asksForGpu: Pair | YAMLMap | undefined;

    for (const device of devices) {
      const capabilities = pairOf(doc, device, 'capabilities');
      const caps = itemsOf(doc, capabilities?.value).map((c) => scalarText(doc, c));
      if (caps.includes('gpu') || scalarText(doc, pairOf(doc, device, 'driver')?.value) === 'nvidia') asksForGpu ??= device;
      if (!capabilities && check.enabled(CAPABILITIES)) {
        const edit = insertPairEdit(check, device, 'capabilities: [gpu]');
        check.report(
          CAPABILITIES,
          `${service.name}: a device reservation without capabilities gets no GPU (compose requires them) — add capabilities: [gpu]`,
          check.rangeOf(device),
          edit ? [{ title: 'Add capabilities: [gpu]', edits: [edit] }] : [],
        );
      }
    }
    for (const request of [...devices, ...gpuRequests]) checkRequest(check, doc, service, request, largest);
    if (gpusPair) asksForGpu ??= gpusPair;
    const runtime = pairOf(doc, service.map, 'runtime');
    if (runtime && scalarText(doc, runtime.value) === 'nvidia') asksForGpu ??= runtime;

    if (asksForGpu && check.context.hasGpuOverrideFile === false && check.enabled(NO_OVERRIDE)) {
      check.report(
        NO_OVERRIDE,
        `${service.name} reserves a GPU in the main compose file, so the project does not start on a machine without one — move the reservation to compose.gpu.yaml and start with -f compose.yaml -f compose.gpu.yaml`,
        check.rangeOf(asksForGpu),
      );
    }
    // A file that only overrides a service (no image, no build) leaves its limits to the file it extends.
    const complete = ['image', 'build', 'extends'].some((k) => pairOf(doc, service.map, k));
    if (complete && service.merged?.gpu && service.merged.memoryLimitBytes === undefined && check.enabled(NO_MEMORY_LIMIT)) {
      check.report(
        NO_MEMORY_LIMIT,
        `${service.name} uses a GPU but has no memory limit: loading a model can take all host memory, and the OOM killer then picks any process — set deploy.resources.limits.memory`,
        service.keyRange,
      );
    }
  }
}

function checkRequest(check: ComposeCheck, doc: Document, service: RawService, request: YAMLMap, largest: { name: string; gpus: number } | undefined): void {
  const count = pairOf(doc, request, 'count');
  const ids = pairOf(doc, request, 'device_ids');
  if (count && ids && check.enabled(BOTH)) {
    const edit = request.items.includes(count) ? deletePairEdit(check, request, count) : undefined;
    check.report(
      BOTH,
      `${service.name}: count and device_ids cannot both be set (compose refuses the file) — keep device_ids to pin GPUs, or count to take any`,
      check.rangeOf(count),
      edit ? [{ title: 'Remove count (keep device_ids)', edits: [edit] }] : [],
    );
  }
  if (!largest || !check.enabled(EXCEEDS)) return;
  const idCount = ids ? itemsOf(doc, ids.value).length : undefined;
  const written = scalarText(doc, count?.value)?.trim();
  const asked = idCount ?? (written !== undefined && /^\d+$/.test(written) ? Number(written) : undefined);
  if (asked === undefined || asked <= largest.gpus) return;
  const where = ids ?? count;
  if (!where) return;
  const most = largest.gpus === 0 ? 'no node in the inventory has a GPU' : `the largest node in the inventory (${largest.name}) has ${largest.gpus}`;
  check.report(EXCEEDS, `${service.name} asks for ${asked} GPUs per replica, but ${most}: it can never start`, check.rangeOf(where));
}
