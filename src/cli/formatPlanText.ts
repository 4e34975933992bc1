// A plan as a terminal reads it: the headline figures, a row per node with what it gives and what it hosts, then what was left out.
import type { Plan, PlacementProblem } from '../core/placement/placementProblem';
import type { PlanPreviewResource } from '../protocol/planPreview';
import { previewNodes } from '../protocol/planPreviewStateFrom';

function number(value: number, maximumFractionDigits: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits });
}

function objectiveLine(plan: Plan): string {
  const value = plan.objective === 'spread' ? `${(plan.objectiveValue * 100).toFixed(1)} % highest utilisation` : plan.objective === 'priority' ? `priority ${plan.objectiveValue}` : `cost ${plan.objectiveValue}`;
  const bound = plan.objective === 'spread' ? `${(plan.bound * 100).toFixed(1)} %` : String(Math.round(plan.bound * 1000) / 1000);
  return `${plan.objective}: ${plan.status}, ${value}, bound ${bound}, gap ${(plan.gap * 100).toFixed(2)} %, ${Math.round(plan.solveMillis)} ms (${plan.stages.join(' → ')})`;
}

function pad(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

export function formatPlanText(problem: PlacementProblem, plan: Plan): string {
  const rows: string[][] = [['NODE', 'CPU', 'MEMORY GiB', 'GPU', 'SERVICES']];
  // The preview's bars: one account of what each service takes of a node (`gpus: 'all'` included).
  for (const node of previewNodes(problem, plan)) {
    const bar = (resource: PlanPreviewResource) => node.bars.find((b) => b.resource === resource);
    const figure = (resource: PlanPreviewResource, digits: number) =>
      `${number(bar(resource)?.used ?? 0, digits)}/${number(bar(resource)?.capacity ?? 0, digits)}`;
    const here = plan.assignments.filter((a) => a.node === node.name && a.replicas > 0);
    rows.push([
      node.name,
      figure('cpu', 2),
      figure('memory', 1),
      figure('gpu', 0),
      here.length ? here.map((a) => `${a.service} ×${a.replicas}`).join(', ') : '—',
    ]);
  }
  const lines = [objectiveLine(plan), '', ...pad(rows)];
  if (plan.unplaced.length) {
    lines.push('', 'Left out:');
    for (const u of plan.unplaced) lines.push(`  ${u.service} ×${u.replicas}: ${u.reason}`);
  }
  if (plan.explanation?.length) {
    lines.push('', 'Why:');
    for (const e of plan.explanation) lines.push(`  ${e}`);
  }
  return `${lines.join('\n')}\n`;
}
