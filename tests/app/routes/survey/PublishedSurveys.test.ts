import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import KioskSetup from '../../../../src/app/routes/kiosk/KioskSetup.svelte';
import SurveyRunScreen from '../../../../src/app/routes/survey/SurveyRunScreen.svelte';
import SurveysScreen from '../../../../src/app/routes/survey/SurveysScreen.svelte';
import { surveyDraftKey } from '../../../../src/app/storage/survey-drafts';
import { fakeFeed, receive } from '../../../fixtures/pull-feed';
import { makeShortSurvey, words } from '../../../fixtures/survey.factory';
import { freshDevice } from '../../workshop-test-kit';

type Device = ReturnType<typeof freshDevice>;

/** A tablet that has pulled the organisation's surveys: "Going home" and its own FFT. */
async function pulledDevice() {
  const device = freshDevice();
  const feed = fakeFeed();
  feed.publish('survey', makeShortSurvey());
  feed.publish(
    'survey',
    makeShortSurvey({ id: 'fft', version: 2, title: words('Friends and Family Test, Ward 7') }),
  );
  await receive(device.db, feed, device.settings);
  return { ...device, feed };
}

const cardTitles = () =>
  screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent?.trim());

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the surveys list', () => {
  it('lists published surveys beside the built-in ones; a published one replaces the built-in of its id', async () => {
    const device = await pulledDevice();
    render(SurveysScreen, { surveys: device.surveys });

    await screen.findByRole('heading', { level: 2, name: 'Going home from the ward' });
    expect(cardTitles()).toEqual([
      'Friends and Family Test, Ward 7',
      'Tell us about your time on the ward',
      'Tell us what you think',
      'Going home from the ward',
      'Get involved',
    ]);
    const card = screen.getByRole('heading', { name: 'Going home from the ward' }).closest('li')!;
    expect(card).toHaveTextContent('From your organisation, version 1');
    expect(
      within(card).getByRole('link', { name: 'Answer now: Going home from the ward' }),
    ).toHaveAttribute('href', '#/surveys/discharge');
    const builtIn = screen
      .getByRole('heading', { name: 'Tell us about your time on the ward' })
      .closest('li')!;
    expect(builtIn).not.toHaveTextContent('From your organisation');
  });

  it('spaces the facts under each title evenly: questions · easy read · version', async () => {
    const device = await pulledDevice();
    render(SurveysScreen, { surveys: device.surveys });
    await screen.findByRole('heading', { level: 2, name: 'Going home from the ward' });
    const facts = (title: string) =>
      within(screen.getByRole('heading', { name: title }).closest('li')!).getByText(/questions?\b/)
        .textContent;
    expect(facts('Tell us what you think')).toBe('6 questions · Easy read');
    expect(facts('Tell us about your time on the ward')).toBe('6 questions');
    expect(facts('Going home from the ward')).toMatch(
      /^\d+ questions? · From your organisation, version 1$/,
    );
  });

  it('offers them for kiosk mode too', async () => {
    const device = await pulledDevice();
    render(KioskSetup, {
      settings: device.settings,
      surveys: device.surveys,
      surveyId: 'discharge',
      onstarted: vi.fn(),
    });
    const select = screen.getByRole('combobox', { name: 'Survey' });
    await vi.waitFor(() => expect(select).toHaveDisplayValue('Going home from the ward'));
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Friends and Family Test, Ward 7',
      'Tell us about your time on the ward',
      'Tell us what you think',
      'Going home from the ward',
    ]);
  });
});

describe('answering a published survey', () => {
  function run(device: Device, surveyId = 'discharge') {
    const user = userEvent.setup();
    const view = render(SurveyRunScreen, {
      surveys: device.surveys,
      settings: device.settings,
      surveyId,
    });
    return { user, view };
  }

  it('runs it from the tablet alone and saves the answers for sending', async () => {
    const device = await pulledDevice();
    // Offline: nothing may reach for the network.
    const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('offline'));
    const { user } = run(device);

    await user.click(await screen.findByRole('button', { name: 'Start' }));
    expect(
      screen.getByRole('radiogroup', {
        name: 'Overall, how was your experience of our service?',
      }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Good' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    expect(await screen.findByRole('heading', { name: 'Thank you' })).toBeInTheDocument();

    expect((await device.db.queue.toArray()).map((e) => e.data)).toEqual([
      expect.objectContaining({
        surveyId: 'discharge',
        surveyVersion: 1,
        kiosk: false,
        answers: [{ questionId: 'rating', choice: 'good' }],
      }),
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('finishes a draft in the version it was started in, even after a newer one arrives', async () => {
    const device = await pulledDevice();
    const first = run(device);
    await first.user.click(await screen.findByRole('button', { name: 'Start' }));
    await first.user.click(screen.getByRole('radio', { name: 'Poor' }));
    await vi.waitFor(async () =>
      expect(await device.settings.get(surveyDraftKey('discharge'))).toMatchObject({
        surveyVersion: 1,
      }),
    );
    first.view.unmount();

    device.feed.publish(
      'survey',
      makeShortSurvey({ version: 2, title: words('Leaving the ward') }),
    );
    device.feed.publish(
      'survey',
      makeShortSurvey({ version: 3, title: words('Leaving the ward, again') }),
    );
    await receive(device.db, device.feed, device.settings);

    // After a reload: the same person, the same version, the answer still there.
    const again = run(device);
    expect(await screen.findByRole('radio', { name: 'Poor' })).toBeChecked();
    await again.user.click(screen.getByRole('button', { name: 'Next' }));
    await again.user.click(screen.getByRole('button', { name: 'Next' }));
    await again.user.click(screen.getByRole('button', { name: 'Send my answers' }));
    await screen.findByRole('heading', { name: 'Thank you' });
    expect((await device.db.queue.toArray())[0]?.data).toMatchObject({
      surveyId: 'discharge',
      surveyVersion: 1,
    });
    again.view.unmount();

    // The next person gets the newest version.
    run(device);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Leaving the ward, again' }),
    ).toBeInTheDocument();
  });

  it('says so when the survey is not on the tablet', async () => {
    run(freshDevice(), 'not-here');
    expect(
      await screen.findByText(/There is no survey with that name on this tablet/),
    ).toBeInTheDocument();
  });
});
