// Kubernetes resource quantities (`7910m`, `8`, `32Gi`, `32986188Ki`, `1e9`, `64G`) as plain numbers, following the
// serialization format of k8s.io/apimachinery/pkg/api/resource.Quantity.

const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
// A decimal exponent needs digits after the `e`, so `2E` is 2 exa and `2e3` is 2000.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;

/** The quantity in base units (cores, bytes, devices), or undefined when it is not a quantity. */
export function parseQuantity(input: unknown): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? input : undefined;
  if (typeof input !== 'string') return undefined;
  const match = QUANTITY.exec(input.trim());
  if (!match) return undefined;
  const [, number, binary, exponent, decimal] = match;
  const value = Number(number);
  if (binary) return value * (BINARY[binary] ?? 1);
  if (exponent !== undefined) return value * 10 ** Number(exponent);
  return value * (DECIMAL[decimal ?? ''] ?? 1);
}
