// Names come from users and engines: escape them before they enter a Markdown tooltip.

/** Backslash-escapes the characters Markdown gives meaning to. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
