// The pinned serving and tool images from data/servingImages.json.
import servingImages from './data/servingImages.json';

export interface ServingImageRow {
  readonly id: string;
  readonly image: string;
  readonly tag?: string;
  readonly gpuTag?: string;
  readonly tagTemplate?: string;
  readonly platforms: readonly string[];
  readonly source: string;
  readonly date: string;
}

export const servingImageRows: readonly ServingImageRow[] = servingImages.rows;

export function servingImage(id: string): ServingImageRow {
  const row = servingImageRows.find((r) => r.id === id);
  if (!row) throw new Error(`no serving image "${id}" in data/servingImages.json`);
  return row;
}

/** `image:tag` for a row; `python` rows take the Python version, GPU rows their GPU tag. */
export function servingImageRef(id: string, opts: { readonly python?: string; readonly gpu?: boolean } = {}): string {
  const row = servingImage(id);
  if (row.tagTemplate) return `${row.image}:${row.tagTemplate.replace('{python}', opts.python ?? '3.11')}`;
  const tag = opts.gpu && row.gpuTag ? row.gpuTag : row.tag;
  if (!tag) throw new Error(`serving image "${id}" has no tag`);
  return `${row.image}:${tag}`;
}
