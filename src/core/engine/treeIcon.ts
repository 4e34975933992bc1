// An icon as plain data, so src/core never needs vscode: the tree adapter makes `new ThemeIcon(id, new ThemeColor(color))`.

export interface TreeIcon {
  /** A codicon id, with a modifier where it animates (`sync~spin`). */
  readonly id: string;
  /** A theme color id (`charts.green`); undefined keeps the theme's icon color. */
  readonly color?: string;
}
