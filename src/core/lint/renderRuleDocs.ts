// Writes the README's lint section from the rule catalogue, so that the docs a finding links to never drift from the rules.
import { lintRules, type LintRule } from './rules';

const APPLIES: Record<LintRule['appliesTo'], string> = { dockerfile: 'Dockerfile', compose: 'compose file' };

/** Markdown: a `## Lint rules` section with one `###` per rule, each preceded by an explicit anchor its findings link to. */
export function renderRuleDocs(): string {
  const out: string[] = [
    '## Lint rules',
    '',
    'Berth checks Dockerfiles and compose files as you type and shows findings in the Problems view, with quick fixes where the',
    'fix is clear. Turn a rule off everywhere with the `berth.lint.disabledRules` setting, for one instruction or key with',
    '`# berth-ignore <rule-id>[, <rule-id>]` on the line above it, or for a whole file with `# berth-ignore-file <rule-id>`.',
  ];
  // Dockerfile rules first, then compose, each in catalogue order.
  for (const appliesTo of ['dockerfile', 'compose'] as const) {
    for (const rule of lintRules.filter((r) => r.appliesTo === appliesTo)) {
      out.push(
        '',
        `<a id="${rule.docsAnchor}"></a>`,
        '',
        `### \`${rule.id}\`: ${rule.title}`,
        '',
        rule.reason,
        '',
        rule.details,
        '',
        `Severity: ${rule.defaultSeverity}. Applies to: ${APPLIES[rule.appliesTo]}. Suppress: \`# berth-ignore ${rule.id}\`.`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
