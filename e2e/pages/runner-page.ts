import type { Page } from 'playwright-core';

export class RunnerPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('link', { name: 'Runner' }).click();
    await this.page.getByRole('button', { name: /Run collection|Running/ }).waitFor();
  }

  async run(collection: string, iterations = 1): Promise<void> {
    await this.page.getByLabel('Collection').selectOption({ label: collection });
    await this.page.getByLabel('Iterations').fill(String(iterations));
    await this.page.getByRole('button', { name: 'Run collection' }).click();
  }

  async status(): Promise<string> {
    return (await this.page.getByTestId('run-status').textContent()) ?? '';
  }

  async progress(): Promise<number> {
    return Number(
      await this.page.getByRole('progressbar', { name: 'Run progress' }).getAttribute('aria-valuenow'),
    );
  }
}
