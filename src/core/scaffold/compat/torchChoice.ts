// Turns a torch wheel row into the TorchChoice the renderers take (undefined where the table has null).
import type { TorchChoice } from '../scaffoldTypes';
import type { TorchWheel } from './torchWheels';

export function torchChoice(row: TorchWheel): TorchChoice {
  return {
    torch: row.torch,
    torchvision: row.torchvision ?? undefined,
    torchaudio: row.torchaudio ?? undefined,
    variant: row.variant,
    cuda: row.cuda ?? undefined,
    indexUrl: row.indexUrl,
    pythons: row.pythons,
  };
}
