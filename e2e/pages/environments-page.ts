import type { Page } from 'playwright-core';

export class EnvironmentsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Environments' }).click();
  }

  async create(name: string, vars: { key: string; value: string; secret?: boolean }[]): Promise<void> {
    await this.page.getByRole('button', { name: 'Environment', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New environment' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    // The Globals editor is open until the new environment is selected: wait for the new one, or the first
    // variable is typed into Globals and lost when the editor switches.
    const nameField = this.page.getByLabel('Environment name');
    for (let i = 0; i < 100 && (await nameField.inputValue().catch(() => '')) !== name; i++) {
      await this.page.waitForTimeout(100);
    }
    for (const [i, v] of vars.entries()) {
      await this.page.getByLabel(`Variable name ${i + 1}`).fill(v.key);
      await this.page.getByLabel(`Variable value ${i + 1}`).fill(v.value);
      if (v.secret) {
        await this.page.getByLabel(`Secret ${v.key}`).check();
      }
    }
    await this.page.getByRole('button', { name: 'Save' }).click();
    await this.page.getByText('Environment saved').waitFor();
  }
}
