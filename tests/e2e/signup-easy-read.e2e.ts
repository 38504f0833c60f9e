import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './pages/axe';
import { expectEasyRead, longSentences } from './pages/easy-read.checks';

const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'cy', name: 'Cymraeg', dir: 'ltr' },
  { code: 'pl', name: 'Polski', dir: 'ltr' },
  { code: 'bn', name: 'বাংলা', dir: 'ltr' },
  { code: 'ur', name: 'اردو', dir: 'rtl' },
] as const;

/** The big button that moves on (Start, Next, Sign me up, Done): the primary one. */
async function moveOn(page: Page) {
  await page.locator('.survey .nav .primary').click();
}

/** Moves on with the part unanswered, and waits for its messages. */
async function moveOnToErrors(page: Page) {
  await moveOn(page);
  await expect(page.locator('.survey [role=alert]').first()).toBeVisible();
}

const radios = (page: Page) => page.locator('.survey input[type=radio]');
const ticks = (page: Page) => page.locator('.survey input[type=checkbox]');

/**
 * Every part of the form, first unanswered (its messages showing) and then answered, and the
 * thank-you, calling `check` on each screen as it is.
 */
async function walkTheForm(page: Page, check: () => Promise<void>) {
  await check(); // language and look
  await moveOn(page);

  await moveOnToErrors(page);
  await check(); // about you: name and role missing
  await page.locator('#signup-name').fill('Test Person');
  await radios(page).first().check();
  await moveOn(page);

  await moveOnToErrors(page);
  await check(); // contact: no way chosen
  await radios(page).first().check(); // email
  await expect(page.locator('#signup-email[aria-invalid=true]')).toBeVisible();
  await check(); // contact: email chosen, none given
  await page.locator('#signup-email').fill('test.person@example.org');
  await check(); // contact, answered
  await moveOn(page);

  // Interests and ways of taking part: nothing here is required, so there is no error state.
  await expect(page.locator('#signup-topics-q')).toBeVisible(); // the default themes
  await check();
  await ticks(page).first().check();
  await moveOn(page);

  await ticks(page).nth(2).check(); // an interpreter
  await moveOnToErrors(page);
  await check(); // support: which language is missing
  await page.locator('#signup-interpreterLanguage').fill('Sylheti');
  await check();
  await moveOn(page);

  await moveOnToErrors(page);
  await check(); // expenses and hearing back, unanswered
  await radios(page).first().check();
  await radios(page).nth(3).check();
  await check();
  await moveOn(page);

  await check(); // consent and who filled it in
  await moveOnToErrors(page);
  await check(); // consent not given, who not said
  await ticks(page).first().check();
  await radios(page).first().check();
  await moveOn(page);

  await expect(page.locator('#signup-thanks')).toBeFocused();
  await check(); // thank you
}

for (const language of LANGUAGES) {
  test(`every part of the easy-read get-involved form, its messages and the thank-you pass the easy-read checks in ${language.name} (${language.code})`, async ({
    page,
  }) => {
    const english: string[] = [];
    const check = async () => {
      const found = await expectEasyRead(page, language.code, language.dir);
      if (language.code === 'en') english.push(...found.texts);
    };
    await page.goto('/#/get-involved');
    await page.getByRole('button', { name: language.name }).click();
    await page.locator('.survey .toggle input').first().check();
    await expect(page.locator('.survey.easy-read')).toBeVisible();
    // English and Urdu (right to left) run in high contrast too, so that look passes the same
    // checks both ways round.
    if (language.code === 'en' || language.code === 'ur') {
      await page.locator('.survey .toggle input').nth(1).check();
      await expect(page.locator('.survey.high-contrast')).toBeVisible();
    }

    await walkTheForm(page, check);

    if (language.code === 'en' || language.code === 'ur')
      await expect(page.locator('.survey.signup.high-contrast')).toBeVisible();
    if (language.code === 'en') {
      // The built-in easy-read English: one short idea a sentence.
      expect(english.length).toBeGreaterThan(50);
      expect(longSentences(english)).toEqual([]);
    }
  });
}

test('every part of the standard get-involved form, its messages and the thank-you pass axe-core', async ({
  page,
}) => {
  await page.goto('/#/get-involved');
  await expect(page.locator('.survey')).toBeVisible();
  await expect(page.locator('.survey.easy-read')).toHaveCount(0);
  await walkTheForm(page, async () => {
    await expect(page.locator('.survey.easy-read')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});
