import { expect, type Locator, type Page } from '@playwright/test';
import { ADMIN } from './sync.page';

/** The admin console, as an involvement lead uses it at a desk. */
export class AdminConsole {
  constructor(readonly page: Page) {}

  async openSignIn(): Promise<void> {
    await this.page.goto('/#/admin');
    await expect(
      this.page.getByRole('heading', { name: 'Sign in to the admin console' }),
    ).toBeVisible();
  }

  async signIn(): Promise<void> {
    await this.openSignIn();
    await this.page.getByLabel('Email address').fill(ADMIN.email);
    await this.page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.page.getByText(`Signed in as ${ADMIN.email}`)).toBeVisible();
  }

  async go(path: string): Promise<void> {
    await this.page.goto(`/#/admin${path}`);
  }

  /** A text box in one part of the survey builder: the settings, or question n's card. */
  builderBox(name: string, question?: number): Locator {
    const part =
      question === undefined
        ? this.page.locator('section', {
            has: this.page.getByRole('heading', { name: 'About the survey' }),
          })
        : this.page.locator('section', {
            has: this.page.getByRole('heading', { name: new RegExp(`^Question ${question}: `) }),
          });
    return part.getByRole('textbox', { name, exact: true }).first();
  }
}
