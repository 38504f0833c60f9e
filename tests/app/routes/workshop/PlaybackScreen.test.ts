import { render, screen, within } from '@testing-library/svelte';
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

describe('playback: questions with nothing noted', () => {
  /** The words straight after a heading: what the printed page says under it. */
  const under = (heading: HTMLElement) => heading.nextElementSibling?.textContent.trim();

  it('say plainly that nothing was noted, not "yet", and keep every question in its place', async () => {
    const device = freshDevice();
    const event = await device.store.createEvent(
      eventInput({ title: 'Carers’ workshop', date: '2026-12-06' }),
    );
    const note = (
      themeId: string,
      questionId: 'ideal' | 'worked' | 'get-there',
      text: string,
      polarity?: 'worked' | 'not-worked',
    ) => device.store.addNote({ eventId: event.id, themeId, questionId, text, polarity });
    await note('training', 'ideal', 'Service users help train new staff');
    await note('training', 'worked', 'The carer awareness course', 'worked');
    await note('communication', 'ideal', 'Plain English letters');
    render(PlaybackScreen, { store: device.store, eventId: event.id });

    const training = await screen.findByRole('region', { name: 'Training' });
    await within(training).findByText('The carer awareness course');
    const [ideal, worked, getThere] = within(training).getAllByRole('heading', { level: 4 });
    expect(under(ideal!)).toContain('Service users help train new staff');
    // Question 2 had something that worked and nothing that did not.
    expect(under(worked!)).toContain('The carer awareness course');
    const notWorked = within(training).getByRole('heading', { level: 5, name: 'Has not worked' });
    expect(under(notWorked)).toBe('Nothing was noted.');
    expect(getThere).toHaveTextContent('3. How do we get to where we want to be?');
    expect(under(getThere!)).toBe('Nothing was noted for this question.');

    // Nothing at all for question 2: one line, not two empty halves.
    const communication = screen.getByRole('region', { name: 'Communication' });
    const q2 = within(communication).getAllByRole('heading', { level: 4 })[1]!;
    expect(q2).toHaveTextContent(
      '2. What has worked well, and what has not worked so well, in the past?',
    );
    expect(under(q2)).toBe('Nothing was noted for this question.');
    expect(within(communication).queryByRole('heading', { level: 5 })).not.toBeInTheDocument();

    const leadership = screen.getByRole('region', { name: 'Leadership' });
    expect(leadership).toHaveTextContent('Nothing was noted for this theme.');
    expect(screen.queryByText(/\byet\b/)).not.toBeInTheDocument();
  });
});
