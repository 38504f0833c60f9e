import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import KioskRunner from '../../../../src/app/routes/kiosk/KioskRunner.svelte';
import { KIOSK_KEY, type KioskConfig } from '../../../../src/app/routes/kiosk/kiosk-config';
import {
  KIOSK_RESPONDENT_KEYS,
  KIOSK_STRINGS_NEED_REVIEW,
  kioskStrings,
} from '../../../../src/app/routes/kiosk/kiosk.i18n';
import { locale } from '../../../../src/app/i18n/i18n.svelte';
import { KIOSK_DRAFT_KEY } from '../../../../src/app/storage/survey-drafts';
import { makeKioskConfig } from '../../../fixtures/kiosk.factory';
import { fakeFeed, makeOutcome, receive, type FakeFeed } from '../../../fixtures/pull-feed';
import { makeShortSurvey, words } from '../../../fixtures/survey.factory';
import { freshDevice } from '../../workshop-test-kit';

type Device = ReturnType<typeof freshDevice>;

const OUTCOMES = [
  makeOutcome({
    youSaid: 'The ward was too noisy at night.',
    weDid: 'We dimmed the corridor lights after 10pm.',
    youSaidEasyRead: 'It was loud at night.',
    weDidEasyRead: 'We made the lights softer at night.',
    pictogram: 'listen',
    publishedAt: '2026-11-01T09:00:00.000Z',
  }),
  makeOutcome({
    youSaid: 'Visiting times were hard for carers who work.',
    weDid: 'Visiting now runs until 8pm every day.',
    youSaidEasyRead: 'Visiting was hard after work.',
    weDidEasyRead: 'You can visit until 8 at night.',
    pictogram: 'people',
    publishedAt: '2026-11-20T09:00:00.000Z',
  }),
  makeOutcome({
    youSaid: 'Nobody explained the discharge letter.',
    weDid: 'A nurse now goes through it with you before you leave.',
    // No easy-read words: the standard ones show in easy read too.
    publishedAt: '2026-11-10T09:00:00.000Z',
  }),
  makeOutcome({
    youSaid: 'The oldest one, which no longer fits.',
    weDid: 'Something from long ago.',
    publishedAt: '2026-06-01T09:00:00.000Z',
  }),
];

async function publish(device: Device, feed: FakeFeed, ...things: [string, unknown][]) {
  for (const [kind, data] of things) feed.publish(kind, data);
  await receive(device.db, feed, device.settings);
}

async function setup(config: Partial<Omit<KioskConfig, 'pin'>> = {}, device = freshDevice()) {
  const kiosk = await makeKioskConfig(config);
  await device.settings.set(KIOSK_KEY, kiosk);
  const user = userEvent.setup();
  render(KioskRunner, {
    config: kiosk,
    settings: device.settings,
    surveys: device.surveys,
    onleave: vi.fn(),
  });
  return { ...device, user, config: kiosk };
}

const outcomesRegion = () =>
  screen.findByRole('region', { name: 'What we changed after listening' });
const items = (region: HTMLElement) => within(region).getAllByRole('listitem');

beforeEach(() => {
  vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  locale.language = 'en';
});

describe('the kiosk welcome screen', () => {
  it('shows the three newest outcomes, newest first, as "You said … We did …" below the start button', async () => {
    const device = freshDevice();
    const feed = fakeFeed();
    await publish(device, feed, ...OUTCOMES.map((o): [string, unknown] => ['outcome', o]));
    await setup({ presentation: 'standard' }, device);

    const region = await outcomesRegion();
    expect(items(region).map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'You said Visiting times were hard for carers who work. We did Visiting now runs until 8pm every day.',
      'You said Nobody explained the discharge letter. We did A nurse now goes through it with you before you leave.',
      'You said The ward was too noisy at night. We did We dimmed the corridor lights after 10pm.',
    ]);
    expect(screen.queryByText('The oldest one, which no longer fits.')).not.toBeInTheDocument();
    // Standard: the standard words, no pictures, nothing to press.
    expect(within(region).queryByRole('img')).not.toBeInTheDocument();
    expect(within(region).queryByRole('button')).not.toBeInTheDocument();
    expect(region.querySelectorAll('img')).toHaveLength(0);

    // The big start button is still the one that moves on, and comes first.
    const start = screen.getByRole('button', { name: 'Start' });
    expect(start).toHaveClass('primary', 'big');
    expect(start.compareDocumentPosition(region) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByRole('button').filter((b) => b.classList.contains('primary'))).toEqual([
      start,
    ]);
  });

  it('uses the easy-read words and pictures on an easy-read screen, and the standard words where there are none', async () => {
    const device = freshDevice();
    await publish(device, fakeFeed(), ...OUTCOMES.map((o): [string, unknown] => ['outcome', o]));
    await setup({ presentation: 'easy-read' }, device);

    const region = await outcomesRegion();
    const [visiting, discharge, noise] = items(region);
    expect(visiting).toHaveTextContent('Visiting was hard after work.');
    expect(visiting).toHaveTextContent('You can visit until 8 at night.');
    expect(visiting).not.toHaveTextContent('carers who work');
    expect(visiting!.querySelector('img')).toHaveAttribute('src', '/pictograms/people.svg');
    expect(noise).toHaveTextContent('It was loud at night.');
    expect(noise!.querySelector('img')).toHaveAttribute('src', '/pictograms/listen.svg');
    expect(discharge).toHaveTextContent('Nobody explained the discharge letter.');
    // Published with no picture: easy read still puts one by it, a general one.
    expect(discharge!.querySelector('img')).toHaveAttribute('src', '/pictograms/announce.svg');
    // And one by the heading.
    expect(region.querySelector('.prompt img')).toHaveAttribute('src', '/pictograms/announce.svg');
  });

  it('follows the person’s choice of easy read on the welcome screen', async () => {
    const device = freshDevice();
    await publish(device, fakeFeed(), ['outcome', OUTCOMES[0]]);
    const { user } = await setup({ presentation: 'standard' }, device);
    const region = await outcomesRegion();
    expect(region).toHaveTextContent('The ward was too noisy at night.');
    await user.click(screen.getByRole('checkbox', { name: 'Easy read' }));
    expect(region).toHaveTextContent('It was loud at night.');
    expect(region.querySelector('.outcome img')).toHaveAttribute('src', '/pictograms/listen.svg');
  });

  it('speaks the person’s language around the outcomes, which stay marked as English', async () => {
    const device = freshDevice();
    await publish(device, fakeFeed(), ['outcome', OUTCOMES[0]]);
    const { user } = await setup({}, device);
    await outcomesRegion();
    await user.click(screen.getByRole('button', { name: 'Cymraeg' }));
    const region = screen.getByRole('region', { name: 'Beth wnaethon ni ei newid ar ôl gwrando' });
    expect(region).toHaveTextContent('Dywedoch chi');
    expect(region).toHaveTextContent('Gwnaethon ni');
    expect(within(region).getByText('The ward was too noisy at night.')).toHaveAttribute(
      'lang',
      'en',
    );
  });

  it('shows nothing of the kind when nothing is published, and drops a withdrawn outcome', async () => {
    const device = freshDevice();
    const feed = fakeFeed();
    await setup({}, device);
    await screen.findByRole('heading', { level: 1, name: 'Friends and Family Test' });
    expect(screen.queryByRole('region')).not.toBeInTheDocument();

    const [outcome] = OUTCOMES;
    await publish(device, feed, ['outcome', outcome]);
    await outcomesRegion();
    await publish(device, feed, [
      'outcome',
      { ...outcome, withdrawnAt: '2026-11-30T09:00:00.000Z' },
    ]);
    await vi.waitFor(() =>
      expect(screen.queryByText('The ward was too noisy at night.')).not.toBeInTheDocument(),
    );
  });
});

describe('a kiosk running a published survey', () => {
  async function answerAndFinish(user: ReturnType<typeof userEvent.setup>) {
    await user.click(screen.getByRole('button', { name: 'Start' }));
    await user.click(screen.getByRole('radio', { name: 'Very good' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    await user.click(await screen.findByRole('button', { name: 'Done' }));
  }

  it('finds the survey on the tablet, and takes up a newer version only between people', async () => {
    const device = freshDevice();
    const feed = fakeFeed();
    await publish(device, feed, ['survey', makeShortSurvey()]);
    const { user, db } = await setup({ surveyId: 'discharge', surveyVersion: 1 }, device);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Going home from the ward' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    await user.click(screen.getByRole('radio', { name: 'Very good' }));
    // Version 2 arrives while someone is answering: they carry on with version 1.
    await publish(device, feed, [
      'survey',
      makeShortSurvey({ version: 2, title: words('Leaving the ward') }),
    ]);
    expect(screen.getByRole('radio', { name: 'Very good' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Send my answers' }));
    await user.click(await screen.findByRole('button', { name: 'Done' }));

    // The next person gets version 2.
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Leaving the ward' }),
    ).toBeInTheDocument();
    await answerAndFinish(user);
    await screen.findByRole('heading', { level: 1, name: 'Leaving the ward' });
    const saved = (await db.queue.toArray()).map((e) => e.data);
    expect(saved).toEqual([
      expect.objectContaining({ surveyId: 'discharge', surveyVersion: 1, status: 'complete' }),
      expect.objectContaining({ surveyId: 'discharge', surveyVersion: 2, status: 'complete' }),
    ]);
  });

  it('saves a half-answered draft from before a restart against the version it answered', async () => {
    const device = freshDevice();
    const feed = fakeFeed();
    await publish(device, feed, ['survey', makeShortSurvey()]);
    await device.settings.set(KIOSK_DRAFT_KEY, {
      responseId: '019a0000-0000-7000-8000-000000000001',
      surveyId: 'discharge',
      surveyVersion: 1,
      language: 'en',
      presentation: 'standard',
      answers: { rating: { questionId: 'rating', choice: 'poor' } },
      step: { kind: 'question', questionId: 'rating' },
    });
    // Version 2 arrived while the tablet was off; the draft kept version 1 on the tablet.
    await publish(device, feed, [
      'survey',
      makeShortSurvey({ version: 2, title: words('Leaving the ward') }),
    ]);
    const { db } = await setup({ surveyId: 'discharge', surveyVersion: 1 }, device);

    await screen.findByRole('heading', { level: 1, name: 'Leaving the ward' });
    await vi.waitFor(async () => expect(await db.queue.count()).toBe(1));
    expect((await db.queue.toArray())[0]?.data).toMatchObject({
      surveyId: 'discharge',
      surveyVersion: 1,
      status: 'partial',
      answers: [{ questionId: 'rating', choice: 'poor' }],
    });
  });

  it('tells staff when the survey it was set up with is not on the tablet, and lets them in', async () => {
    await setup({ surveyId: 'not-published-yet', surveyVersion: 1 });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The survey this kiosk was set up with is not on this tablet.',
    );
    expect(screen.getByRole('button', { name: 'Staff' })).toBeInTheDocument();
  });
});

describe('welcome strings respondents see', () => {
  it.each(KIOSK_STRINGS_NEED_REVIEW)(
    'are all translated in %s (marked as needing review)',
    (language) => {
      locale.language = language;
      for (const key of KIOSK_RESPONDENT_KEYS) {
        locale.language = 'en';
        const english = kioskStrings.t(key, { count: 2 });
        locale.language = language;
        expect(kioskStrings.t(key, { count: 2 }), key).not.toBe(english);
      }
    },
  );
});
