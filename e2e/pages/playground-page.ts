import type { Locator, Page } from 'playwright-core';

/** The main screen: sidebar tree, tabs, request editor and response. */
export class PlaygroundPage {
  constructor(readonly page: Page) {}

  get tree(): Locator {
    return this.page.getByRole('tree', { name: 'Collections tree' });
  }

  treeItem(name: string | RegExp): Locator {
    return this.tree.getByRole('treeitem', { name });
  }

  async workspaceId(): Promise<string> {
    const m = this.page.url().match(/\/w\/([^/?#]+)/);
    return m?.[1] ?? '';
  }

  /** "New collection" asks for a name in a dialog. */
  async createCollection(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New collection' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New collection' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await this.treeItem(name).waitFor();
  }

  async contextMenu(item: string | RegExp, action: string): Promise<void> {
    await this.treeItem(item).click({ button: 'right' });
    await this.page.getByRole('menuitem', { name: action }).click();
  }

  /** New request in a collection via the context menu; it opens in a tab with the name field in rename mode. */
  async newRequestIn(collection: string, name: string): Promise<void> {
    await this.contextMenu(collection, 'New request');
    const rename = this.page.getByLabel('New name');
    await rename.waitFor();
    await rename.fill(name);
    await rename.press('Enter');
    await this.treeItem(new RegExp(`${name}$`)).waitFor();
  }

  async setMethod(method: string): Promise<void> {
    await this.page.getByLabel('Method').selectOption(method);
  }

  async setUrl(url: string): Promise<void> {
    const editor = this.page.locator('[data-testid="url-editor"] .cm-content');
    await editor.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.press('Backspace');
    await this.page.keyboard.insertText(url);
  }

  async urlText(): Promise<string> {
    return (await this.page.locator('[data-testid="url-editor"] .cm-content').textContent()) ?? '';
  }

  async openSection(name: string): Promise<void> {
    await this.page
      .getByRole('tablist', { name: 'Request sections' })
      .getByRole('tab', { name: new RegExp(`^${name}`) })
      .click();
  }

  async setRawJsonBody(text: string): Promise<void> {
    await this.openSection('Body');
    await this.page.getByRole('radio', { name: 'Raw' }).check();
    await this.page.getByLabel('Raw body language').selectOption('json');
    const editor = this.page.locator('[data-testid="editor-Request body"] .cm-content');
    await editor.click();
    await this.page.keyboard.insertText(text);
  }

  async setTestScript(code: string): Promise<void> {
    await this.openSection('Scripts');
    await this.page.getByRole('radio', { name: 'Tests' }).check();
    const editor = this.page.locator('[data-testid="editor-Test script"] .cm-content');
    await editor.click();
    await this.page.keyboard.insertText(code);
  }

  async send(): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+Enter');
    await this.page.getByTestId('response-status').waitFor();
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save', exact: true }).first().click();
  }

  async responseStatus(): Promise<string> {
    return (await this.page.getByTestId('response-status').textContent()) ?? '';
  }

  /** Text of the response body (the CodeMirror view or the virtualized view, whichever is shown). */
  async responseBody(): Promise<string> {
    // Small JSON shows in CodeMirror (loaded lazily), big bodies in the virtualized view.
    const view = this.page.locator(
      '[data-testid="editor-Response body"] .cm-content, [data-testid="big-text-view"]',
    );
    await view.first().waitFor();
    return (await view.first().textContent()) ?? '';
  }

  async chooseEnvironment(name: string): Promise<void> {
    await this.page.getByLabel('Active environment').selectOption({ label: name });
  }
}
