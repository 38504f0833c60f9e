import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import OutcomesScreen from '../../../../../src/app/routes/admin/outcomes/OutcomesScreen.svelte';
import { makeEvent } from '../../../../fixtures/workshop.factory';
import { FakeAdminServer, signedInClient } from '../admin-test-kit';
import { makeSurveySummary } from '../survey-builder/survey-admin.factory';
import { eventSummary, makeOutcome } from './outcome-admin.factory';

describe('outcomes list', () => {
  it('lists each outcome with its state and what it is about, and the sheets to print', async () => {
    const event = makeEvent({ title: 'Carers’ workshop' });
    const outcomes = [
      makeOutcome({ youSaid: 'Draft one', eventId: event.id }),
      makeOutcome({
        youSaid: 'Published one',
        publishedAt: '2026-11-20T10:00:00.000Z',
        eventId: event.id,
        surveyId: 'fft',
      }),
      makeOutcome({
        youSaid: 'Withdrawn one',
        publishedAt: '2026-11-10T10:00:00.000Z',
        withdrawnAt: '2026-11-12T10:00:00.000Z',
      }),
    ];
    const server = new FakeAdminServer()
      .on('GET', '/outcomes', () => ({ body: { outcomes } }))
      .on('GET', '/events', () => ({ body: { events: [eventSummary(event)], next: null } }))
      .on('GET', '/surveys', () => ({
        body: { surveys: [makeSurveySummary({ id: 'fft', title: 'Friends and Family Test' })] },
      }));
    const { client } = await signedInClient(server);
    render(OutcomesScreen, { client, params: {}, query: {} });

    const row = (name: string) => screen.getByRole('row', { name: new RegExp(`^${name}`) });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You said, we did' }),
    ).toBeVisible();
    await screen.findByText('Draft one');
    expect(within(row('Draft one')).getByText('Draft')).toBeVisible();
    expect(within(row('Published one')).getByText('Published 20 Nov 2026')).toBeVisible();
    expect(within(row('Withdrawn one')).getByText('Withdrawn 12 Nov 2026')).toBeVisible();
    expect(await within(row('Published one')).findByText('Event: Carers’ workshop')).toBeVisible();
    expect(within(row('Published one')).getByText('Survey: Friends and Family Test')).toBeVisible();
    expect(within(row('Withdrawn one')).getByText('Not linked')).toBeVisible();
    expect(within(row('Draft one')).getByRole('link', { name: 'Edit: Draft one' })).toHaveAttribute(
      'href',
      `#/admin/outcomes/${outcomes[0]!.id}`,
    );
    expect(screen.getByRole('link', { name: 'Sheet for Carers’ workshop' })).toHaveAttribute(
      'href',
      `#/admin/events/${event.id}/you-said-we-did`,
    );
    expect(screen.getByRole('link', { name: 'New outcome' })).toHaveAttribute(
      'href',
      '#/admin/outcomes/new',
    );
  });
});
