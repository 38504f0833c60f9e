import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import type { AdminEventSummary } from '../../src/shared/admin/admin-api';
import { FFT_QUESTION_TEXT } from '../../src/shared/survey/builtin/common';
import { makeEqualityMonitoring } from '../fixtures/survey.factory';
import { makeNote } from '../fixtures/workshop.factory';
import { AdminConsole } from './pages/admin.page';
import { expectNoAxeViolations } from './pages/axe';
import { KioskPage } from './pages/kiosk.page';
import { goOffline } from './pages/network';
import { AdminApi, SyncPage, adminCli, ensureAdmin } from './pages/sync.page';
import { WorkshopPage } from './pages/workshop.page';

// A step that cannot happen says so in seconds, not at the end of the test's five minutes.
test.use({ actionTimeout: 20_000 });

const SURVEY_ID = 'discharge-lounge-feedback';
const EVENT_TITLE = 'Spring carers forum';
const NOTES = [
  'Letters should come in easy read',
  '<img src=x onerror=alert(1)> is what the old form showed',
];

/**
 * One person at the kiosk: the FFT, the written answer, who answered, the check, then thanks
 * (the survey asks no equality questions, so nothing comes between sending and thanks).
 */
async function answerAtKiosk(tablet: Page, kiosk: KioskPage, rating: string, why: string) {
  await kiosk.start.click();
  await kiosk.answerFft(rating);
  await tablet.getByRole('textbox').fill(why);
  await kiosk.next();
  await expect(
    tablet.getByRole('heading', { name: 'Who answered these questions?' }),
  ).toBeVisible();
  await tablet.getByRole('radio', { name: 'I answered on my own' }).check();
  await kiosk.next();
  await expect(tablet.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
  await tablet.getByRole('button', { name: 'Send my answers' }).click();
  await expect(tablet.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  await tablet.getByRole('button', { name: 'Done' }).click();
  await kiosk.expectWelcome();
}

test('the whole loop: the lead builds and publishes, a tablet runs it offline, the lead sees it, exports it and answers back', async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  ensureAdmin();
  const api = new AdminApi(request);
  await api.login();

  const adminContext = await browser.newContext();
  const lead = await adminContext.newPage();
  const consolePage = new AdminConsole(lead);
  await consolePage.openSignIn();
  await expectNoAxeViolations(lead);
  // A screen showing validation errors passes too: the sign-in sent empty.
  await lead.getByRole('button', { name: 'Sign in' }).click();
  await expect(lead.getByRole('link', { name: 'Enter your email address.' })).toBeVisible();
  await expectNoAxeViolations(lead);
  await consolePage.signIn();
  await expectNoAxeViolations(lead);

  // 1. A survey: the FFT and a written question, saved as a draft, then published.
  await consolePage.go('/surveys/new');
  await lead.getByRole('button', { name: 'Add: Friends and Family Test' }).click();
  await lead.getByRole('button', { name: 'Add: Written answer' }).click();
  await consolePage.builderBox('Title: words').fill('Discharge lounge feedback');
  await consolePage.builderBox('Question 2: words', 2).fill('What could we do better?');
  await lead.getByRole('button', { name: 'Save draft' }).first().click();
  await expect(lead.getByText('Saved. Version 1, draft.')).toBeVisible();
  await expectNoAxeViolations(lead);
  // The picture picker, open.
  const picture = lead.getByRole('button', { name: /^Change picture: Question 1/ });
  await picture.click();
  await expect(lead.getByRole('group', { name: /^Question 1.*: picture$/ })).toBeVisible();
  await expectNoAxeViolations(lead);
  await lead.getByRole('button', { name: /^Done choosing: Question 1/ }).click();
  // The preview as easy read, and as a kiosk shows it.
  const preview = lead.getByRole('complementary', { name: 'Preview' });
  for (const mode of ['Easy read', 'Kiosk']) {
    await preview.getByRole('radio', { name: mode }).check();
    await expect(preview.getByRole('radio', { name: mode })).toBeChecked();
    await expectNoAxeViolations(lead);
  }
  await expect(preview.getByRole('button', { name: /staff/i })).toBeVisible();
  await preview.getByRole('radio', { name: 'Standard' }).check();
  await lead.getByRole('button', { name: 'Publish to tablets' }).first().click();
  await expect(lead.getByText(/^Published\. Version 1 is on tablets/)).toBeVisible();
  await consolePage.go('/surveys');
  await expect(lead.getByRole('row', { name: /Discharge lounge feedback/ })).toBeVisible();
  await expectNoAxeViolations(lead);

  // 2. An event with the default themes, published.
  await consolePage.go('/events/new');
  await lead.getByLabel('Event name').fill(EVENT_TITLE);
  await lead.getByLabel('Date', { exact: true }).fill('2026-12-03');
  await lead.getByLabel('Place', { exact: true }).fill('Town hall');
  await expectNoAxeViolations(lead);
  await lead.getByRole('button', { name: 'Save event' }).click();
  await expect(lead.getByText(`“${EVENT_TITLE}” is saved.`)).toBeVisible();
  // Saved, the console is back at the list of events; each row has its publish button.
  await lead.getByRole('button', { name: `Publish: ${EVENT_TITLE}`, exact: true }).click();
  await expect(lead.getByText(`“${EVENT_TITLE}” is published.`, { exact: false })).toBeVisible();
  const { events } = await api.json<{ events: AdminEventSummary[] }>('/events');
  const eventId = events.find((e) => e.event.title === EVENT_TITLE)!.event.id;
  // The edit screen, loaded.
  await consolePage.go(`/events/${eventId}/edit`);
  await expect(lead.getByLabel('Event name')).toHaveValue(EVENT_TITLE);
  await expectNoAxeViolations(lead);

  // 3. An enrolment code as a QR code; the tablet opens its address.
  await consolePage.go('/tablets');
  await lead.getByRole('button', { name: 'Make an enrolment code' }).click();
  await expect(lead.getByRole('img', { name: /^QR code to enrol a tablet/ })).toBeVisible();
  await expectNoAxeViolations(lead);
  const code = (await lead.locator('.code').textContent())!.trim();

  const tabletContext = await browser.newContext();
  const tablet = await tabletContext.newPage();
  await new SyncPage(tablet).enrol(code, 'Forum tablet');

  // The tablet pulls the event and the survey.
  await tablet.goto('/#/');
  const eventLink = tablet.getByRole('link', { name: EVENT_TITLE, exact: true });
  await expect(async () => {
    await tablet.reload();
    await expect(eventLink).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await tablet.goto('/#/surveys');
  await expect(tablet.getByText('Discharge lounge feedback')).toBeVisible();
  // 4. Offline: the workshop, then the survey in kiosk mode.
  await goOffline(tablet, tabletContext);
  await tablet.goto('/#/');
  await eventLink.click();
  const workshop = new WorkshopPage(tablet);
  await workshop.choose('Communication', 1);
  for (const note of NOTES) await workshop.addNote(note);

  const kiosk = new KioskPage(tablet);
  await kiosk.setUp(SURVEY_ID, 'Discharge lounge', '1357');
  const people = [
    ['Very good', 'Nothing, thank you'],
    ['Good', 'Tell us sooner when transport is late'],
    ['Poor', '=HYPERLINK("http://example.com")'],
  ] as const;
  for (const [rating, why] of people) await answerAtKiosk(tablet, kiosk, rating, why);

  // Another tablet at the same event sends its note straight away.
  const enrolled = await request.post('/api/v1/devices/enrol', {
    data: { code: adminCli('enrolment-code').split('\n')[0]!.trim(), name: 'Table 2 tablet' },
  });
  const { token } = (await enrolled.json()) as { token: string };
  const otherNote = makeNote({
    eventId,
    themeId: 'communication',
    questionId: 'ideal',
    text: 'A named contact for every carer',
    deviceId: 'table-2',
  });
  const pushed = await request.post('/api/v1/sync/push', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      records: [{ id: otherNote.id, kind: 'workshop-note', schemaVersion: 1, data: otherNote }],
    },
  });
  expect(pushed.ok()).toBe(true);

  // 5. Online again: everything reaches the server once.
  await tabletContext.setOffline(false);
  await expect
    .poll(
      async () =>
        (await api.records('survey-response')).filter(
          (r) => (r.data as { surveyId: string }).surveyId === SURVEY_ID,
        ).length,
      { timeout: 30_000 },
    )
    .toBe(3);
  await expect.poll(async () => (await api.records('workshop-note', eventId)).length).toBe(3);

  // 6. What we heard: both tablets' notes, merged, shown as text.
  await consolePage.go(`/events/${eventId}`);
  for (const note of [...NOTES, 'A named contact for every carer'])
    await expect(lead.getByText(note, { exact: true })).toBeVisible();
  expect(await lead.locator('main img[src="x"]').count()).toBe(0);
  // Each theme's link is named for its theme, as a screen reader says it.
  await expect(
    lead.getByRole('link', {
      name: 'Write a “you said, we did” for this theme: Communication',
      exact: true,
    }),
  ).toBeVisible();
  await expectNoAxeViolations(lead);
  await consolePage.go('/events');
  await expect(lead.getByRole('link', { name: `Edit: ${EVENT_TITLE}`, exact: true })).toBeVisible();
  // Notes and tablets: three notes from two tablets (the date, place, maker and state first).
  const cells = lead.getByRole('row', { name: new RegExp(EVENT_TITLE) }).getByRole('cell');
  await expect(cells.nth(4)).toHaveText('3');
  await expect(cells.nth(5)).toHaveText('2');
  await expectNoAxeViolations(lead);

  // 7. Survey results and the CSV export.
  await consolePage.go(`/surveys/${SURVEY_ID}/results`);
  await expect(
    lead.getByRole('heading', { name: 'Results: Discharge lounge feedback' }),
  ).toBeVisible();
  await expect(lead.getByText('Tell us sooner when transport is late')).toBeVisible();
  // Very good and Good are positive, Poor negative: two of three and one of three.
  const fft = lead.getByRole('region', { name: 'Friends and Family Test', exact: true });
  await expect(fft.getByRole('definition')).toHaveText([/^67%\s*2 of 3$/, /^33%\s*1 of 3$/]);
  // The same for the month at the kiosk's ward: then each of the six answers' counts.
  await expect(fft.getByRole('row', { name: /Discharge lounge/ }).getByRole('cell')).toHaveText([
    'Discharge lounge',
    '3',
    '2',
    '67%',
    '1',
    '33%',
    '1',
    '1',
    '0',
    '1',
    '0',
    '0',
  ]);
  // Who answered: all three on their own, in English, the standard survey.
  const who = lead.getByRole('table', { name: 'Who gave the answers' });
  await expect(who.getByRole('row', { name: /^On their own/ }).getByRole('cell')).toHaveText([
    '3',
    '100%',
  ]);
  await expect(
    lead
      .getByRole('table', { name: 'Language' })
      .getByRole('row', { name: /^English/ })
      .getByRole('cell'),
  ).toHaveText(['3', '100%']);
  await expectNoAxeViolations(lead);
  const download = lead.waitForEvent('download');
  await lead.getByRole('link', { name: 'Download the responses (CSV)' }).click();
  const csvText = await readFile(await (await download).path(), 'utf8');
  const rows = Papa.parse<string[]>(csvText.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  const [header, ...body] = rows;
  expect(body).toHaveLength(3);
  const stored = (await api.records('survey-response'))
    .map(
      (r) =>
        r.data as {
          id: string;
          surveyId: string;
          answers: { questionId: string; text?: string }[];
        },
    )
    .filter((r) => r.surveyId === SURVEY_ID);
  expect(new Set(body.map((row) => row[0]))).toEqual(new Set(stored.map((r) => r.id)));
  const ratingColumn = header!.indexOf(FFT_QUESTION_TEXT.en.text);
  const whyColumn = header!.indexOf('What could we do better?');
  expect(ratingColumn).toBeGreaterThan(0);
  expect(whyColumn).toBeGreaterThan(0);
  // Each row carries the rating and the words one person gave, the rating as its label; a
  // formula comes out neutralised, so a spreadsheet shows it as text.
  expect(body.map((row) => [row[ratingColumn], row[whyColumn]]).sort()).toEqual(
    people.map(([rating, why]) => [rating, why.startsWith('=') ? `'${why}` : why]).sort(),
  );
  expect(body.map((row) => row[header!.indexOf('Answered by')])).toEqual([
    'On their own',
    'On their own',
    'On their own',
  ]);

  // 8. You said, we did: written, linked to the event's theme, published. Saved empty first,
  // the editor says what is missing.
  await consolePage.go(`/outcomes/new?event=${eventId}&theme=communication`);
  await lead.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(lead.getByRole('alert', { name: 'Please check the outcome' })).toBeVisible();
  await expectNoAxeViolations(lead);
  await lead.getByLabel('You said…', { exact: true }).fill('Letters should come in easy read.');
  await lead
    .getByLabel('…so we did', { exact: true })
    .fill('We now send every letter in easy read too.');
  await expectNoAxeViolations(lead);
  await lead.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(lead.getByText('Saved as a draft.')).toBeVisible();
  await lead.getByRole('button', { name: 'Publish to tablets' }).click();
  await expect(lead.getByText('Published. Tablets show it after their next sync.')).toBeVisible();
  await consolePage.go('/outcomes');
  await expect(
    lead.getByRole('cell', { name: 'We now send every letter in easy read too.' }),
  ).toBeVisible();
  await expectNoAxeViolations(lead);
  await consolePage.go(`/events/${eventId}/you-said-we-did`);
  await expect(lead.getByText('We now send every letter in easy read too.')).toBeVisible();
  await expectNoAxeViolations(lead);

  // 9. The kiosk's welcome screen shows it after the tablet's next pull.
  await tabletContext.setOffline(true);
  await tabletContext.setOffline(false);
  await expect(tablet.getByText('We now send every letter in easy read too.')).toBeVisible({
    timeout: 30_000,
  });
  await kiosk.expectWelcome();
  await expectNoAxeViolations(tablet);

  // 10. Who we reached, from equality monitoring the second tablet sends for the event.
  const monitoring = [
    ...Array.from({ length: 6 }, () => ({ age: '35-44', disability: 'no' }) as const),
    ...Array.from({ length: 5 }, () => ({ age: '65-74', disability: 'yes' }) as const),
    { age: '75-plus', disability: 'yes' } as const,
  ].map((answers) => makeEqualityMonitoring({ eventId, surveyId: undefined, answers }));
  const sent = await request.post('/api/v1/sync/push', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      records: monitoring.map((r) => ({
        id: r.id,
        kind: 'equality-monitoring',
        schemaVersion: 1,
        data: r,
      })),
    },
  });
  expect(sent.ok()).toBe(true);
  await consolePage.go('/reach');
  await expect(
    lead.getByText(/Each tablet keeps them until it has 5 to send together/),
  ).toBeVisible();
  const age = lead.getByRole('table', { name: 'Age' });
  await expect(age.getByRole('columnheader', { name: `Event: ${EVENT_TITLE}` })).toBeVisible();
  // Everyone, then the event: the same people here.
  await expect(age.getByRole('row', { name: /^35 to 44/ }).getByRole('cell')).toHaveText([
    '6',
    '6',
  ]);
  await expect(age.getByRole('row', { name: /^75 or over/ }).getByRole('cell')).toHaveText([
    'fewer than 5',
    'fewer than 5',
  ]);
  await expectNoAxeViolations(lead);

  // The account screen passes axe too, once its list has loaded. (Tablets and sign-ups with
  // rows in them, and the forms' errors: admin-screens-axe.e2e.ts.)
  await consolePage.go('/account');
  await expect(lead.getByRole('table', { name: 'Admins of this organisation' })).toBeVisible();
  await expectNoAxeViolations(lead);

  await tabletContext.close();
  await adminContext.close();
});
