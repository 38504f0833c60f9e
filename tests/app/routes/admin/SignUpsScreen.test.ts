import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import SignUpsScreen from '../../../../src/app/routes/admin/sign-ups/SignUpsScreen.svelte';
import type { SignUp } from '../../../../src/shared/schemas/sign-up.schema';
import { makeSignUp } from '../../../fixtures/signup.factory';
import { CSRF, apiError, signedInClient } from './admin-test-kit';

interface Stored {
  id: string;
  receivedAt: string;
  withdrawnAt: string | null;
  deletedAt: string | null;
  data: SignUp;
}

const stored = (data: SignUp): Stored => ({
  id: data.id,
  // As the server now stores it: the day only.
  receivedAt: '2026-11-21T00:00:00.000Z',
  withdrawnAt: null,
  deletedAt: null,
  data,
});

// Contact by text only: no email address at all.
const { email: _email, ...sam } = makeSignUp({
  name: 'Sam Carer',
  phone: '07700 900123',
  preferredContact: 'text',
  role: 'service-user',
  support: [],
});

async function setup() {
  const { server, client } = await signedInClient();
  let people: Stored[] = [
    stored(
      makeSignUp({
        name: 'Jo Bloggs',
        email: 'jo@example.org',
        support: ['interpreter', 'step-free'],
        interpreterLanguage: 'Polish',
      }),
    ),
    stored(sam),
  ];
  server.on('GET', '/sign-ups', ({ query }) => {
    const q = query.q?.toLowerCase();
    const found = people.filter(
      (p) =>
        (query.withdrawn === 'include' || p.withdrawnAt === null) &&
        (!q || p.data.name.toLowerCase().includes(q)),
    );
    return { body: { signUps: found, next: null } };
  });
  server.on('DELETE', '/sign-ups/:id', ({ params }) => {
    if (!people.some((p) => p.id === params.id))
      return apiError(404, 'not_found', 'There is no sign-up with this id.');
    people = people.filter((p) => p.id !== params.id);
    return { status: 204 };
  });
  server.on('POST', '/sign-ups/:id/withdraw', ({ params }) => {
    const person = people.find((p) => p.id === params.id);
    if (!person) return apiError(404, 'not_found', 'There is no sign-up with this id.');
    person.withdrawnAt = '2026-12-01T09:00:00.000Z';
    return { body: { id: person.id, withdrawnAt: person.withdrawnAt } };
  });
  server.on('GET', '/sign-ups/export.csv', () => ({ text: 'Name\r\nJo Bloggs\r\n' }));
  const user = userEvent.setup();
  render(SignUpsScreen, { client, params: {}, query: {} });
  await screen.findByRole('table', { name: 'Sign-ups, newest first' });
  return { server, user, people: () => people };
}

const rowFor = (name: string) => screen.getByText(name, { selector: 'span' }).closest('tr')!;

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe('console sign-ups', () => {
  it('lists people with how to contact them and their access needs at a glance', async () => {
    await setup();
    expect(screen.getByText('2 people listed.')).toBeVisible();
    const jo = within(rowFor('Jo Bloggs'));
    expect(jo.getByText('Interpreter (Polish)')).toBeVisible();
    expect(jo.getByText('Step-free access')).toBeVisible();
    expect(jo.getByText('jo@example.org').closest('li')).toHaveTextContent(
      'Email: jo@example.org (preferred)',
    );
    const sam = within(rowFor('Sam Carer'));
    expect(sam.getByText('None given')).toBeVisible();
    expect(sam.getByText('07700 900123').closest('li')).toHaveTextContent(
      'Text: 07700 900123 (preferred)',
    );
    expect(sam.getByText('Service user')).toBeVisible();
    // Dated to the day only, shown as a date: no misleading midnight.
    expect(jo.getByText('21 Nov 2026')).toBeVisible();
    expect(rowFor('Jo Bloggs')).toHaveTextContent(
      /Agreed to be contacted on 21 Nov 2026 \(wording/,
    );
    expect(rowFor('Jo Bloggs')).not.toHaveTextContent('00:00');
  });

  it('searches on the server and says how many were found', async () => {
    const { user, server } = await setup();
    await user.type(
      screen.getByRole('searchbox', { name: 'Search by name, email, phone or postcode' }),
      'jo',
    );
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('1 person found for “jo”.')).toBeVisible();
    expect(screen.queryByText('Sam Carer')).toBeNull();
    expect(server.seen('GET', '/sign-ups').at(-1)?.query).toEqual({ q: 'jo' });

    await user.clear(screen.getByRole('searchbox'));
    await user.type(screen.getByRole('searchbox'), 'nobody{Enter}');
    expect(
      await screen.findByText('Nobody matches “nobody”.', { selector: '[role=status]' }),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Show everyone' }));
    expect(await screen.findByText('2 people listed.')).toBeVisible();
  });

  it('erases only after a confirm step that says it cannot be undone', async () => {
    const { user, server, people } = await setup();
    const erase = within(rowFor('Jo Bloggs')).getByRole('button', { name: 'Erase: Jo Bloggs' });
    await user.click(erase);
    const confirm = screen.getByRole('group', { name: 'Erase everything about “Jo Bloggs”?' });
    expect(confirm).toHaveTextContent('This cannot be undone.');
    expect(server.seen('DELETE', `/sign-ups/${people()[0]!.id}`)).toHaveLength(0);

    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(erase).toHaveFocus());
    expect(screen.getByText('Jo Bloggs', { selector: 'span' })).toBeVisible();

    const id = people()[0]!.id;
    await user.click(erase);
    await user.click(screen.getByRole('button', { name: 'Yes, erase “Jo Bloggs” for good' }));
    expect(await screen.findByText('“Jo Bloggs” is erased.')).toBeVisible();
    expect(screen.queryByText('Jo Bloggs', { selector: 'span' })).toBeNull();
    const sent = server.seen('DELETE', `/sign-ups/${id}`);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-csrf-token']).toBe(CSRF);
  });

  it('withdraws after a confirm step and shows the person as withdrawn', async () => {
    const { user, server } = await setup();
    await user.click(
      within(rowFor('Sam Carer')).getByRole('button', { name: 'Withdraw: Sam Carer' }),
    );
    await user.click(screen.getByRole('button', { name: 'Yes, mark “Sam Carer” as withdrawn' }));
    expect(await screen.findByText('“Sam Carer” is marked as withdrawn.')).toBeVisible();
    expect(within(rowFor('Sam Carer')).getByText('Withdrawn')).toBeVisible();
    expect(server.requests.filter((r) => r.path.endsWith('/withdraw'))).toHaveLength(1);

    // Reloaded, the list leaves out people who withdrew unless asked to include them.
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('1 person listed.')).toBeVisible();
    await user.click(screen.getByRole('checkbox', { name: 'Include people who withdrew' }));
    expect(await screen.findByText('2 people listed.')).toBeVisible();
    expect(server.seen('GET', '/sign-ups').at(-1)?.query).toEqual({ withdrawn: 'include' });
  });

  it('downloads the server’s CSV export', async () => {
    const { user, server } = await setup();
    const files: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      files.push(blob);
      return 'blob:test';
    };
    URL.revokeObjectURL = () => undefined;
    await user.click(screen.getByRole('button', { name: 'Download all sign-ups (CSV)' }));
    await waitFor(() => expect(files).toHaveLength(1));
    expect(await files[0]!.text()).toBe('Name\r\nJo Bloggs\r\n');
    expect(server.seen('GET', '/sign-ups/export.csv')).toHaveLength(1);
  });
});
