import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import PlaybackScreen from '../../../../src/app/routes/workshop/PlaybackScreen.svelte';
import { fakeFeed, makeOutcome, receive } from '../../../fixtures/pull-feed';
import { makeEvent } from '../../../fixtures/workshop.factory';
import { freshDevice } from '../../workshop-test-kit';

/** An event the organisation published, pulled onto this tablet, with one note taken here. */
async function setup() {
  const device = freshDevice();
  const feed = fakeFeed();
  const event = makeEvent({ title: 'Carers’ listening day', deviceId: 'server' });
  feed.publish('event', event);
  await receive(device.db, feed);
  await device.store.addNote({
    eventId: event.id,
    themeId: 'training',
    questionId: 'ideal',
    text: 'Carers help train new staff',
  });
  render(PlaybackScreen, { store: device.store, eventId: event.id });
  await screen.findByRole('heading', { name: 'This is what we heard' });
  return { ...device, feed, event };
}

const youSaidSections = () => screen.queryAllByRole('region', { name: 'You said, we did' });

describe('playback: you said, we did', () => {
  it('shows outcomes linked to the event, and those about a theme under that theme', async () => {
    const { feed, db, event } = await setup();
    expect(youSaidSections()).toEqual([]);

    feed.publish(
      'outcome',
      makeOutcome({
        eventId: event.id,
        youSaid: 'Events were hard to reach by bus.',
        weDid: 'The next one is at the library, on the 12 bus route.',
      }),
    );
    feed.publish(
      'outcome',
      makeOutcome({
        eventId: event.id,
        themeIds: ['training'],
        youSaid: 'Carers should help train staff.',
        weDid: 'Two carers now co-deliver the induction course.',
      }),
    );
    feed.publish('outcome', makeOutcome({ youSaid: 'About another event entirely.' }));
    await receive(db, feed);

    const [whole] = await screen.findAllByRole('region', { name: 'You said, we did' });
    expect(whole).toHaveTextContent('You said: Events were hard to reach by bus.');
    expect(whole).toHaveTextContent('We did: The next one is at the library, on the 12 bus route.');
    expect(whole).not.toHaveTextContent('Carers should help train staff.');

    const training = screen.getByRole('region', { name: 'Training' });
    const underTraining = within(training).getByRole('region', { name: 'You said, we did' });
    expect(underTraining).toHaveTextContent('You said: Carers should help train staff.');
    expect(underTraining).toHaveTextContent(
      'We did: Two carers now co-deliver the induction course.',
    );
    // What was heard comes first, then what was done about it.
    expect(within(training).getByText('Carers help train new staff')).toBeInTheDocument();

    const leadership = screen.getByRole('region', { name: 'Leadership' });
    expect(within(leadership).queryByRole('region', { name: 'You said, we did' })).toBeNull();
    expect(screen.queryByText('About another event entirely.')).not.toBeInTheDocument();
    expect(youSaidSections()).toHaveLength(2);
  });

  it('points to the themes when every outcome is about one, and drops a withdrawn one', async () => {
    const { feed, db, event } = await setup();
    const outcome = makeOutcome({
      eventId: event.id,
      themeIds: ['training', 'leadership'],
      youSaid: 'Managers never heard from carers.',
      weDid: 'A carer now sits on the leadership board.',
    });
    feed.publish('outcome', outcome);
    await receive(db, feed);

    const [whole] = await screen.findAllByRole('region', { name: 'You said, we did' });
    expect(whole).toHaveTextContent('What changed is shown under each theme below.');
    for (const theme of ['Training', 'Leadership'])
      expect(
        within(screen.getByRole('region', { name: theme })).getByRole('region', {
          name: 'You said, we did',
        }),
      ).toHaveTextContent('Managers never heard from carers.');

    feed.publish('outcome', { ...outcome, withdrawnAt: '2026-12-05T09:00:00.000Z' });
    await receive(db, feed);
    await expect.poll(() => screen.queryByText(/Managers never heard from carers/)).toBeNull();
    expect(youSaidSections()).toEqual([]);
  });
});
