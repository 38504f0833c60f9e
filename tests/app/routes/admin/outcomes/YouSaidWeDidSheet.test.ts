import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import YouSaidWeDidSheet from '../../../../../src/app/routes/admin/outcomes/YouSaidWeDidSheet.svelte';
import type { PublishedOutcome } from '../../../../../src/shared/schemas/outcome.schema';
import { makeEvent } from '../../../../fixtures/workshop.factory';
import { FakeAdminServer, signedInClient } from '../admin-test-kit';
import { eventDetail, makeOutcome } from './outcome-admin.factory';

function published(overrides: Partial<PublishedOutcome>): PublishedOutcome {
  const { createdAt: _c, updatedAt: _u, ...outcome } = makeOutcome();
  return { ...outcome, publishedAt: '2026-11-20T10:00:00.000Z', ...overrides };
}

async function open(outcomes: PublishedOutcome[]) {
  const event = makeEvent({ title: 'Carers’ workshop', date: '2026-11-21' });
  const server = new FakeAdminServer().on('GET', '/events/:id', () => ({
    body: eventDetail(event, [], outcomes),
  }));
  const { client } = await signedInClient(server);
  render(YouSaidWeDidSheet, { client, params: { id: event.id }, query: {} });
  await screen.findByText('Carers’ workshop, 21 Nov 2026');
  return event;
}

describe('"you said, we did" sheet', () => {
  it('shows each published outcome of the event as an easy-read pair, ready to print', async () => {
    await open([
      published({
        youSaid: 'The letters about appointments use words that are hard to understand.',
        youSaidEasyRead: 'Our letters are hard to read.',
        weDid: 'We rewrote every appointment letter with people who use our services.',
        weDidEasyRead: 'We made our letters easier to read.',
        pictogram: 'leaflet',
      }),
      published({ youSaid: 'No quiet room.', weDid: 'We made one.' }),
      published({
        youSaid: 'Taken back',
        weDid: 'Not shown',
        withdrawnAt: '2026-11-21T10:00:00.000Z',
      }),
    ]);
    expect(screen.getByRole('heading', { level: 1, name: 'You said, we did' })).toBeVisible();
    const pairs = screen.getAllByRole('listitem');
    expect(pairs).toHaveLength(2);
    expect(within(pairs[0]!).getByText('Our letters are hard to read.')).toBeVisible();
    expect(within(pairs[0]!).getByText('We made our letters easier to read.')).toBeVisible();
    expect(
      within(pairs[0]!)
        .getAllByRole('heading')
        .map((h) => h.textContent),
    ).toEqual(['You said', 'We did']);
    // No easy-read words written: the standard ones are used.
    expect(within(pairs[1]!).getByText('We made one.')).toBeVisible();
    expect(screen.queryByText('Taken back')).toBeNull();
    expect(screen.getByRole('button', { name: 'Print' })).toBeVisible();
  });

  it('offers to write an outcome when the event has none yet', async () => {
    const event = await open([]);
    expect(screen.getByText('This event has no published outcomes yet.')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Write an outcome for this event' })).toHaveAttribute(
      'href',
      `#/admin/outcomes/new?event=${event.id}`,
    );
  });
});
