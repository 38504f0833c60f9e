import { expect, test } from '@playwright/test';
import { AdminConsole } from './pages/admin.page';
import { expectNoAxeViolations } from './pages/axe';
import { ORGANISATION, ensureAdmin } from './pages/sync.page';

// A step that cannot happen says so in seconds, not at the end of the test's two minutes.
test.use({ actionTimeout: 20_000 });

/** The words a step quotes (“…”): the labels it tells the lead to look for on the tablet. */
const quoted = (step: string) => [...step.matchAll(/“([^”]+)”/g)].map((m) => m[1]!);

test('a tablet enrolled by following the console’s typed-code steps, word for word, joins the named organisation', async ({
  browser,
  page: lead,
}) => {
  ensureAdmin();
  const admin = new AdminConsole(lead);
  await admin.signIn();
  await admin.go('/tablets');
  await lead.getByRole('button', { name: 'Make an enrolment code' }).click();
  const code = (await lead.locator('.code').textContent())!.trim();
  const steps = await lead
    .getByRole('list', { name: 'Or type the code on the tablet:' })
    .getByRole('listitem')
    .allTextContents();
  expect(steps).toHaveLength(3);
  await expectNoAxeViolations(lead);
  const [headerStep, pageStep, formStep] = steps.map(quoted);
  const headerLink = headerStep![0]!;
  const [pageTitle, enrolLink] = [pageStep![0]!, pageStep![1]!];
  const [codeField, nameField, enrolButton] = [formStep![0]!, formStep![1]!, formStep![2]!];

  // A tablet that has never been enrolled, opened at its first screen.
  const context = await browser.newContext();
  const tablet = await context.newPage();
  await tablet.goto('/#/');
  await tablet.locator('header').getByRole('link', { name: headerLink, exact: true }).click();
  await expect(
    tablet.getByRole('heading', { level: 1, name: pageTitle, exact: true }),
  ).toBeVisible();
  await tablet.getByRole('link', { name: enrolLink, exact: true }).click();
  await tablet.getByLabel(codeField, { exact: true }).fill(code);
  await tablet.getByLabel(nameField, { exact: true }).fill('Hall tablet 2');
  await tablet.getByRole('button', { name: enrolButton, exact: true }).click();
  // Enrolled with the organisation the lead named at set-up, not with the software.
  await expect(
    tablet.getByText(`This tablet is enrolled as “Hall tablet 2” with ${ORGANISATION}.`, {
      exact: false,
    }),
  ).toBeVisible();

  // The console lists it (loaded afresh), its revoke button named for it.
  await lead.reload();
  await expect(
    lead.getByRole('button', { name: 'Revoke: Hall tablet 2', exact: true }),
  ).toBeVisible();
  await context.close();
});
