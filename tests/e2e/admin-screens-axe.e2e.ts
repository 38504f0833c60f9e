import { expect, test, type APIRequestContext } from '@playwright/test';
import { makeSignUp } from '../fixtures/signup.factory';
import { AdminConsole } from './pages/admin.page';
import { expectNoAxeViolations } from './pages/axe';
import { adminCli, ensureAdmin } from './pages/sync.page';

// A step that cannot happen says so in seconds, not at the end of the test's two minutes.
test.use({ actionTimeout: 20_000 });

/**
 * The console's screens as they look with something in them, and its forms as they look when
 * they refuse what was typed: axe sees the rows, the opened details, the confirmations and the
 * error summaries, not only the empty screens the whole-loop test passes through.
 */

const TABLET = 'Reception tablet';
const PERSON = 'Sam Carer-Example';

/** Enrols a tablet over the API, as a tablet would; answers its token. */
async function enrolTablet(request: APIRequestContext) {
  const code = adminCli('enrolment-code').split('\n')[0]!.trim();
  const enrolled = await request.post('/api/v1/devices/enrol', { data: { code, name: TABLET } });
  expect(enrolled.status()).toBe(201);
  const { token } = (await enrolled.json()) as { token: string };
  return token;
}

test('tablets and sign-ups, listed, opened and confirmed, pass axe', async ({ page, request }) => {
  ensureAdmin();
  const token = await enrolTablet(request);
  // A sign-up with access needs of several kinds, sent by the tablet (which says two more wait).
  const signUp = makeSignUp({
    name: PERSON,
    phone: '07700 900123',
    preferredContact: 'text',
    support: ['interpreter', 'step-free', 'other'],
    interpreterLanguage: 'Polish',
    supportOther: 'A quiet room to wait in',
  });
  const pushed = await request.post('/api/v1/sync/push', {
    headers: { Authorization: `Bearer ${token}`, 'X-Involve-Outbox-Count': '2' },
    data: { records: [{ id: signUp.id, kind: 'sign-up', schemaVersion: 1, data: signUp }] },
  });
  expect(pushed.ok()).toBe(true);

  const admin = new AdminConsole(page);
  await admin.signIn();

  // Tablets: the enrolled tablet in the list, with what it last reported.
  await admin.go('/tablets');
  const tabletRow = page.getByRole('row', { name: new RegExp(TABLET) });
  await expect(tabletRow.getByRole('cell').nth(2)).toHaveText('2');
  await expectNoAxeViolations(page);
  // Its revoke confirmation, warning that two changes have not arrived.
  await tabletRow.getByRole('button', { name: `Revoke: ${TABLET}`, exact: true }).click();
  const revokeQuestion = page.getByRole('group', { name: new RegExp(`^Revoke “${TABLET}”`) });
  await expect(revokeQuestion).toBeVisible();
  await expect(revokeQuestion.getByText(/2 records waiting/)).toBeVisible();
  await expectNoAxeViolations(page);
  await revokeQuestion.getByRole('button', { name: `Yes, revoke “${TABLET}”` }).click();
  await expect(tabletRow.getByText('Revoked', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // Sign-ups: the person, their access needs at a glance, their details opened.
  await admin.go('/sign-ups');
  const personRow = page.getByRole('row', { name: new RegExp(PERSON) }).first();
  await expect(personRow.getByText('Interpreter (Polish)', { exact: false })).toBeVisible();
  await personRow.getByText(`More about ${PERSON}`, { exact: false }).click();
  await expect(personRow.getByText('Hear what changed', { exact: false })).toBeVisible();
  await expectNoAxeViolations(page);

  // Withdrawing consent: the question, then the withdrawn state.
  await personRow.getByRole('button', { name: `Withdraw: ${PERSON}`, exact: true }).click();
  const withdrawQuestion = page.getByRole('group', { name: `Mark “${PERSON}” as withdrawn?` });
  await expect(withdrawQuestion).toBeVisible();
  await expectNoAxeViolations(page);
  await withdrawQuestion
    .getByRole('button', { name: `Yes, mark “${PERSON}” as withdrawn` })
    .click();
  await expect(personRow.getByText('Withdrawn', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // Erasing: the question, then the list without them.
  await personRow.getByRole('button', { name: `Erase: ${PERSON}`, exact: true }).click();
  const eraseQuestion = page.getByRole('group', { name: `Erase everything about “${PERSON}”?` });
  await expect(eraseQuestion).toBeVisible();
  await expectNoAxeViolations(page);
  await eraseQuestion.getByRole('button', { name: `Yes, erase “${PERSON}” for good` }).click();
  await expect(page.getByRole('row', { name: new RegExp(PERSON) })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the console’s forms showing what is wrong pass axe', async ({ page }) => {
  ensureAdmin();
  const admin = new AdminConsole(page);
  await admin.signIn();

  // The survey builder saved empty: the summary and the message beside the title.
  await admin.go('/surveys/new');
  await page.getByRole('button', { name: 'Save draft' }).first().click();
  const surveyErrors = page.getByRole('alert').filter({ hasText: 'Please check the survey' });
  await expect(surveyErrors).toBeVisible();
  await expectNoAxeViolations(page);
  // Saved invalid: a titled survey whose choice question has no words and no answers.
  await admin.builderBox('Title: words').fill('Waiting room survey');
  await page.getByRole('button', { name: 'Add: Choose one answer' }).click();
  await page.getByRole('button', { name: 'Save draft' }).first().click();
  await expect(surveyErrors.getByRole('link', { name: /^Question 1/ }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  // The event editor saved empty, then with a theme's name rubbed out.
  await admin.go('/events/new');
  await page.getByRole('button', { name: 'Save event' }).click();
  const eventErrors = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(eventErrors.getByRole('link', { name: /Give the event a name/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Event name').fill('Autumn forum');
  await page.getByLabel('Date', { exact: true }).fill('2026-10-01');
  await page.getByRole('textbox', { name: 'Name of theme 1' }).clear();
  await page.getByRole('button', { name: 'Add a group' }).click();
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(eventErrors.getByRole('link', { name: /Theme 1 has no name/ })).toBeVisible();
  await expect(eventErrors.getByRole('link', { name: /Group 1 has no label/ })).toBeVisible();
  await expectNoAxeViolations(page);

  // The password form: the current password left out, a new one too short.
  await admin.go('/account');
  await expect(page.getByRole('table', { name: 'Admins of this organisation' })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Change password' }).click();
  const passwordErrors = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(passwordErrors.getByRole('link', { name: /current password/i })).toBeVisible();
  await expect(passwordErrors.getByRole('link', { name: /at least/ })).toBeVisible();
  await expectNoAxeViolations(page);
  // The current password wrong, as the server says.
  await page.getByLabel('Current password', { exact: true }).fill('not the password at all');
  await page.getByLabel('New password', { exact: true }).fill('a long enough new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(
    page.getByRole('link', { name: /The current password is wrong/ }).first(),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  // Adding an admin with no email address.
  await page.getByRole('button', { name: 'Add admin' }).click();
  await expect(page.getByRole('link', { name: /Enter their email address/ })).toBeVisible();
  await expectNoAxeViolations(page);
});
