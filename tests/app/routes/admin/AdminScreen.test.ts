import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import AdminScreen from '../../../../src/app/routes/admin/AdminScreen.svelte';
import { isInert } from '../../../../src/app/routes/admin/admin-form.svelte';
import { CSRF, FakeAdminServer, apiError } from './admin-test-kit';

function setup(options: { signedIn?: boolean; path?: string[] } = {}) {
  const server = new FakeAdminServer({ signedIn: options.signedIn ?? false });
  server.on('GET', '/events', () => ({ body: { events: [], next: null } }));
  server.on('GET', '/admins', () => ({
    body: { admins: [{ id: 'a1', email: server.email, createdAt: '2026-01-05T09:00:00.000Z' }] },
  }));
  const client = server.client();
  const user = userEvent.setup();
  const view = render(AdminScreen, { path: options.path ?? [], query: {}, client });
  return { server, client, user, view };
}

const emailBox = () => screen.getByRole('textbox', { name: 'Email address' });
const passwordBox = () => screen.getByLabelText<HTMLInputElement>('Password');
const summary = () => screen.getByRole('alert', { name: 'There is a problem' });

describe('admin console: signing in', () => {
  it('asks to sign in when there is no session, and says so while checking', async () => {
    setup();
    expect(screen.getByRole('status')).toHaveTextContent('Checking whether you are signed in…');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to the admin console' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Console' })).toBeNull();
  });

  it('says what is missing beside each field and in the summary', async () => {
    const { user, server } = setup();
    await screen.findByRole('heading', { name: 'Sign in to the admin console' });
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(summary()).toHaveFocus();
    expect(
      within(summary()).getByRole('link', { name: 'Enter your email address.' }),
    ).toBeVisible();
    expect(emailBox()).toHaveAttribute('aria-invalid', 'true');
    expect(emailBox()).toHaveAccessibleDescription('Enter your email address.');
    expect(passwordBox()).toHaveAccessibleDescription('Enter your password.');
    expect(server.seen('POST', '/login')).toHaveLength(0);
  });

  it('checks with the server’s own login rules, and keeps what was typed', async () => {
    const { user, server } = setup();
    await screen.findByRole('heading', { name: 'Sign in to the admin console' });
    await user.type(emailBox(), 'ab');
    await user.click(passwordBox());
    await user.paste('x'.repeat(1025));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(summary()).toHaveFocus();
    expect(emailBox()).toHaveAccessibleDescription(
      'Enter your whole email address, like name@example.org.',
    );
    expect(passwordBox()).toHaveAccessibleDescription(
      'A password has at most 1024 characters. Check what you typed.',
    );
    expect(emailBox()).toHaveValue('ab');
    expect(passwordBox()).toHaveValue('x'.repeat(1025));
    expect(server.seen('POST', '/login')).toHaveLength(0);
  });

  it('says the password is wrong in words, keeps the email and clears the password', async () => {
    const { user, server } = setup();
    await screen.findByRole('heading', { name: 'Sign in to the admin console' });
    await user.type(emailBox(), 'lead@example.org');
    await user.type(passwordBox(), 'not the password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const message =
      'The email address or password is wrong. Check them and type the password again.';
    await waitFor(() => expect(summary()).toHaveFocus());
    expect(within(summary()).getByRole('link', { name: message })).toBeVisible();
    expect(passwordBox()).toHaveAccessibleDescription(message);
    expect(passwordBox()).toHaveAttribute('aria-invalid', 'true');
    expect(emailBox()).toHaveValue('lead@example.org');
    expect(passwordBox()).toHaveValue('');
    expect(server.seen('POST', '/login')[0]?.body).toEqual({
      email: 'lead@example.org',
      password: 'not the password',
    });
    // A link in the summary takes the focus to the field.
    await user.click(within(summary()).getByRole('link', { name: message }));
    expect(passwordBox()).toHaveFocus();
  });

  it('says plainly when the server is out of reach, keeping both fields', async () => {
    const { user, server } = setup();
    await screen.findByRole('heading', { name: 'Sign in to the admin console' });
    server.offline = true;
    await user.type(emailBox(), 'lead@example.org');
    await user.type(passwordBox(), 'whatever it is');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(summary()).toHaveTextContent('Involve could not reach the server.'));
    expect(emailBox()).toHaveValue('lead@example.org');
    expect(passwordBox()).toHaveValue('whatever it is');
  });

  it('signs in: the header names the admin, the console navigation appears, focus moves', async () => {
    const { user, server } = setup();
    await screen.findByRole('heading', { name: 'Sign in to the admin console' });
    await user.type(emailBox(), 'Lead@Example.org');
    await user.type(passwordBox(), server.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Signed in as lead@example.org')).toBeVisible();
    const nav = screen.getByRole('navigation', { name: 'Console' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Events', 'Surveys', 'Tablets', 'Sign-ups', 'You said, we did', 'Reach', 'Account']);
    expect(within(nav).getByRole('link', { name: 'Events' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(within(nav).getByRole('link', { name: 'Tablets' })).toHaveAttribute(
      'href',
      '#/admin/tablets',
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
    expect(document.getElementById('admin-content')).toHaveFocus();
    expect(document.title).toBe('Events – Involve admin console');
  });
});

describe('admin console: signed in', () => {
  it('resumes a live session without asking again, and shows the screen for the path', async () => {
    const { server } = setup({ signedIn: true, path: ['account'] });
    expect(await screen.findByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
    expect(
      within(screen.getByRole('navigation', { name: 'Console' })).getByRole('link', {
        name: 'Account',
      }),
    ).toHaveAttribute('aria-current', 'page');
    expect(server.seen('POST', '/login')).toHaveLength(0);
  });

  it('signs out with the CSRF token and returns to the sign-in page, saying so', async () => {
    const { user, server } = setup({ signedIn: true });
    await screen.findByRole('heading', { level: 1, name: 'Events' });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    const heading = await screen.findByRole('heading', {
      level: 1,
      name: 'Sign in to the admin console',
    });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText('You have signed out.')).toBeVisible();
    expect(screen.queryByText(/Signed in as/)).toBeNull();
    expect(server.seen('POST', '/logout')[0]?.headers['x-csrf-token']).toBe(CSRF);
    expect(server.signedIn).toBe(false);
  });

  it('asks to sign in again when the session ends, keeping the screen and what was typed', async () => {
    const { user, server } = setup({ signedIn: true, path: ['account'] });
    await screen.findByRole('heading', { level: 1, name: 'Account' });
    await user.type(screen.getByLabelText('Current password'), 'correct horse battery staple');
    await user.type(screen.getByLabelText(/^New password/), 'a much longer new password');
    server.signedIn = false;
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    const again = await screen.findByRole('heading', {
      level: 2,
      name: 'Sign in to the admin console',
    });
    await waitFor(() => expect(again).toHaveFocus());
    expect(screen.getByText(/Your session has ended/)).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Email address' })).toHaveValue(server.email);
    // The screen below is still there, with its text, but cannot be used until signed in.
    expect(screen.getByLabelText<HTMLInputElement>('Current password').value).toBe(
      'correct horse battery staple',
    );
    expect(isInert(document.getElementById('admin-content')!)).toBe(true);

    await user.type(screen.getByLabelText('Password'), server.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Sign in to the admin console' })).toBeNull(),
    );
    expect(isInert(document.getElementById('admin-content')!)).toBe(false);
    expect(screen.getByLabelText<HTMLInputElement>(/^New password/).value).toBe(
      'a much longer new password',
    );
  });

  it('says when a console address does not exist', async () => {
    setup({ signedIn: true, path: ['events', 'x', 'y', 'z'] });
    expect(
      await screen.findByRole('heading', { name: 'The console has no page at this address.' }),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: 'Go to events' })).toHaveAttribute(
      'href',
      '#/admin/events',
    );
  });

  it('says when the server cannot be asked about the session, and tries again', async () => {
    const server = new FakeAdminServer({ signedIn: true });
    let fail = true;
    server.on('GET', '/session', () =>
      fail
        ? apiError(503, 'unavailable', 'down')
        : { body: { email: server.email, csrfToken: CSRF } },
    );
    server.on('GET', '/events', () => ({ body: { events: [], next: null } }));
    const user = userEvent.setup();
    render(AdminScreen, { path: [], query: {}, client: server.client() });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Involve could not ask the server whether you are signed in. The server had a problem (503).',
    );
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  });
});
