// A finding of one of Berth's rules, with the severity and docs anchor the catalogue gives it.
import type { Finding, FindingFix, FindingRange } from './finding';
import { lintRule } from './rules';

export function makeFinding(ruleId: string, message: string, range: FindingRange, fixes?: readonly FindingFix[], file?: string): Finding {
  const rule = lintRule(ruleId);
  return {
    ruleId,
    severity: rule.defaultSeverity,
    message,
    range,
    docsAnchor: rule.docsAnchor,
    ...(file !== undefined ? { file } : {}),
    ...(fixes && fixes.length > 0 ? { fixes } : {}),
  };
}
