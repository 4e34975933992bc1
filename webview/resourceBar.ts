// One resource of one node as a stacked bar: a segment per service in that service's colour, the figures beside it,
// and the whole breakdown as text for screen readers ("CPU 12 of 16 cores: vllm 8, gateway 4").
import type { PlanPreviewBar, PlanPreviewResource } from '../src/protocol/planPreview';
import { el } from './dom';
import { formatQuantity } from './formatQuantity';

export const RESOURCE_LABELS: Readonly<Record<PlanPreviewResource, string>> = {
  cpu: 'CPU',
  memory: 'Memory',
  gpu: 'GPUs',
  gpuMemory: 'GPU memory',
};

/** `seriesClass` gives the CSS class that colours a service (the same in every bar and in the legend). */
export function resourceBar(node: string, bar: PlanPreviewBar, seriesClass: (service: string) => string): HTMLElement {
  const label = RESOURCE_LABELS[bar.resource];
  const figures = bar.capacity > 0 ? `${trim(bar.used)} of ${formatQuantity(bar.capacity, bar.unit)}` : `${formatQuantity(bar.used, bar.unit)} (capacity unknown)`;
  const breakdown = bar.segments.map((s) => `${s.service} ${trim(s.amount)}`).join(', ');
  const text = `${label} ${figures}${breakdown ? `: ${breakdown}` : ', nothing placed'}`;
  // Over capacity should not happen, but if a plan says so the bar shows it rather than clipping it away.
  const scale = Math.max(bar.capacity, bar.used);
  const track = el('div', {
    class: `berth-track${bar.used > bar.capacity ? ' berth-over' : ''}`,
    role: 'meter',
    'aria-label': label,
    'aria-valuemin': '0',
    'aria-valuemax': String(bar.capacity),
    'aria-valuenow': String(bar.used),
    'aria-valuetext': text,
    title: text,
    'data-testid': `berth-bar-${node}-${bar.resource}`,
    'data-used': String(bar.used),
    'data-capacity': String(bar.capacity),
    'data-unit': bar.unit,
  });
  for (const segment of bar.segments) {
    const part = el('div', { class: `berth-segment ${seriesClass(segment.service)}`, title: `${segment.service}: ${formatQuantity(segment.amount, bar.unit)}` });
    // CSSOM, not a style attribute: the webview's CSP allows no inline style.
    part.style.width = `${scale > 0 ? (100 * segment.amount) / scale : 0}%`;
    track.append(part);
  }
  return el('div', { class: 'berth-resource' }, [
    el('div', { class: 'berth-resource-label', 'aria-hidden': 'true' }, [el('span', {}, [label]), el('span', { class: 'berth-figures' }, [figures])]),
    track,
  ]);
}

function trim(amount: number): string {
  return amount.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
