// Docker's size and CPU notations, read the way the engine reads them (`512m`, `2GB`, `1.5g`, `cpus: "0.5"`); never throws.

/** A parsed quantity, or why it could not be read. `warning` flags a form Docker itself would not take. */
export type ParsedQuantity = { readonly value: number; readonly warning?: string } | { readonly error: string };

/** Anything larger is a typo, not a machine (and would overflow Docker's int64 bytes). */
const MAX_MEMORY_BYTES = 2 ** 60;
const MAX_CPU_MILLIS = 100_000_000;

// Docker's units.RAMInBytes: b, k, m, g, t, p are binary multiples; `i` and `b` after the letter change nothing.
const MEMORY = /^(\d+(?:\.\d+)?) ?([kmgtp])?(i)?b?$/i;
const MULTIPLIER: Readonly<Record<string, number>> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** `512m`, `2G`, `2GB`, `1gb`, `1.5g`, `100k`, `2Gi`, `1024` (bytes), or a number of bytes. */
export function parseMemoryBytes(input: string | number): ParsedQuantity {
  if (typeof input === 'number') return checkedBytes(input, String(input));
  const text = input.trim();
  const match = MEMORY.exec(text);
  if (!match) return { error: `\`${input}\` is not a size; write bytes or a number with b, k, m, g, t or p (\`512m\`, \`2g\`)` };
  const [, digits = '', unit, binaryMark] = match;
  if (unit === undefined && binaryMark !== undefined) return { error: `\`${input}\` is not a size: \`i\` needs a unit before it (\`2Gi\`)` };
  return checkedBytes(Number(digits) * (unit === undefined ? 1 : (MULTIPLIER[unit.toLowerCase()] ?? 1)), input);
}

function checkedBytes(bytes: number, shown: string): ParsedQuantity {
  if (!Number.isFinite(bytes)) return { error: `\`${shown}\` is not a size` };
  if (bytes < 0) return { error: `\`${shown}\`: a size cannot be negative` };
  if (bytes > MAX_MEMORY_BYTES) return { error: `\`${shown}\` is larger than 1 EiB; check the unit` };
  return { value: Math.round(bytes) };
}

const CORES = /^(\d+(?:\.\d*)?|\.\d+)$/;
const MILLICORES = /^(\d+)m$/;

/** Cores as Docker writes them (`1.5`, `"0.5"`, `2`) in thousandths of a core; Kubernetes' `500m` is read with a warning. */
export function parseCpuMillis(input: string | number): ParsedQuantity {
  if (typeof input === 'number') return checkedMillis(input * 1000, String(input));
  const text = input.trim();
  if (CORES.test(text)) return checkedMillis(Number(text) * 1000, input);
  const millis = MILLICORES.exec(text);
  if (millis) {
    const checked = checkedMillis(Number(millis[1]), input);
    if ('error' in checked) return checked;
    const cores = checked.value / 1000;
    return { value: checked.value, warning: `\`${input}\` is Kubernetes notation; compose expects cores (\`${cores}\`)` };
  }
  if (text.startsWith('-')) return { error: `\`${input}\`: CPUs cannot be negative` };
  return { error: `\`${input}\` is not a number of CPUs; write cores, e.g. \`0.5\` or \`2\`` };
}

function checkedMillis(millis: number, shown: string): ParsedQuantity {
  if (!Number.isFinite(millis)) return { error: `\`${shown}\` is not a number of CPUs` };
  if (millis < 0) return { error: `\`${shown}\`: CPUs cannot be negative` };
  if (millis > MAX_CPU_MILLIS) return { error: `\`${shown}\` CPUs is more than any machine has; check the value` };
  return { value: Math.round(millis) };
}
