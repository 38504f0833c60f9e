import { expect, type Page } from '@playwright/test';

/** A ward tablet in kiosk mode, as staff set it up and as passers-by use it. */
export class KioskPage {
  constructor(readonly page: Page) {}

  async setUp(
    surveyId: string,
    ward: string,
    pin: string,
    options: { easyRead?: boolean } = {},
  ): Promise<void> {
    await this.page.goto(`/#/kiosk?survey=${surveyId}`);
    await this.page.getByLabel('Ward or service name').fill(ward);
    if (options.easyRead !== undefined)
      await this.page
        .getByRole('radio', {
          name: options.easyRead ? /^Easy read/ : 'Standard',
        })
        .check();
    await this.page.getByLabel('Staff PIN (4 to 8 digits)').fill(pin);
    await this.page.getByLabel('Type the PIN again').fill(pin);
    await this.page.getByRole('button', { name: 'Start kiosk mode' }).click();
    await this.expectWelcome();
  }

  get start() {
    return this.page.getByRole('button', { name: 'Start', exact: true });
  }

  async expectWelcome(): Promise<void> {
    await expect(this.start).toBeVisible();
    await expect(this.page.getByRole('button', { name: 'Staff' })).toBeVisible();
  }

  get stillThere() {
    return this.page.getByRole('alertdialog');
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next', exact: true }).click();
  }

  /** The FFT rating and, if given, the "why". */
  async answerFft(rating: string, why?: string): Promise<void> {
    await this.page.getByRole('radio', { name: rating, exact: true }).check();
    await this.next();
    if (why === undefined) return;
    // A new person's box is empty: nothing of the one before.
    await expect(this.page.getByRole('textbox')).toHaveValue('');
    await this.page.getByRole('textbox').fill(why);
  }

  /** What a later person could find of an earlier one: page text, field values, address, history. */
  async leftovers(): Promise<{ text: string; values: string[]; hash: string; state: unknown }> {
    return this.page.evaluate(() => ({
      text: document.documentElement.outerHTML,
      values: [...document.querySelectorAll('input, textarea, select')].map(
        (el) => (el as HTMLInputElement).value,
      ),
      hash: location.hash,
      state: history.state as unknown,
    }));
  }
}
