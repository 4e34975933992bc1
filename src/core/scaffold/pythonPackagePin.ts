// Pins for packages Berth writes into a generated requirements.txt (data/pythonPackages.json).
import pythonPackages from './data/pythonPackages.json';

interface PackageRow {
  readonly name: string;
  readonly version: string;
  readonly extras?: readonly string[];
  readonly source: string;
  readonly date: string;
}

export const pythonPackageRows: readonly PackageRow[] = pythonPackages.rows;

/** `uvicorn[standard]==0.32.1`, or undefined when Berth has no pin for the package. */
export function pythonPackagePin(name: string): string | undefined {
  const row = pythonPackageRows.find((r) => r.name === name);
  if (!row) return undefined;
  const extras = row.extras?.length ? `[${row.extras.join(',')}]` : '';
  return `${row.name}${extras}==${row.version}`;
}
