import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import PlaybackScreen from '../../../../src/app/routes/workshop/PlaybackScreen.svelte';
import { eventInput, freshDevice } from '../../workshop-test-kit';

async function playbackOf(input: Parameters<typeof eventInput>[0], notes: string[]) {
  const device = freshDevice();
  const event = await device.store.createEvent(eventInput(input));
  for (const text of notes)
    await device.store.addNote({
      eventId: event.id,
      themeId: 'training',
      questionId: 'ideal',
      text,
    });
  render(PlaybackScreen, { store: device.store, eventId: event.id });
  await screen.findByRole('heading', { name: 'This is what we heard' });
}

describe('playback: its first line', () => {
  it('names the event, the place and the date as a strategy document would print them', async () => {
    await playbackOf({ title: 'Carers’ workshop', date: '2026-12-06', place: 'Riverside Hall' }, [
      'Carers help train new staff',
      'Shadow a carer for a day',
    ]);
    expect(
      await screen.findByText('2 notes from Carers’ workshop at Riverside Hall, 6 December 2026.'),
    ).toBeInTheDocument();
  });

  it('says "1 note", and leaves out a place that was never given', async () => {
    await playbackOf({ title: 'Staff listening day', date: '2026-03-04', place: '' }, [
      'More time to talk',
    ]);
    expect(
      await screen.findByText('1 note from Staff listening day, 4 March 2026.'),
    ).toBeInTheDocument();
  });
});
