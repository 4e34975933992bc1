// One parsed compose file as `yaml` sees it, kept for linting: the raw nodes with their offsets, and the line index to place them.
import type { Document, LineCounter } from 'yaml';

export interface ComposeDocument {
  readonly path: string;
  /** Read-only: a later read of the same unchanged text hands out the same Document (parsing is most of a read's cost). */
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The text it was parsed from: linting reads suppression comments and computes line edits from it. */
  readonly text: string;
}
