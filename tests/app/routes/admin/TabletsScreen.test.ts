import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import TabletsScreen from '../../../../src/app/routes/admin/tablets/TabletsScreen.svelte';
import { apiError, signedInClient } from './admin-test-kit';

const threeHoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000).toISOString();

async function setup() {
  const { server, client } = await signedInClient();
  const devices = [
    {
      id: 'dev-1',
      name: 'Ward 3 tablet',
      createdAt: '2026-01-10T09:00:00.000Z',
      lastSeenAt: threeHoursAgo,
      revokedAt: null,
      appVersion: '0.1.0',
      outboxCount: 4,
    },
    {
      id: 'dev-2',
      name: 'Old iPad',
      createdAt: '2025-06-01T09:00:00.000Z',
      lastSeenAt: null,
      revokedAt: '2025-09-01T09:00:00.000Z',
      appVersion: null,
      outboxCount: null,
    },
  ];
  server.on('GET', '/devices', () => ({ body: { devices, next: null } }));
  server.on('POST', '/enrolment-codes', () => ({
    status: 201,
    body: { code: 'ABCDE-FGHJK', expiresAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString() },
  }));
  server.on('DELETE', '/devices/:id', ({ params }) => {
    const device = devices.find((d) => d.id === params.id);
    if (!device) return apiError(404, 'not_found', 'There is no device with this id.');
    device.revokedAt = '2026-03-01T10:00:00.000Z';
    return { body: { id: device.id, revokedAt: device.revokedAt } };
  });
  const user = userEvent.setup();
  render(TabletsScreen, { client, params: {}, query: {} });
  await screen.findByRole('heading', { level: 1, name: 'Tablets' });
  await screen.findByRole('table', {
    name: 'Tablets enrolled with this organisation, newest first',
  });
  return { server, user };
}

const rowFor = (name: string) => screen.getByRole('rowheader', { name }).closest('tr')!;

describe('console tablets: enrolment codes', () => {
  it('shows a new code as a QR code with an accessible name, in big text, with its expiry', async () => {
    const { user, server } = await setup();
    await user.click(screen.getByRole('button', { name: 'Make an enrolment code' }));

    const url = `${location.origin}/#/enrol?code=ABCDE-FGHJK`;
    const qr = await screen.findByRole('img', {
      name: `QR code to enrol a tablet. It opens ${url}`,
    });
    expect(qr.tagName.toLowerCase()).toBe('svg');
    // Drawn as rectangles (a white background, then the dark runs): they cover exactly the
    // dark modules of the code's matrix, quiet zone included.
    const { data, size } = encode(url, { ecc: 'M', border: 4 });
    const drawn = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
    const [background, ...runs] = Array.from(qr.querySelectorAll('rect'));
    expect(background).toHaveAttribute('fill', '#fff');
    for (const rect of runs) {
      const [x, y, width] = ['x', 'y', 'width'].map((a) => Number(rect.getAttribute(a)));
      for (let i = 0; i < width!; i++) drawn[y!]![x! + i] = true;
    }
    expect(drawn).toEqual(data);
    expect(screen.getByText('ABCDE-FGHJK')).toBeVisible();
    expect(screen.getByText(url)).toBeVisible();
    expect(screen.getByText(/^Works once, until .* \(in 24 hours\)\.$/)).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Enrolment code' })).toHaveFocus();
    expect(server.seen('POST', '/enrolment-codes')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Make another code' })).toBeVisible();
  });

  it('tells how to type a code on the tablet in the words the tablet shows', async () => {
    await setup();
    const steps = screen.getByRole('list', { name: 'Or type the code on the tablet:' });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Tap “Not enrolled, so nothing is sent” at the top right of the screen. (If something is waiting to be sent, it says so instead, for example “3 changes not yet sent: enrol this tablet”.)',
      'On the page “Sending to the server”, tap “Enrol this tablet”.',
      'Type the code under “Enrolment code”, a name under “Name for this tablet”, then tap “Enrol”.',
    ]);
    expect(screen.queryByText(/Sending →/)).toBeNull();
  });

  it('says in words when no code could be made', async () => {
    const { user, server } = await setup();
    server.on('POST', '/enrolment-codes', () => apiError(500, 'internal_error', 'boom'));
    await user.click(screen.getByRole('button', { name: 'Make an enrolment code' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'No code was made. The server had a problem (500). Try again in a moment.',
    );
    expect(screen.queryByRole('img')).toBeNull();
  });
});

describe('console tablets: devices', () => {
  it('lists each tablet with its last sync, waiting records, version and state', async () => {
    await setup();
    const active = within(rowFor('Ward 3 tablet'));
    const cells = active
      .getAllByRole('cell')
      .map((c) => c.textContent?.replace(/\s+/g, ' ').trim());
    expect(cells[1]).toMatch(/^3 hours ago \(.+\)$/);
    expect(cells.slice(2, 5)).toEqual(['4', '0.1.0', 'Active']);
    const revoked = within(rowFor('Old iPad'));
    expect(revoked.getByText('Never')).toBeVisible();
    expect(revoked.getByText('Revoked')).toBeVisible();
    expect(revoked.getAllByText('Not known')).toHaveLength(2);
    expect(revoked.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });

  it('asks before revoking, and Cancel changes nothing', async () => {
    const { user, server } = await setup();
    const revoke = within(rowFor('Ward 3 tablet')).getByRole('button', {
      name: 'Revoke: Ward 3 tablet',
    });
    await user.click(revoke);
    const confirm = screen.getByRole('group', { name: 'Revoke “Ward 3 tablet”?' });
    expect(confirm).toHaveTextContent('It stops sending and receiving at once.');
    expect(confirm).toHaveTextContent(
      'It still has 4 records waiting to be sent, which will not reach the server.',
    );
    await waitFor(() =>
      expect(screen.getByText('Revoke “Ward 3 tablet”?').closest('p')).toHaveFocus(),
    );
    expect(server.seen('DELETE', '/devices/dev-1')).toHaveLength(0);

    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: 'Revoke “Ward 3 tablet”?' })).toBeNull();
    await waitFor(() => expect(revoke).toHaveFocus());
    expect(server.seen('DELETE', '/devices/dev-1')).toHaveLength(0);
    expect(within(rowFor('Ward 3 tablet')).getByText('Active')).toBeVisible();
  });

  it('revokes after the confirm step and shows it as revoked', async () => {
    const { user, server } = await setup();
    await user.click(
      within(rowFor('Ward 3 tablet')).getByRole('button', { name: 'Revoke: Ward 3 tablet' }),
    );
    await user.click(screen.getByRole('button', { name: 'Yes, revoke “Ward 3 tablet”' }));
    expect(
      await screen.findByText('“Ward 3 tablet” is revoked. It can no longer send or receive.'),
    ).toBeVisible();
    expect(within(rowFor('Ward 3 tablet')).getByText('Revoked')).toBeVisible();
    expect(within(rowFor('Ward 3 tablet')).queryByRole('button', { name: /Revoke/ })).toBeNull();
    expect(server.seen('DELETE', '/devices/dev-1')).toHaveLength(1);
  });
});

describe('console tablets: more than one page', () => {
  const tablet = (n: number) => ({
    id: `dev-${n}`,
    name: `Tablet ${n}`,
    createdAt: `2026-01-${String(30 - n).padStart(2, '0')}T09:00:00.000Z`,
    lastSeenAt: null,
    revokedAt: null,
    appVersion: '0.1.0',
    outboxCount: 0,
  });

  async function paged() {
    const { server, client } = await signedInClient();
    server.on('GET', '/devices', ({ query }) =>
      query.after === undefined
        ? { body: { devices: [tablet(1), tablet(2)], next: 'page-2' } }
        : query.after === 'page-2'
          ? { body: { devices: [tablet(3)], next: null } }
          : apiError(400, 'validation_failed', 'after: is not a cursor from this list'),
    );
    const user = userEvent.setup();
    render(TabletsScreen, { client, params: {}, query: {} });
    await screen.findByRole('rowheader', { name: 'Tablet 2' });
    return { server, user };
  }

  it('shows the next page after the first on “Show more”, then no button', async () => {
    const { server, user } = await paged();
    expect(screen.queryByRole('rowheader', { name: 'Tablet 3' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show more tablets' }));
    const third = await screen.findByRole('rowheader', { name: 'Tablet 3' });
    await waitFor(() => expect(third).toHaveFocus());
    expect(screen.getAllByRole('rowheader').map((r) => r.textContent)).toEqual([
      'Tablet 1',
      'Tablet 2',
      'Tablet 3',
    ]);
    expect(screen.getByText('3 tablets shown.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Show more tablets' })).toBeNull();
    expect(server.seen('GET', '/devices').map((r) => r.query)).toEqual([{}, { after: 'page-2' }]);
  });

  it('keeps what is shown and says why when the next page does not come', async () => {
    const { server, user } = await paged();
    server.on('GET', '/devices', () => apiError(500, 'internal_error', 'boom'));
    await user.click(screen.getByRole('button', { name: 'Show more tablets' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'No more tablets could be loaded. The server had a problem (500). Try again in a moment.',
    );
    expect(screen.getAllByRole('rowheader')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Show more tablets' })).toBeEnabled();
  });
});
