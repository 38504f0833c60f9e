import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { SurveyDefinition } from '../../src/shared/schemas/survey.schema';
import { EASY_READ_SURVEY } from '../../src/shared/survey/builtin/easy-read.survey';
import { expectNoAxeViolations } from './pages/axe';
import { goOffline, reloadOffline } from './pages/network';
import { ADMIN, SyncPage, adminCli, ensureAdmin } from './pages/sync.page';
import { spokenSoFar, stubVoices, type StubVoice } from './pages/voices';

/**
 * An on-device English and Urdu voice, and a Bengali one that needs the network (as Chrome's
 * online voices do).
 */
const VOICES: StubVoice[] = [
  { name: 'English (UK)', lang: 'en-GB', localService: true },
  { name: 'Bengali online', lang: 'bn-BD', localService: false },
  { name: 'Urdu', lang: 'ur-PK', localService: true },
];

test('offline, read-aloud speaks only in the screen’s language, or is not offered', async ({
  page,
  context,
}) => {
  await stubVoices(page, VOICES);
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
  await expect(page.locator('.survey .read-aloud')).toHaveCount(6);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Read aloud', exact: true }).click();
  expect(await spokenSoFar(page)).toEqual([
    { text: 'How do you feel about our service?', lang: 'en-GB', voice: 'English (UK)' },
  ]);
  // Reading: the button says it stops, and the screen still passes.
  await expect(page.getByRole('button', { name: 'Stop reading' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Read aloud: Very happy' }).click();

  // Bengali: the only Bengali voice needs the network, so no read-aloud button at all,
  // and never the English voice over Bengali words.
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'বাংলা' }).click();
  await page.locator('.survey .nav .primary').click();
  await expect(page.locator('.survey')).toHaveAttribute('lang', 'bn');
  await expect(page.locator('.survey .read-aloud')).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Urdu: an on-device Urdu voice reads the Urdu words.
  await page.locator('.survey .nav .secondary').first().click();
  await page.getByRole('button', { name: 'اردو' }).click();
  await page.locator('.survey .nav .primary').click();
  const urdu = await page.locator('.survey h2').first().textContent();
  await page.locator('.survey .prompt .read-aloud').click();
  await expectNoAxeViolations(page);
  const spoken = await spokenSoFar(page);
  expect(spoken).toHaveLength(3);
  expect(spoken[1]).toMatchObject({ text: 'Very happy', lang: 'en-GB' });
  expect(spoken[2]).toEqual({ text: urdu, lang: 'ur-PK', voice: 'Urdu' });
  expect(spoken.every((s) => s.lang !== 'bn-BD')).toBe(true);
});

/**
 * A short silent MP3, made here rather than kept in the repository: MPEG-1 Layer III frames
 * (128 kbit/s, 44.1 kHz, mono) whose side information is all zero, which decode as silence.
 * Twenty frames are about half a second and 8 kB.
 */
function silentMp3(frames = 20): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc0]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** Records every clip the page plays: what, whether the browser played it, and its end. */
function recordClips() {
  const clips: { src: string; result?: string; ended?: boolean }[] = [];
  (window as unknown as { clips: typeof clips }).clips = clips;
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    const entry: (typeof clips)[number] = { src: this.src };
    clips.push(entry);
    this.addEventListener('ended', () => (entry.ended = true), { once: true });
    return play.call(this).then(
      () => void (entry.result = 'playing'),
      (error: unknown) => {
        entry.result = `refused: ${(error as Error).name}`;
        throw error;
      },
    );
  };
}

// The server serves the built app from dist/ (STATIC_DIR), as a clip shipped with it would be.
const STATIC_DIR = 'dist';
const CLIP = '/audio/read-aloud-check.en.mp3';
const CLIP_SURVEY_ID = 'clip-check';

test.describe('a recorded clip', () => {
  test.beforeAll(async () => {
    await mkdir(join(STATIC_DIR, 'audio'), { recursive: true });
    await writeFile(join(STATIC_DIR, CLIP), silentMp3());
  });
  test.afterAll(async () => {
    await rm(join(STATIC_DIR, CLIP), { force: true });
  });

  test('offline, read-aloud plays the survey’s own clip, kept on the tablet since it was last online', async ({
    page,
    context,
    request,
  }) => {
    // A published survey whose first question has a clip in English.
    ensureAdmin();
    const login = await request.post('/api/v1/admin/login', { data: ADMIN });
    const headers = { 'X-CSRF-Token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const survey: SurveyDefinition = structuredClone(EASY_READ_SURVEY);
    survey.id = CLIP_SURVEY_ID;
    survey.title.en = { text: 'Clip check', easyRead: 'Clip check' };
    survey.questions[0]!.text.en.audio = CLIP;
    const saved = await request.put(`/api/v1/admin/surveys/${CLIP_SURVEY_ID}`, {
      headers,
      data: survey,
    });
    expect(saved.ok(), await saved.text()).toBe(true);
    const published = await request.post(`/api/v1/admin/surveys/${CLIP_SURVEY_ID}/publish`, {
      headers,
    });
    expect(published.ok(), await published.text()).toBe(true);

    // A voice too, so a clip that failed would be heard as a voice reading instead.
    await stubVoices(page, [{ name: 'English (UK)', lang: 'en-GB', localService: true }]);
    await page.addInitScript(recordClips);
    await new SyncPage(page).enrol(adminCli('enrolment-code').split('\n')[0]!.trim(), 'Clips');
    await page.goto('/#/surveys');
    await expect(async () => {
      await page.reload();
      await expect(page.getByText('Clip check')).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 });

    // Online, showing the survey fetches its clips into the tablet's clip cache.
    await page.goto(`/#/surveys/${CLIP_SURVEY_ID}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Clip check' })).toBeVisible();
    await expect
      .poll(() => page.evaluate(async (url) => (await caches.match(url)) !== undefined, CLIP))
      .toBe(true);

    // The network goes, and the file with it: what plays can only come from the tablet.
    await goOffline(page, context);
    await rm(join(STATIC_DIR, CLIP), { force: true });
    await reloadOffline(page, context);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(page.locator('.survey h2').first()).toHaveText(
      'How do you feel about our service?',
    );
    const button = page.locator('.survey .prompt .read-aloud');
    await button.click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { clips: unknown[] }).clips))
      .toEqual([{ src: new URL(CLIP, page.url()).href, result: 'playing', ended: true }]);
    // Played to its end, and no voice read over it.
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    expect(await spokenSoFar(page)).toEqual([]);
    await expectNoAxeViolations(page);
  });
});
