// Lints compose files read by readCompose: security, GPU reservations that cannot work, serving hygiene. Findings point
// into the first (main) file only; the other files read with it (overrides, `extends` targets) count as context.
import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import type { ComposeReadResult } from '../compose/readCompose';
import { rangeOf } from '../compose/rangeOf';
import type { NodeCapacity } from '../placement/placementProblem';
import { checkComposeGpu } from './compose/checkComposeGpu';
import { checkComposeSecurity } from './compose/checkComposeSecurity';
import { checkComposeServing } from './compose/checkComposeServing';
import { mapAt, resolveNode, scalarText, type ComposeCheck, type RawService } from './compose/composeCheck';
import type { Finding, FindingRange } from './finding';
import { makeFinding } from './makeFinding';
import { readSuppressions } from './readSuppressions';

export interface ComposeLintContext {
  /** The node inventory, for `berth/gpu-count-exceeds-nodes`; without it that rule is quiet. */
  readonly nodes?: readonly NodeCapacity[];
  /** Whether a GPU override file (compose.gpu.yaml) sits beside the main file; undefined: unknown, rule quiet. */
  readonly hasGpuOverrideFile?: boolean;
  readonly disabledRules?: ReadonlySet<string>;
}

/** Compose files are a few KiB; a bigger one is not worth holding the editor for. */
export const MAX_COMPOSE_CHARS = 1024 * 1024;

const NOT_LINTED = 'berth/compose-not-linted';

export function lintCompose(result: ComposeReadResult, context: ComposeLintContext): Finding[] {
  const main = result.documents[0];
  if (!main) return [];
  const disabled = context.disabledRules ?? new Set<string>();
  // Suppression comments and line-exact edits need the text the reader parsed.
  const text = main.text;
  const size = text.length;
  if (size > MAX_COMPOSE_CHARS) {
    if (disabled.has(NOT_LINTED)) return [];
    const message = `Berth did not lint this file: it is ${Math.round(size / 1024)} KiB, above the ${MAX_COMPOSE_CHARS / 1024} KiB Berth lints`;
    return [makeFinding(NOT_LINTED, message, { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 }, undefined, main.path)];
  }

  const toRange = (r: { startLine: number; startColumn: number; endLine: number; endColumn: number }): FindingRange => ({
    startLine: r.startLine,
    startColumn: r.startColumn,
    endLine: r.endLine,
    endColumn: r.endColumn,
  });
  const services: RawService[] = [];
  const rootOf = (doc: Document): YAMLMap | undefined => (isMap(doc.contents) ? doc.contents : undefined);
  const servicesNode = mapAt(main.document, rootOf(main.document), 'services');
  const others = result.documents.slice(1);
  for (const pair of servicesNode?.items ?? []) {
    const name = isScalar(pair.key) ? scalarText(main.document, pair.key) : undefined;
    const map = resolveNode(main.document, pair.value);
    if (name === undefined || !isMap(map)) continue;
    const elsewhere: { doc: Document; map: YAMLMap }[] = [];
    for (const other of others) {
      const otherServices = mapAt(other.document, rootOf(other.document), 'services');
      const found = mapAt(other.document, otherServices, name);
      if (found) elsewhere.push({ doc: other.document, map: found });
    }
    services.push({
      name,
      keyRange: toRange(rangeOf(main, pair.key as Parameters<typeof rangeOf>[1])),
      map,
      merged: result.workload.services.find((s) => s.name === name),
      elsewhere,
    });
  }

  const suppressions = readSuppressions(text.split(/\r\n|\r|\n/));
  // A `# berth-ignore` above a service covers the whole service, as above an instruction in a Dockerfile.
  const serviceStart = (line: number): number => {
    let found = line;
    for (const s of services) if (s.keyRange.startLine <= line) found = s.keyRange.startLine;
    return found;
  };
  const findings: Finding[] = [];
  const check: ComposeCheck = {
    main,
    text,
    context,
    services,
    enabled: (ruleId) => !disabled.has(ruleId),
    report: (ruleId, message, range, fixes) => {
      if (disabled.has(ruleId) || suppressions.isSuppressed(ruleId, [range.startLine, serviceStart(range.startLine)])) return;
      findings.push(makeFinding(ruleId, message, range, fixes, main.path));
    },
    rangeOf: (node) => toRange(rangeOf(main, node)),
    position: (offset) => {
      const p = main.lineCounter.linePos(offset);
      return { line: Math.max(0, p.line - 1), column: Math.max(0, p.col - 1) };
    },
  };
  checkComposeSecurity(check);
  checkComposeGpu(check);
  checkComposeServing(check);
  return findings;
}
