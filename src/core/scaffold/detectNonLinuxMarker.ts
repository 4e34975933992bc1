// Recognises PEP 508 environment markers that rule Linux out, so a macOS- or Windows-only pin does not decide the
// version installed in a Linux container.

const NON_LINUX_CLAUSE =
  /\b(?:sys_platform\s*==\s*['"](?:win32|darwin|cygwin)['"]|platform_system\s*==\s*['"](?:Windows|Darwin)['"]|os_name\s*==\s*['"]nt['"]|sys_platform\s*!=\s*['"]linux['"]|platform_system\s*!=\s*['"]Linux['"])/;

/**
 * True when the marker can never hold on Linux. Only `and`-joined markers are judged: with an `or` one branch may still
 * match Linux, and a full marker evaluator is not worth its weight here. Unknown variables count as "may hold".
 */
export function detectNonLinuxMarker(marker: string): boolean {
  if (/\bor\b/.test(marker)) return false;
  return NON_LINUX_CLAUSE.test(marker);
}
