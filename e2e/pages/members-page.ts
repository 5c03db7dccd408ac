import type { Page } from 'playwright-core';

export class MembersPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Members' }).click();
    await this.page.getByRole('heading', { name: 'Members' }).waitFor();
  }

  /** Invite and return the one-time invitation link. */
  async invite(email: string, role: 'admin' | 'editor' | 'viewer'): Promise<string> {
    await this.page.getByLabel('Invite email').fill(email);
    await this.page.getByLabel('Invite role').selectOption(role);
    await this.page.getByRole('button', { name: 'Invite' }).click();
    const link = this.page.getByTestId('invite-link').locator('code');
    await link.waitFor();
    return (await link.textContent()) ?? '';
  }
}
