// Numbers as people read them in the preview: "12 cores", "1 GPU", "7.5 GiB", "3.2 %", "850 ms".
export function formatQuantity(amount: number, unit: string): string {
  const digits = unit === 'GPUs' ? 0 : Math.abs(amount) < 10 ? 2 : 1;
  const number = amount.toLocaleString('en-US', { maximumFractionDigits: digits });
  // "1 core", "1 GPU"; "GiB" and "%" have no plural.
  const label = amount === 1 && (unit === 'cores' || unit === 'GPUs' || unit === 'nodes') ? unit.slice(0, -1) : unit;
  return label === '%' ? `${number} %` : `${number} ${label}`;
}
