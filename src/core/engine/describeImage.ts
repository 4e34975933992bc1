// One image from the list call as tree-ready data: tags, size, age, whether it is dangling and how many containers use it.
import type Docker from 'dockerode';
import { escapeMarkdown } from './escapeMarkdown';
import { formatAge } from './formatAge';
import { formatBytes } from './formatBytes';
import type { TreeIcon } from './treeIcon';

export interface ImageTag {
  /** `localhost:5000/team/model`: everything before the tag, registry port included. */
  readonly repository: string;
  readonly tag: string;
}

export interface ImageView {
  readonly id: string;
  readonly shortId: string;
  /** Each reference split into repository and tag, in the engine's order. */
  readonly tags: readonly ImageTag[];
  /** The references as `docker images` shows them (`repo:tag`), without the engine's `<none>:<none>` placeholder. */
  readonly repoTags: readonly string[];
  readonly sizeBytes: number;
  readonly createdMs: number;
  /** No tag at all: what `docker image prune` removes. */
  readonly dangling: boolean;
  /** Containers (any state) created from this image. */
  readonly inUseBy: number;
  readonly label: string;
  /** `1.2 GB · 3 days ago` */
  readonly description: string;
  readonly icon: TreeIcon;
  /** Markdown, one fact a line. */
  readonly tooltip: readonly string[];
}

export type ImageInfoLike = Pick<Docker.ImageInfo, 'Id' | 'Created' | 'Size'> & { readonly RepoTags?: readonly string[] | null };

/** `inUseBy` comes from the container list: the image list reports Containers as -1 unless asked for costly disk usage. */
export function describeImage(info: ImageInfoLike, inUseBy: number, nowMs: number): ImageView {
  const repoTags = (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>' && t !== '');
  const tags = repoTags.map(splitReference);
  const shortId = info.Id.replace(/^sha256:/, '').slice(0, 12);
  const dangling = repoTags.length === 0;
  const sizeBytes = Math.max(0, info.Size);
  const createdMs = info.Created * 1000;
  const label = repoTags[0] ?? `<none> ${shortId}`;
  const used = inUseBy > 0 ? ` · ${inUseBy === 1 ? '1 container' : `${inUseBy} containers`}` : '';
  return {
    id: info.Id,
    shortId,
    tags,
    repoTags,
    sizeBytes,
    createdMs,
    dangling,
    inUseBy,
    label,
    description: `${formatBytes(sizeBytes)} · ${formatAge(createdMs, nowMs)}${used}`,
    icon: dangling ? { id: 'package', color: 'disabledForeground' } : inUseBy > 0 ? { id: 'package', color: 'charts.green' } : { id: 'package' },
    tooltip: [
      dangling ? `**${escapeMarkdown('<none>')}** (dangling)` : repoTags.map((t) => `**${escapeMarkdown(t)}**`).join(', '),
      `Size: ${formatBytes(sizeBytes)}`,
      `Created: ${formatAge(createdMs, nowMs)}`,
      `Used by: ${inUseBy === 1 ? '1 container' : `${inUseBy} containers`}`,
      `ID: \`${shortId}\``,
    ],
  };
}

/** The tag follows the last ':' after the last '/', so a registry port (`localhost:5000/x`) stays in the repository. */
function splitReference(reference: string): ImageTag {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repository: reference, tag: 'latest' };
}
