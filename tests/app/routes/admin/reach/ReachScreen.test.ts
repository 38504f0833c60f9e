import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ReachScreen from '../../../../../src/app/routes/admin/reach/ReachScreen.svelte';
import { summariseReach } from '../../../../../src/shared/admin/reach';
import { makeEqualityMonitoring } from '../../../../fixtures/survey.factory';
import { FakeAdminServer, signedInClient } from '../admin-test-kit';

const EVENT = '0190f0a0-0000-7000-8000-000000000001';

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
      screen.getByRole('heading', { name: 'Why some numbers say “fewer than 5”' }),
    ).toBeVisible();
    expect(screen.getByText(/so nobody can be picked out from who came/)).toBeVisible();
    // No number under 5 is anywhere on the page.
    const cells = screen.getAllByRole('cell').map((c) => c.textContent.trim());
    expect(cells.filter((c) => /^[0-4]$/.test(c))).toEqual([]);
  });
});
