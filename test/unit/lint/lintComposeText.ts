// Reads compose text with the real reader and lints it. The main document is given its text, as the reader keeps it,
// so that suppression comments and line-exact quick fixes work.
import { readCompose } from '../../../src/core/compose/readCompose';
import type { Finding } from '../../../src/core/lint/finding';
import { lintCompose, type ComposeLintContext } from '../../../src/core/lint/lintCompose';

export function lintComposeText(text: string, context: ComposeLintContext = {}, others: readonly { path: string; text: string }[] = []): Finding[] {
  const files = [{ path: '/project/compose.yaml', text }, ...others];
  const result = readCompose({ files, env: {} });
  const documents = result.documents.map((d) => ({ ...d, text: files.find((f) => f.path === d.path)?.text ?? '' }));
  return lintCompose({ ...result, documents }, context);
}
