// Builds DOM nodes from data without innerHTML, so no value from the host is ever parsed as markup.
export function el(tag: string, attributes: Readonly<Record<string, string>>, children: readonly (Node | string)[] = []): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
