import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import AccountScreen from '../../../../src/app/routes/admin/account/AccountScreen.svelte';
import {
  organisationSettingsSchema,
  type AdminSummary,
} from '../../../../src/shared/admin/admin-api';
import { CSRF, apiError, signedInClient } from './admin-test-kit';

async function setup() {
  const { server, client } = await signedInClient();
  const admins: AdminSummary[] = [
    { id: 'a1', email: 'lead@example.org', createdAt: '2026-01-05T09:00:00.000Z' },
    { id: 'a2', email: 'deputy@example.org', createdAt: '2026-02-11T14:30:00.000Z' },
  ];
  server.on('GET', '/admins', () => ({ body: { admins } }));
  const organisation = { name: 'Involve', placeholder: true };
  server.on('GET', '/settings/organisation', () => ({ body: organisation }));
  server.on('PUT', '/settings/organisation', ({ body }) => {
    const parsed = organisationSettingsSchema.safeParse(body);
    if (!parsed.success)
      return apiError(
        400,
        'validation_failed',
        'invalid',
        parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      );
    Object.assign(organisation, { name: parsed.data.name, placeholder: false });
    return { body: organisation };
  });
  const user = userEvent.setup();
  render(AccountScreen, { client, params: {}, query: {} });
  await screen.findByRole('heading', { level: 1, name: 'Account' });
  return { server, client, user, admins };
}

const containing = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

const current = () => screen.getByLabelText<HTMLInputElement>('Current password');
const fresh = () => screen.getByLabelText<HTMLInputElement>(/^New password/);
const passwordSummary = () =>
  within(screen.getByRole('region', { name: 'Change your password' })).getByRole('alert', {
    name: 'There is a problem',
  });

describe('account: change password', () => {
  it('says beside the field that the new password is too short, without asking the server', async () => {
    const { user, server } = await setup();
    await user.type(current(), 'correct horse battery staple');
    await user.type(fresh(), 'short one');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    const message = 'The new password needs at least 12 characters. It has 9.';
    await waitFor(() => expect(passwordSummary()).toHaveFocus());
    expect(within(passwordSummary()).getByRole('link', { name: message })).toBeVisible();
    expect(fresh()).toHaveAttribute('aria-invalid', 'true');
    expect(fresh()).toHaveAccessibleDescription(containing(message));
    expect(fresh()).toHaveValue('short one');
    expect(current()).not.toHaveAttribute('aria-invalid');
    expect(server.seen('POST', '/account/password')).toHaveLength(0);
  });

  it('says a wrong current password beside that field, keeping what was typed', async () => {
    const { user, server } = await setup();
    // What the server answers (accounts.routes.ts).
    server.on('POST', '/account/password', () =>
      apiError(400, 'validation_failed', 'The current password is not right.', [
        { field: 'currentPassword', message: 'is not your current password' },
      ]),
    );
    await user.type(current(), 'not my password');
    await user.type(fresh(), 'a long enough new password');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    await waitFor(() => expect(passwordSummary()).toHaveFocus());
    expect(current()).toHaveAccessibleDescription('The current password is wrong. Type it again.');
    expect(current()).toHaveAttribute('aria-invalid', 'true');
    expect(fresh()).not.toHaveAttribute('aria-invalid');
    expect(current()).toHaveValue('not my password');
    expect(fresh()).toHaveValue('a long enough new password');
    const sent = server.seen('POST', '/account/password')[0]!;
    expect(sent.body).toEqual({
      currentPassword: 'not my password',
      newPassword: 'a long enough new password',
    });
    expect(sent.headers['x-csrf-token']).toBe(CSRF);
  });

  it('shows any other problem the server names beside its field', async () => {
    const { user, server } = await setup();
    server.on('POST', '/account/password', () =>
      apiError(400, 'validation_failed', 'newPassword: too common', [
        { field: 'newPassword', message: 'is one of the most common passwords' },
      ]),
    );
    await user.type(current(), 'correct horse battery staple');
    await user.type(fresh(), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() =>
      expect(fresh()).toHaveAccessibleDescription(
        containing('New password: is one of the most common passwords'),
      ),
    );
    expect(
      within(passwordSummary()).getByRole('link', {
        name: 'New password: is one of the most common passwords',
      }),
    ).toBeVisible();
    expect(fresh()).toHaveValue('password1234');
  });

  it('changes the password, clears both boxes and says so', async () => {
    const { user, server } = await setup();
    server.on('POST', '/account/password', () => ({ body: { status: 'changed' } }));
    await user.type(current(), 'correct horse battery staple');
    await user.type(fresh(), 'a long enough new password');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(
      await screen.findByText(
        'Your password is changed. Use the new one the next time you sign in.',
      ),
    ).toBeVisible();
    expect(current()).toHaveValue('');
    expect(fresh()).toHaveValue('');
  });
});

describe('account: admins', () => {
  it('lists the admins and marks the one signed in', async () => {
    await setup();
    const table = await screen.findByRole('table', { name: 'Admins of this organisation' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent?.trim())).toEqual([
      'lead@example.org (you)',
      'deputy@example.org',
    ]);
  });

  it('adds an admin, and says plainly when the email is taken', async () => {
    const { user, server } = await setup();
    await screen.findByRole('table', { name: 'Admins of this organisation' });
    server.on('POST', '/admins', ({ body }) => {
      const { email } = body as { email: string };
      if (email === 'deputy@example.org')
        return apiError(409, 'conflict', 'An admin with this email already exists.');
      return {
        status: 201,
        body: { id: 'a3', email, createdAt: '2026-03-01T10:00:00.000Z' },
      };
    });
    const emailBox = screen.getByRole('textbox', { name: 'Their email address' });
    const passwordBox = screen.getByLabelText(/^A first password for them/);
    await user.type(emailBox, 'deputy@example.org');
    await user.type(passwordBox, 'a first password for them');
    await user.click(screen.getByRole('button', { name: 'Add admin' }));
    await waitFor(() =>
      expect(emailBox).toHaveAccessibleDescription(
        'There is already an admin with this email address.',
      ),
    );
    expect(emailBox).toHaveValue('deputy@example.org');

    await user.clear(emailBox);
    await user.type(emailBox, 'new@example.org');
    await user.click(screen.getByRole('button', { name: 'Add admin' }));
    expect(
      await screen.findByText('new@example.org is an admin now and can sign in.'),
    ).toBeVisible();
    expect(
      within(screen.getByRole('table', { name: 'Admins of this organisation' })).getByRole(
        'rowheader',
        { name: 'new@example.org' },
      ),
    ).toBeVisible();
    expect(emailBox).toHaveValue('');
    expect(server.seen('POST', '/admins').at(-1)?.body).toEqual({
      email: 'new@example.org',
      password: 'a first password for them',
    });
  });
});

describe('account: the organisation’s name', () => {
  const region = () => screen.getByRole('region', { name: 'Your organisation' });
  const nameBox = () => within(region()).getByRole('textbox', { name: /^Organisation name/ });
  const notice = () =>
    within(region()).getByText(/holds your details/, { selector: 'blockquote' }).textContent;

  it('says the name is still the software’s, and names the organisation once it is set', async () => {
    const { user, server } = await setup();
    expect(
      await within(region()).findByText(/still called “Involve”, the name of this software/),
    ).toBeVisible();
    // Until it is set, sign-up forms keep their generic wording.
    expect(notice()).toMatch(/^The involvement team of the organisation running this service/);
    expect(nameBox()).toHaveValue('');

    await user.type(nameBox(), 'Riverside NHS Foundation Trust');
    await user.click(within(region()).getByRole('button', { name: 'Save name' }));
    expect(
      await within(region()).findByText(
        'Saved. Tablets name “Riverside NHS Foundation Trust” from the next time they connect.',
      ),
    ).toBeVisible();
    expect(server.seen('PUT', '/settings/organisation')[0]!.body).toEqual({
      name: 'Riverside NHS Foundation Trust',
    });
    expect(server.seen('PUT', '/settings/organisation')[0]!.headers['x-csrf-token']).toBe(CSRF);
    expect(notice()).toBe(
      'The involvement team at \u2068Riverside NHS Foundation Trust\u2069 holds your details. We use them only to invite you to take part and to tell you what changed because of what people said. We keep them until you ask us to stop, and check every two years that you still want to hear from us. To withdraw, tell any member of staff, or contact the involvement team; we will delete your details.',
    );
    expect(within(region()).queryByText(/still called/)).toBeNull();
  });

  it('says what is wrong with a name without asking the server, and clears it once fixed', async () => {
    const { user, server } = await setup();
    await within(region()).findByRole('textbox', { name: /^Organisation name/ });
    await user.type(nameBox(), 'involve');
    await user.click(within(region()).getByRole('button', { name: 'Save name' }));
    const summary = await within(region()).findByRole('alert', { name: 'There is a problem' });
    const message = '“involve” is the name of this software. Enter your organisation’s own name.';
    expect(within(summary).getByRole('link', { name: message })).toBeVisible();
    expect(nameBox()).toHaveAttribute('aria-invalid', 'true');
    expect(nameBox()).toHaveAccessibleDescription(containing(message));

    await user.clear(nameBox());
    await user.type(nameBox(), 'Leeds Community Healthcare');
    await waitFor(() => expect(nameBox()).not.toHaveAttribute('aria-invalid'));
    expect(within(region()).queryByRole('alert')).toBeNull();
    expect(nameBox()).toHaveValue('Leeds Community Healthcare');
    expect(server.seen('PUT', '/settings/organisation')).toHaveLength(0);
  });
});
