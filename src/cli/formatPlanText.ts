// A plan as a terminal reads it: the headline figures, a row per node with what it gives and what it hosts, then what was left out.
import type { NodeCapacity, Plan, PlacementProblem, ServiceDemand } from '../core/placement/placementProblem';

const GiB = 1024 ** 3;

function cores(millis: number): string {
  return (millis / 1000).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function gib(bytes: number): string {
  return (bytes / GiB).toLocaleString('en-US', { maximumFractionDigits: 1 });
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

function gpusOf(service: ServiceDemand, node: NodeCapacity): number {
  return service.gpus === 'all' ? node.gpus : service.gpus;
}

export function formatPlanText(problem: PlacementProblem, plan: Plan): string {
  const services = new Map(problem.services.map((s) => [s.name, s]));
  const rows: string[][] = [['NODE', 'CPU', 'MEMORY GiB', 'GPU', 'SERVICES']];
  for (const node of problem.nodes) {
    const here = plan.assignments.filter((a) => a.node === node.name && a.replicas > 0);
    let cpu = 0;
    let memory = 0;
    let gpus = 0;
    for (const a of here) {
      const s = services.get(a.service);
      if (!s) continue;
      cpu += s.cpuMillis * a.replicas;
      memory += s.memoryBytes * a.replicas;
      gpus += gpusOf(s, node) * a.replicas;
    }
    rows.push([
      node.name,
      `${cores(cpu)}/${cores(node.cpuMillis)}`,
      `${gib(memory)}/${gib(node.memoryBytes)}`,
      `${gpus}/${node.gpus}`,
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
