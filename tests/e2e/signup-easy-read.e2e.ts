import { expect, test, type Page } from '@playwright/test';
import { expectEasyRead } from './pages/easy-read.checks';

const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'cy', name: 'Cymraeg', dir: 'ltr' },
  { code: 'pl', name: 'Polski', dir: 'ltr' },
  { code: 'bn', name: 'বাংলা', dir: 'ltr' },
  { code: 'ur', name: 'اردو', dir: 'rtl' },
] as const;

async function moveOn(page: Page) {
  await page.locator('.survey .nav .primary').click();
}

for (const language of LANGUAGES) {
  test(`every part of the easy-read get-involved form passes the easy-read checks in ${language.name} (${language.code})`, async ({
    page,
  }) => {
    const check = () => expectEasyRead(page, language.code, language.dir);
    await page.goto('/#/get-involved');
    await page.getByRole('button', { name: language.name }).click();
    await page.locator('.survey .toggle input').first().check();
    await expect(page.locator('.survey.easy-read')).toBeVisible();
    await check();
    await moveOn(page);

    // About you: first with every message showing, then filled in.
    await moveOn(page);
    await expect(page.locator('.survey .error').first()).toBeVisible();
    await check();
    await page.locator('#signup-name').fill('Test Person');
    await page.locator('.survey input[type=radio]').first().check();
    await moveOn(page);

    await page.locator('.survey input[type=radio]').first().check(); // email
    await page.locator('#signup-email').fill('test.person@example.org');
    await check(); // contact
    await moveOn(page);
    await check(); // interests and ways of taking part
    await moveOn(page);
    await page.locator('.survey input[type=checkbox]').nth(2).check(); // an interpreter
    await check(); // support, with the language box
    await page.locator('#signup-interpreterLanguage').fill('Sylheti');
    await moveOn(page);
    await check(); // expenses and hearing back
    await page.locator('.survey input[type=radio]').first().check();
    await page.locator('.survey input[type=radio]').nth(3).check();
    await moveOn(page);
    await check(); // consent and who filled it in
  });
}
