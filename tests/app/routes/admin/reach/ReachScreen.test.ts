import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ReachScreen from '../../../../../src/app/routes/admin/reach/ReachScreen.svelte';
import { summariseReach } from '../../../../../src/shared/admin/reach';
import { makeEqualityMonitoring } from '../../../../fixtures/survey.factory';
import { FakeAdminServer, signedInClient } from '../admin-test-kit';

const EVENT = '0190f0a0-0000-7000-8000-000000000001';

const HELD_BACK =
  'Tablets do not send these answers one by one. Each tablet keeps them until it has 5 to send together, or the oldest has waited 7 days, so that no one’s answers here can be matched to their survey answers. So the last few answers from each tablet, up to 4, may not be here yet.';

describe('reach', () => {
  it('shows small counts as “fewer than 5”, with the reason, per event, survey and overall', async () => {
    const records = [
      ...Array.from({ length: 8 }, () =>
        makeEqualityMonitoring({ eventId: EVENT, answers: { age: '35-44', carer: 'yes' } }),
      ),
      makeEqualityMonitoring({ eventId: EVENT, answers: { age: '18-24', carer: 'no' } }),
    ];
    const summary = summariseReach(records, {
      events: new Map([[EVENT, 'Carers’ workshop']]),
      surveys: new Map([['test-survey', 'Ward feedback']]),
    });
    const server = new FakeAdminServer().on('GET', '/reach', () => ({ body: summary }));
    const { client } = await signedInClient(server);
    render(ReachScreen, { client, params: {}, query: {} });

    const age = await screen.findByRole('table', { name: 'Age' });
    const headers = within(age)
      .getAllByRole('columnheader')
      .map((h) => h.textContent.trim());
    expect(headers).toEqual([
      'Answer',
      'Everyone',
      'Event: Carers’ workshop',
      'Survey: Ward feedback',
    ]);
    const row = (name: string) =>
      within(age).getByRole('rowheader', { name }).closest('tr')!.querySelectorAll('td');
    expect([...row('35 to 44')].map((c) => c.textContent.trim())).toEqual(['8', '8', '8']);
    expect([...row('18 to 24')].map((c) => c.textContent.trim())).toEqual([
      'fewer than 5',
      'fewer than 5',
      'fewer than 5',
    ]);
    expect([...row('People counted')].map((c) => c.textContent.trim())).toEqual(['9', '9', '9']);
    expect(screen.getByRole('table', { name: 'Carer' })).toBeVisible();
    expect(
      screen.getByRole('heading', { name: 'Why some numbers say “fewer than 5” or “not shown”' }),
    ).toBeVisible();
    expect(screen.getByText(/so nobody can be picked out from who came/)).toBeVisible();
    // No number under 5 is anywhere on the page.
    const cells = screen.getAllByRole('cell').map((c) => c.textContent.trim());
    expect(cells.filter((c) => /^[0-4]$/.test(c))).toEqual([]);
  });

  it('says “5 or more, not shown” for a larger count hidden so a small one cannot be worked out', async () => {
    // Everyone's 11 "yes" less event A's 8 would give event B's 3 away.
    const A = '0190f0a0-0000-7000-8000-00000000000a';
    const B = '0190f0a0-0000-7000-8000-00000000000b';
    const people = (n: number, eventId: string, disability: 'yes' | 'no') =>
      Array.from({ length: n }, () =>
        makeEqualityMonitoring({ eventId, surveyId: undefined, answers: { disability } }),
      );
    const summary = summariseReach(
      [
        ...people(8, A, 'yes'),
        ...people(6, A, 'no'),
        ...people(3, B, 'yes'),
        ...people(7, B, 'no'),
      ],
      {
        events: new Map([
          [A, 'Event A'],
          [B, 'Event B'],
        ]),
        surveys: new Map(),
      },
    );
    const server = new FakeAdminServer().on('GET', '/reach', () => ({ body: summary }));
    const { client } = await signedInClient(server);
    render(ReachScreen, { client, params: {}, query: {} });

    const table = await screen.findByRole('table', {
      name: 'Disability or long-term health condition',
    });
    const yes = [
      ...within(table)
        .getByRole('rowheader', { name: 'Yes' })
        .closest('tr')!
        .querySelectorAll('td'),
    ].map((c) => c.textContent.trim());
    expect(yes[2]).toBe('fewer than 5');
    expect(yes.slice(0, 2)).toContain('5 or more, not shown');
    expect(screen.getByText(/a larger number is hidden as well/)).toBeVisible();
  });

  it('says none have arrived yet, and that tablets hold them back, when there are no records', async () => {
    const server = new FakeAdminServer().on('GET', '/reach', () => ({
      body: summariseReach([], { events: new Map(), surveys: new Map() }),
    }));
    const { client } = await signedInClient(server);
    render(ReachScreen, { client, params: {}, query: {} });
    expect(
      await screen.findByText('No equality-monitoring answers have reached the server yet.'),
    ).toBeVisible();
    // Not "nobody has answered": a tablet may be holding answers back on purpose.
    expect(screen.queryByText(/nobody has answered/i)).toBeNull();
    expect(screen.getByText(HELD_BACK)).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says recent answers may still be on the tablets when only a few have arrived', async () => {
    const records = Array.from({ length: 5 }, () =>
      makeEqualityMonitoring({ eventId: EVENT, answers: { age: '35-44' } }),
    );
    const server = new FakeAdminServer().on('GET', '/reach', () => ({
      body: summariseReach(records, {
        events: new Map([[EVENT, 'Carers’ workshop']]),
        surveys: new Map(),
      }),
    }));
    const { client } = await signedInClient(server);
    render(ReachScreen, { client, params: {}, query: {} });
    await screen.findByRole('table', { name: 'Age' });
    expect(screen.getByText(HELD_BACK)).toBeVisible();
  });
});
