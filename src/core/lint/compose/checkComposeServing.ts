// Serving hygiene in compose: a model server image without a healthcheck, and a framework that needs more /dev/shm than
// Docker's 64 MB without `shm_size`.
import type { Document, YAMLMap } from 'yaml';
import { profiles } from '../../scaffold/profiles';
import { parseImageReference } from '../dockerfile/parseImageReference';
import { insertPairEdit } from './composeEdits';
import { itemsOf, pairOf, scalarText, type ComposeCheck } from './composeCheck';
import { SERVING_IMAGES } from '../servingImages';

const HEALTHCHECK = 'berth/compose-no-healthcheck';
const SHM = 'berth/shm-size-missing';

/** Shared memory per framework: the scaffolding's sizes, and TGI's documented `--shm-size 1g`. */
const SHM_BY_IMAGE: Readonly<Record<string, string | undefined>> = {
  'vllm/vllm-openai': profiles.vllm.shmSize,
  'pytorch/pytorch': profiles.pytorch.shmSize,
  'nvidia/pytorch': profiles.pytorch.shmSize,
  'nvidia/tritonserver': profiles.triton.shmSize,
  'huggingface/text-generation-inference': '1gb',
};
const SHM_BY_COMMAND: readonly [RegExp, string | undefined][] = [
  [/\bvllm\b/, profiles.vllm.shmSize],
  [/\btorchrun\b|\btorch\.distributed\b|\bdeepspeed\b|\baccelerate\s+launch\b/, profiles.pytorch.shmSize],
];

export function checkComposeServing(check: ComposeCheck): void {
  const doc = check.main.document;
  for (const service of check.services) {
    // A file that only overrides a service (no image, no build) is read together with the file it overrides.
    const hasImage = pairOf(doc, service.map, 'image') !== undefined;
    const hasBuild = pairOf(doc, service.map, 'build') !== undefined || service.elsewhere.some((e) => pairOf(e.doc, e.map, 'build'));
    if (!hasImage && !hasBuild) continue;
    const image = service.merged?.image ?? scalarText(doc, pairOf(doc, service.map, 'image')?.value);
    const repository = image === undefined ? undefined : parseImageReference(image).repository;
    const setAnywhere = (key: string): boolean => pairOf(doc, service.map, key) !== undefined || service.elsewhere.some((e) => pairOf(e.doc, e.map, key));

    // A built image may carry its own HEALTHCHECK (the Dockerfile rule looks at that).
    if (check.enabled(HEALTHCHECK) && !hasBuild && repository !== undefined && SERVING_IMAGES.has(repository) && !setAnywhere('healthcheck')) {
      check.report(
        HEALTHCHECK,
        `${service.name} runs ${repository}, which has no health check: dependants and rolling updates cannot tell when the model has loaded — add a healthcheck with a start_period`,
        service.keyRange,
      );
    }
    if (check.enabled(SHM) && !setAnywhere('shm_size') && !['host', 'shareable'].includes(scalarText(doc, pairOf(doc, service.map, 'ipc')?.value) ?? '')) {
      const size = shmSize(doc, service.map, repository);
      if (size === undefined) continue;
      const edit = insertPairEdit(check, service.map, `shm_size: ${size}`);
      check.report(
        SHM,
        `${service.name} runs a framework that needs shared memory, and Docker gives 64 MB of /dev/shm: workers die with "bus error" — set shm_size (${size})`,
        service.keyRange,
        edit ? [{ title: `Add shm_size: ${size}`, edits: [edit] }] : [],
      );
    }
  }
}

function shmSize(doc: Document, map: YAMLMap, repository: string | undefined): string | undefined {
  if (repository !== undefined && SHM_BY_IMAGE[repository] !== undefined) return SHM_BY_IMAGE[repository];
  const command = ['command', 'entrypoint'].map((k) => commandText(doc, pairOf(doc, map, k)?.value)).join(' ');
  for (const [pattern, size] of SHM_BY_COMMAND) if (pattern.test(command)) return size;
  return undefined;
}

function commandText(doc: Document, node: unknown): string {
  return [scalarText(doc, node) ?? '', ...itemsOf(doc, node).map((i) => scalarText(doc, i) ?? '')].join(' ');
}
