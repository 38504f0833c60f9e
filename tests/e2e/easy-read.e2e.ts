import { expect, test, type Page } from '@playwright/test';
import { expectEasyRead } from './pages/easy-read.checks';

const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'cy', name: 'Cymraeg', dir: 'ltr' },
  { code: 'pl', name: 'Polski', dir: 'ltr' },
  { code: 'bn', name: 'বাংলা', dir: 'ltr' },
  { code: 'ur', name: 'اردو', dir: 'rtl' },
] as const;

/** Sentences of the English on screen with more than 15 words. */
function longSentences(texts: string[]): string[] {
  return texts
    .flatMap((t) => t.split(/(?<=[.?!])\s+/))
    .filter((s) => s.split(/\s+/).filter(Boolean).length > 15);
}

/** The big button that moves on: always the last in the row of buttons. */
async function moveOn(page: Page) {
  await page.locator('.survey .nav .primary').click();
}

async function begin(page: Page, surveyId: string, language: (typeof LANGUAGES)[number]) {
  await page.goto(`/#/surveys/${surveyId}`);
  await page.getByRole('button', { name: language.name }).click();
  const easyRead = page.locator('.survey .toggle input').first();
  if (!(await easyRead.isChecked())) await easyRead.check();
  await expect(page.locator('.survey.easy-read')).toBeVisible();
  // English runs in high contrast too, so that look passes the same checks.
  if (language.code === 'en') {
    await page.locator('.survey .toggle input').nth(1).check();
    await expect(page.locator('.survey.high-contrast')).toBeVisible();
  }
}

for (const language of LANGUAGES) {
  test(`every easy-read screen passes the easy-read checks in ${language.name} (${language.code})`, async ({
    page,
  }) => {
    const english: string[] = [];
    const check = async () => {
      const found = await expectEasyRead(page, language.code, language.dir);
      if (language.code === 'en') english.push(...found.texts);
    };
    const radios = page.locator('.survey input[type=radio]');

    // The easy-read survey: smiley, yes / no, "show only if" (a multiple choice), free text.
    await begin(page, 'tell-us-what-you-think', language);
    await check();
    await moveOn(page);
    await check(); // smiley faces
    await radios.nth(1).check();
    await moveOn(page);
    await check(); // yes / no / not sure
    await moveOn(page);
    await radios.nth(1).check(); // "No": the help question is asked
    await check();
    await moveOn(page);
    await page.locator('.survey input[type=checkbox]').first().check();
    await check(); // multiple choice
    await moveOn(page);
    await page.locator('.survey textarea').fill('সব ভালো ছিল ✨ بہت اچھا');
    await check(); // free text
    await moveOn(page);
    await moveOn(page);
    await check(); // who answered
    await moveOn(page);
    await check(); // review
    await moveOn(page); // submit
    await check(); // equality monitoring: would you answer?
    await moveOn(page);
    await check(); // equality monitoring: a category, with "prefer not to say"
    for (let i = 0; i < 7; i++) await moveOn(page);
    await check(); // thank you

    // The FFT screen of the ward survey in easy read.
    await begin(page, 'ward-feedback', language);
    await moveOn(page);
    await expect(page.locator('.survey input[type=radio]')).toHaveCount(6);
    await check();
    if (language.code === 'bn' || language.code === 'ur') {
      await page.screenshot({ path: `test-results/screens/fft-easy-read-${language.code}.png` });
      await test.info().attach(`fft-${language.code}`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });
    }
    await moveOn(page);
    await check(); // the answer is required: the message shows, in the language
    await expect(page.locator('.survey .error')).toBeVisible();

    if (language.code === 'en') expect(longSentences(english)).toEqual([]);
  });
}
