// Picks the nvidia/cuda tag for a CUDA version and image flavor from the tags known to exist.
import { compare } from '@renovatebot/pep440';
import type { CudaBaseImage } from '../scaffoldTypes';
import { cudaImages } from './cudaImages';

/** The Ubuntu of most current nvidia/cuda tags, and of the CUDA 11.7–13.x range that torch wheels target. */
const PREFERRED_UBUNTU = '22.04';

export interface CudaBaseImageOptions {
  readonly flavor: CudaBaseImage['flavor'];
  readonly cudnn: boolean;
  /** Required when given; otherwise 22.04 is preferred and the newest Ubuntu the version has is the fallback. */
  readonly ubuntu?: string;
}

/**
 * The newest tag of a CUDA minor ('12.4': any 12.4.x) or the exact patch ('12.4.1') with the flavor, cuDNN and
 * Ubuntu asked for; undefined when nvidia/cuda publishes no such tag.
 */
export function cudaBaseImage(cuda: string, opts: CudaBaseImageOptions): CudaBaseImage | undefined {
  const wanted = cuda.trim();
  const parts = wanted.split('.');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => /^\d+$/.test(p))) return undefined;
  const minor = `${parts[0] ?? ''}.${parts[1] ?? ''}`;
  const matchesVersion = (v: string) => (parts.length === 3 ? v === wanted : v === minor || v.startsWith(`${minor}.`));
  const fits = cudaImages.filter((r) => r.flavor === opts.flavor && (r.cudnn !== undefined) === opts.cudnn && matchesVersion(r.cuda));
  const onUbuntu = fits.filter((r) => r.ubuntu === (opts.ubuntu ?? PREFERRED_UBUNTU));
  const pool = onUbuntu.length > 0 || opts.ubuntu !== undefined ? onUbuntu : fits;
  let best = pool[0];
  for (const r of pool) {
    if (best === undefined || compare(r.cuda, best.cuda) > 0 || (r.cuda === best.cuda && compare(r.ubuntu, best.ubuntu) > 0)) best = r;
  }
  if (best === undefined) return undefined;
  return { image: best.image, cuda: best.cuda, cudnn: best.cudnn, flavor: best.flavor, ubuntu: best.ubuntu };
}
