import { expect, test } from '@playwright/test';
import { goOffline, reloadOffline } from './pages/network';

/**
 * Speech voices stubbed in the page: an on-device English and Urdu voice, and a Bengali one
 * that needs the network (as Chrome's online voices do). Every `speak` call is recorded.
 */
function stubVoices() {
  const voices = [
    { name: 'English (UK)', lang: 'en-GB', localService: true, default: true, voiceURI: 'en' },
    { name: 'Bengali online', lang: 'bn-BD', localService: false, default: false, voiceURI: 'bn' },
    { name: 'Urdu', lang: 'ur-PK', localService: true, default: false, voiceURI: 'ur' },
  ];
  const spoken: { text: string; lang: string; voice: string | undefined }[] = [];
  (window as unknown as { spoken: typeof spoken }).spoken = spoken;
  class Utterance {
    text: string;
    lang = '';
    rate = 1;
    voice: { name: string } | null = null;
    onend: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(text: string) {
      this.text = text;
    }
  }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance });
  Object.defineProperty(window, 'speechSynthesis', {
    value: {
      getVoices: () => voices,
      speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.name }),
      cancel: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    },
  });
}

test('offline, read-aloud speaks only in the screen’s language, or is not offered', async ({
  page,
  context,
}) => {
  await page.addInitScript(stubVoices);
  await page.goto('/#/surveys/tell-us-what-you-think');
  await goOffline(page, context);
  await reloadOffline(page, context);
  await page.getByRole('button', { name: 'Start', exact: true }).click();

  // English: an on-device voice reads the question, in English.
  const question = page.locator('.survey h2').first();
  await expect(question).toHaveText('How do you feel about our service?');
  // The pictures come from the service worker's precache, offline.
  const pictures = page.locator('.survey img.pictogram');
  await expect(pictures).toHaveCount(6);
  for (const img of await pictures.all())
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth))
      .toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Read aloud', exact: true }).click();
  expect(await page.evaluate(() => (window as unknown as { spoken: unknown[] }).spoken)).toEqual([
    { text: 'How do you feel about our service?', lang: 'en-GB', voice: 'English (UK)' },
  ]);
  await page.getByRole('button', { name: 'Read aloud: Very happy' }).click();

  // Bengali: the only Bengali voice needs the network, so no read-aloud button at all,
  // and never the English voice over Bengali words.
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'বাংলা' }).click();
  await page.locator('.survey .nav .primary').click();
  await expect(page.locator('.survey')).toHaveAttribute('lang', 'bn');
  await expect(page.locator('.survey .read-aloud')).toHaveCount(0);

  // Urdu: an on-device Urdu voice reads the Urdu words.
  await page.locator('.survey .nav .secondary').first().click();
  await page.getByRole('button', { name: 'اردو' }).click();
  await page.locator('.survey .nav .primary').click();
  const urdu = await page.locator('.survey h2').first().textContent();
  await page.locator('.survey .prompt .read-aloud').click();
  const spoken = await page.evaluate(
    () => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken,
  );
  expect(spoken).toHaveLength(3);
  expect(spoken[1]).toMatchObject({ text: 'Very happy', lang: 'en-GB' });
  expect(spoken[2]).toEqual({ text: urdu, lang: 'ur-PK', voice: 'Urdu' });
  expect(spoken.every((s) => s.lang !== 'bn-BD')).toBe(true);
});
