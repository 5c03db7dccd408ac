import type { Page } from 'playwright-core';

/** The instance administration screen (`/admin`). */
export class AdminPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Admin' }).click();
    await this.page.getByRole('heading', { name: 'Instance administration' }).waitFor();
  }

  async tab(name: 'Users' | 'Figures' | 'Settings' | 'Audit log' | 'Mail'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  /** The users table row of `email` (after searching for it). */
  async findUser(email: string) {
    await this.tab('Users');
    await this.page.getByLabel('Search').fill(email);
    const row = this.page.getByTestId('admin-user-row').filter({ hasText: email });
    await row.waitFor();
    return row;
  }
}
