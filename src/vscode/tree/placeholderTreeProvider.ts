// An empty tree: VS Code then shows the view's welcome text from package.json until the real provider arrives.
import * as vscode from 'vscode';

export class PlaceholderTreeProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }
}
