// Reads suppression comments, the same in Dockerfiles and compose files: `# berth-ignore <rule-id>[, <rule-id>]` in the
// comment block right above a line silences those rules there; `# berth-ignore-file <rule-id>` silences them everywhere.

export interface Suppressions {
  /** True when the rule is ignored for the file, or in the comment block directly above any of `lines` (0-based). */
  isSuppressed(ruleId: string, lines: readonly number[]): boolean;
}

const DIRECTIVE = /^\s*#\s*berth-ignore(-file)?(?=[\s,]|$)(.*)$/;
const RULE_ID = /^[a-z][a-z0-9-]*\/[a-z0-9*][a-z0-9-]*$/;

export function readSuppressions(lines: readonly string[]): Suppressions {
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // Cheap test first: most lines are not comments, and this runs on every line of every lint.
    if (!line.includes('berth-ignore')) continue;
    const m = DIRECTIVE.exec(line);
    if (!m) continue;
    const ids = (m[2] ?? '').split(/[\s,]+/).filter((t) => RULE_ID.test(t));
    if (m[1] === '-file') for (const id of ids) fileWide.add(id);
    else byLine.set(i, new Set(ids));
  }
  const isComment = (i: number): boolean => /^\s*#/.test(lines[i] ?? '');
  const names = (ruleId: string): string[] => (ruleId.startsWith('dockerfile/') ? [ruleId, 'dockerfile/syntax'] : [ruleId]);
  return {
    isSuppressed(ruleId, at) {
      const ids = names(ruleId);
      if (ids.some((id) => fileWide.has(id))) return true;
      if (byLine.size === 0) return false;
      for (const line of at) {
        for (let i = line - 1; i >= 0 && isComment(i); i--) {
          const here = byLine.get(i);
          if (here && ids.some((id) => here.has(id))) return true;
        }
      }
      return false;
    },
  };
}
