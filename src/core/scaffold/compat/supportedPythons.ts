// The Pythons a framework has builds for in Berth's tables, for offering a Python the wheels exist for.
import { compare } from '@renovatebot/pep440';
import type { Accelerator } from '../scaffoldTypes';
import { tensorflowBuilds } from './tensorflowBuilds';
import { torchWheels } from './torchWheels';

/** major.minor, ascending; with an accelerator, only the Pythons of torch's cpu or CUDA wheels. */
export function supportedPythons(framework: 'torch' | 'tensorflow', accelerator?: Accelerator): readonly string[] {
  const lists =
    framework === 'tensorflow'
      ? tensorflowBuilds.map((b) => b.pythons)
      : torchWheels.filter((r) => accelerator === undefined || (accelerator === 'gpu') === (r.cuda !== null)).map((r) => r.pythons);
  return [...new Set(lists.flat())].sort((a, b) => compare(a, b));
}
