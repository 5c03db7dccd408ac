import type { Page } from 'playwright-core';

export const PASSWORD = 'Sturdy-Passw0rd!';

/** Sign-up and sign-in screens. */
export class AuthPage {
  constructor(readonly page: Page) {}

  async signUp(email: string, name: string, password = PASSWORD): Promise<void> {
    await this.page.goto('/signup');
    await this.page.getByLabel('Name').fill(name);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Create your account' }).click();
    await this.page.waitForURL(/\/w\//);
  }

  async signIn(email: string, password = PASSWORD, next = '/'): Promise<void> {
    await this.page.goto(`/signin?next=${encodeURIComponent(next)}`);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.waitForURL((u) => !u.pathname.startsWith('/signin'));
  }
}
