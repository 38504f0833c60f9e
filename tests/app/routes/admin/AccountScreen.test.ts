import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import AccountScreen from '../../../../src/app/routes/admin/account/AccountScreen.svelte';
import type { AdminSummary } from '../../../../src/shared/admin/admin-api';
import { CSRF, apiError, signedInClient } from './admin-test-kit';

async function setup() {
  const { server, client } = await signedInClient();
  const admins: AdminSummary[] = [
    { id: 'a1', email: 'lead@example.org', createdAt: '2026-01-05T09:00:00.000Z' },
    { id: 'a2', email: 'deputy@example.org', createdAt: '2026-02-11T14:30:00.000Z' },
  ];
  server.on('GET', '/admins', () => ({ body: { admins } }));
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
