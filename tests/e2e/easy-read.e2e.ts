import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectEasyRead, expectRealGlyphs } from './pages/easy-read.checks';
import { KioskPage } from './pages/kiosk.page';
import type { SurveyDefinition } from '../../src/shared/schemas/survey.schema';
import { SMILEY_5_OPTIONS } from '../../src/shared/survey/builtin/common';
import { EASY_READ_SURVEY } from '../../src/shared/survey/builtin/easy-read.survey';
import { FIXED_OPTION_VALUES } from '../../src/shared/survey/survey-rules';
import { ADMIN, SyncPage, adminCli, ensureAdmin } from './pages/sync.page';
import { VOICES_ON_DEVICE, spokenSoFar, stubVoices } from './pages/voices';

const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'cy', name: 'Cymraeg', dir: 'ltr' },
  { code: 'pl', name: 'Polski', dir: 'ltr' },
  { code: 'bn', name: 'বাংলা', dir: 'ltr' },
  { code: 'ur', name: 'اردو', dir: 'rtl' },
] as const;

/** The languages whose walk runs in high contrast: one left to right, one right to left. */
const HIGH_CONTRAST = new Set<string>(['en', 'ur']);

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
  // English and Urdu (right to left) run in high contrast too, so that look passes the same
  // checks both ways round.
  if (HIGH_CONTRAST.has(language.code)) {
    await page.locator('.survey .toggle input').nth(1).check();
    await expect(page.locator('.survey.high-contrast')).toBeVisible();
  }
}

// On-device voices in every language, so each screen shows its read-aloud buttons and the
// checks measure them too (headless Chromium has no voices of its own).
test.beforeEach(async ({ page }) => {
  await stubVoices(page, VOICES_ON_DEVICE);
});

for (const language of LANGUAGES) {
  test(`every easy-read screen passes the easy-read checks in ${language.name} (${language.code})`, async ({
    page,
  }) => {
    const english: string[] = [];
    const check = async () => {
      const found = await expectEasyRead(page, language.code, language.dir);
      expect(found.readAloudButtons, 'read-aloud buttons on the screen').toBeGreaterThan(0);
      if (language.code === 'en') english.push(...found.texts);
    };
    const radios = page.locator('.survey input[type=radio]');

    // The easy-read survey: smiley, yes / no, "show only if" (a multiple choice), free text.
    await begin(page, 'tell-us-what-you-think', language);
    await check();
    await moveOn(page);
    await check(); // smiley faces
    // Read aloud in the screen's language, never another's.
    await page.locator('.survey .prompt .read-aloud').click();
    expect((await spokenSoFar(page)).at(-1)).toMatchObject({
      text: await page.locator('.survey h2').first().textContent(),
      lang: VOICES_ON_DEVICE.find((v) => v.lang.startsWith(`${language.code}-`))!.lang,
    });
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
    await check(); // free text: what was good
    await moveOn(page);
    // The second free-text question, a new empty box.
    await expect(page.locator('.survey textarea')).toHaveValue('');
    await expect(page.locator('.survey h2').first()).toHaveText(
      EASY_READ_SURVEY.questions.at(-1)!.text[language.code]!.easyRead!,
    );
    await check(); // free text: what could we do better
    await page.locator('.survey textarea').fill('আরও সময় দিন ✨ مزید وقت');
    await check();
    await moveOn(page);
    await check(); // who answered
    await moveOn(page);
    await check(); // review
    await moveOn(page); // submit
    await check(); // equality monitoring: would you answer?
    // Each of the seven categories, every choice with its picture and "prefer not to say".
    for (let i = 0; i < 7; i++) {
      await moveOn(page);
      await expect(page.locator('.survey h2#eq-heading')).toBeVisible();
      await check();
    }
    await moveOn(page); // finish
    await check(); // thank you

    // The ward survey in easy read: the FFT, its "why", a single choice, the review.
    await begin(page, 'ward-feedback', language);
    await moveOn(page);
    await expect(page.locator('.survey input[type=radio]')).toHaveCount(6);
    await check();
    if (language.code === 'bn' || language.code === 'ur') {
      // Real Bengali and Urdu letters, not missing-glyph boxes, in the question and answers.
      await expectRealGlyphs(page, '.survey .question');
      await page.screenshot({ path: `test-results/screens/fft-easy-read-${language.code}.png` });
      await test.info().attach(`fft-${language.code}`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });
    }
    await moveOn(page);
    await check(); // the answer is required: the message shows, in the language
    await expect(page.locator('.survey .error')).toBeVisible();
    await radios.nth(3).check(); // "Bad"
    await moveOn(page);
    await expect(page.locator('.survey textarea')).toBeVisible();
    await check(); // the FFT's "why did you say that?"
    await page.locator('.survey textarea').fill('অপেক্ষা ✨ انتظار');
    await check();
    for (let i = 0; i < 4; i++) await moveOn(page); // past the yes / no questions
    await expect(page.locator('.survey [role=radiogroup] input[type=radio]')).toHaveCount(4);
    await check(); // a single choice: who are you?
    await radios.nth(2).check();
    await check();
    await moveOn(page);
    await moveOn(page); // who answered
    await expect(page.locator('.survey .review-row')).toHaveCount(6);
    await check(); // review

    if (language.code === 'en') expect(longSentences(english)).toEqual([]);
  });
}

/**
 * An easy-read survey of one question, a three-face smiley (no built-in survey has one), in
 * the five languages with the built-in faces' words.
 */
const THREE_FACES: SurveyDefinition = {
  ...EASY_READ_SURVEY,
  id: 'three-faces',
  version: 1,
  equalityMonitoring: false,
  questions: [
    {
      ...EASY_READ_SURVEY.questions[0]!,
      options: SMILEY_5_OPTIONS.filter((o) =>
        (FIXED_OPTION_VALUES['smiley-3'] as readonly string[]).includes(o.value),
      ),
    },
  ],
};

/** Signs in to the admin API, as the console does; the CSRF token for changes. */
async function adminHeaders(request: APIRequestContext) {
  ensureAdmin();
  const login = await request.post('/api/v1/admin/login', { data: ADMIN });
  expect(login.ok()).toBe(true);
  return { 'X-CSRF-Token': ((await login.json()) as { csrfToken: string }).csrfToken };
}

test('a three-face smiley passes the easy-read checks in every language', async ({
  page,
  request,
}) => {
  const headers = await adminHeaders(request);
  const saved = await request.put(`/api/v1/admin/surveys/${THREE_FACES.id}`, {
    headers,
    data: THREE_FACES,
  });
  expect(saved.ok(), await saved.text()).toBe(true);
  const published = await request.post(`/api/v1/admin/surveys/${THREE_FACES.id}/publish`, {
    headers,
  });
  expect(published.ok(), await published.text()).toBe(true);
  await new SyncPage(page).enrol(adminCli('enrolment-code').split('\n')[0]!.trim(), 'Faces');
  // The tablet has the survey once it has pulled.
  await expect(async () => {
    await page.goto(`/#/surveys/${THREE_FACES.id}`);
    await page.reload();
    await expect(page.locator('.survey')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });

  for (const language of LANGUAGES) {
    await begin(page, THREE_FACES.id, language);
    await moveOn(page);
    const faces = page.locator('.survey input[type=radio]');
    await expect(faces).toHaveCount(3);
    // Each face with its word, in the screen's language.
    await expect(page.locator('.survey .choice .words')).toHaveText(
      THREE_FACES.questions[0]!.options!.map((o) => o.text[language.code]!.easyRead!),
    );
    const found = await expectEasyRead(page, language.code, language.dir);
    expect(found.readAloudButtons).toBe(4); // the question and each face
    await faces.nth(2).check();
    await expectEasyRead(page, language.code, language.dir);
    await page.locator('.survey .nav .secondary').first().click(); // Back to the start
  }
});

/** Publishes a "you said, we did" with easy-read words and a picture, as an admin would. */
async function publishOutcome(request: APIRequestContext, words: Record<string, string>) {
  const headers = await adminHeaders(request);
  const made = await request.post('/api/v1/admin/outcomes', {
    headers,
    data: { ...words, pictogram: 'food', themeIds: [], evidenceIds: [] },
  });
  expect(made.status(), await made.text()).toBe(201);
  const { id } = (await made.json()) as { id: string };
  const published = await request.post(`/api/v1/admin/outcomes/${id}/publish`, { headers });
  expect(published.ok(), await published.text()).toBe(true);
}

test('the easy-read kiosk: its welcome screen (staff button, what we changed) and "Are you still there?" pass the checks in every language', async ({
  page,
  request,
}) => {
  // Idle time passes in a moment.
  await page.clock.install();
  const outcome = {
    youSaid: 'The day room was too noisy in the evenings for people to rest.',
    weDid: 'We made the day room a quiet space after 8pm every evening.',
    youSaidEasyRead: 'The day room was too noisy.',
    weDidEasyRead: 'The day room is quiet after 8pm now.',
  };
  await publishOutcome(request, outcome);
  await new SyncPage(page).enrol(adminCli('enrolment-code').split('\n')[0]!.trim(), 'Day room');
  const kiosk = new KioskPage(page);
  await kiosk.setUp('tell-us-what-you-think', 'Day room', '1357', { easyRead: true });
  // The welcome screen shows the outcome after the tablet's pull.
  const weDid = page.getByText(outcome.weDidEasyRead);
  await expect(async () => {
    await page.reload();
    await expect(weDid).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });

  const english: string[] = [];
  for (const language of LANGUAGES) {
    await page.getByRole('button', { name: language.name }).click();
    await expect(page.locator('.survey')).toHaveAttribute('lang', language.code);
    // Staff's way in stays in English on every welcome screen.
    await expect(page.getByRole('button', { name: 'Staff', exact: true })).toBeVisible();
    await expect(page.locator('.survey .welcome-outcomes img.pictogram').first()).toBeVisible();
    const welcome = await expectEasyRead(page, language.code, language.dir);
    expect(welcome.readAloudButtons).toBeGreaterThan(0);

    // The first question, then nobody touches it: "Are you still there?", over the survey.
    await page.locator('.survey .nav .primary').click();
    await expect(page.locator('.survey .question')).toBeVisible();
    await page.clock.runFor('03:01');
    await expect(kiosk.stillThere).toBeVisible();
    const dialog = await expectEasyRead(page, language.code, language.dir, '.still-there');
    expect(dialog.readAloudButtons).toBe(1);
    if (language.code === 'en') english.push(...welcome.texts, ...dialog.texts);
    await kiosk.stillThere.locator('.primary').click();
    await expect(kiosk.stillThere).toBeHidden();
    await page.locator('.survey .nav .secondary').first().click(); // Back to the welcome
  }
  expect(longSentences(english)).toEqual([]);
});
