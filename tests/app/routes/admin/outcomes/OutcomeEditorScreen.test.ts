import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import OutcomeEditorScreen from '../../../../../src/app/routes/admin/outcomes/OutcomeEditorScreen.svelte';
import type { AdminOutcome } from '../../../../../src/shared/admin/admin-api';
import {
  FreeTextPageFold,
  parseFreeTextCursor,
  summariseSurvey,
} from '../../../../../src/shared/admin/survey-results';
import type { OutcomeInput } from '../../../../../src/shared/schemas/outcome.schema';
import { makeSurvey, makeSurveyResponse } from '../../../../fixtures/survey.factory';
import { makeEvent, makeNote } from '../../../../fixtures/workshop.factory';
import { FakeAdminServer, apiError, signedInClient } from '../admin-test-kit';
import { makeSurveySummary } from '../survey-builder/survey-admin.factory';
import { eventDetail, eventSummary, makeOutcome } from './outcome-admin.factory';

type User = ReturnType<typeof userEvent.setup>;

const event = makeEvent({ title: 'Carers’ workshop' });
const training = makeNote({
  eventId: event.id,
  themeId: 'training',
  text: 'More training on autism',
});
const talk = makeNote({
  eventId: event.id,
  themeId: 'communication',
  questionId: 'worked',
  polarity: 'not-worked',
  text: 'Letters arrive after the appointment',
});
const lead = makeNote({
  eventId: event.id,
  themeId: 'leadership',
  text: 'Leaders should visit wards',
});
const NOW = '2026-11-22T09:00:00.000Z';

// Two written answers to the ward survey, and one response with none.
const written = (text: string, createdAt: string) =>
  makeSurveyResponse({
    createdAt,
    updatedAt: createdAt,
    location: 'Ward 3',
    answers: [
      { questionId: 'rating', choice: 'poor' },
      { questionId: 'why', text },
    ],
  });
const noisy = written('It was too noisy to sleep', '2026-11-03T10:00:00.000Z');
const food = written('The food was <b>cold</b>', '2026-11-04T10:00:00.000Z');
const silent = makeSurveyResponse({ answers: [{ questionId: 'rating', choice: 'good' }] });

function fakeServer(outcomes: AdminOutcome[] = []) {
  const server = new FakeAdminServer();
  server.on('GET', '/events', () => ({ body: { events: [eventSummary(event, 3)], next: null } }));
  server.on('GET', '/events/:id', ({ params }) =>
    params.id === event.id
      ? { body: eventDetail(event, [training, talk, lead]) }
      : apiError(404, 'not_found', 'No such event.'),
  );
  server.on('GET', '/surveys', () => ({
    body: {
      surveys: [
        makeSurveySummary({ id: 'fft', title: 'Friends and Family Test' }),
        makeSurveySummary({ id: 'test-survey', title: 'How was your visit?' }),
      ],
    },
  }));
  server.on('GET', '/surveys/:id/results', ({ params }) =>
    params.id === 'test-survey'
      ? { body: summariseSurvey([makeSurvey()], [noisy, food, silent]) }
      : { body: summariseSurvey([makeSurvey({ id: params.id! })], []) },
  );
  server.on('GET', '/settings/jargon', () => ({ body: { words: [] } }));
  server.on('GET', '/outcomes', () => ({ body: { outcomes } }));
  server.on('POST', '/outcomes', ({ body }) => {
    const made = makeOutcome({
      ...(body as OutcomeInput),
      id: 'a'.repeat(8) + '-0000-7000-8000-000000000001',
    });
    outcomes.push(made);
    return { status: 201, body: made };
  });
  server.on('PUT', '/outcomes/:id', ({ params, body }) => {
    const found = outcomes.find((o) => o.id === params.id)!;
    Object.assign(found, body);
    return { body: found };
  });
  server.on('POST', '/outcomes/:id/publish', ({ params }) => {
    const found = outcomes.find((o) => o.id === params.id)!;
    found.publishedAt = NOW;
    delete found.withdrawnAt;
    return { body: found };
  });
  server.on('POST', '/outcomes/:id/withdraw', ({ params }) => {
    const found = outcomes.find((o) => o.id === params.id)!;
    found.withdrawnAt = NOW;
    return { body: found };
  });
  return server;
}

async function open(id: string, query: Record<string, string> = {}, server = fakeServer()) {
  const { client } = await signedInClient(server);
  const user = userEvent.setup();
  render(OutcomeEditorScreen, { client, params: { id }, query });
  await screen.findByRole('button', { name: 'Save' });
  return { server, user };
}

const box = (name: string) => screen.getByRole('textbox', { name });

async function type(user: User, name: string, text: string) {
  const element = box(name);
  await user.clear(element);
  await user.click(element);
  await user.paste(text);
}

describe('outcome editor', () => {
  it('fills in the event, themes, survey and evidence from the link', async () => {
    await open('new', {
      event: event.id,
      theme: 'training,communication',
      survey: 'fft',
      evidence: `${training.id},${talk.id}`,
    });
    expect(screen.getByRole('heading', { level: 1, name: 'New outcome' })).toBeVisible();
    expect(screen.getByRole('combobox', { name: 'Engagement event' })).toHaveValue(event.id);
    expect(screen.getByRole('checkbox', { name: 'Training' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Communication' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Leadership' })).not.toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Survey' })).toHaveValue('fft');

    // The event's notes in the chosen themes, with the chosen ones ticked.
    const notes = await screen.findByRole('group', {
      name: 'Notes from this event, in the themes chosen',
    });
    expect(within(notes).getByRole('checkbox', { name: 'More training on autism' })).toBeChecked();
    const letters = within(notes).getByRole('checkbox', {
      name: 'Letters arrive after the appointment',
    });
    expect(letters).toBeChecked();
    expect(letters).toHaveAccessibleDescription('Communication · Has not worked');
    expect(within(notes).queryByText('Leaders should visit wards')).toBeNull();
    expect(screen.getByRole('heading', { name: '2 pieces of evidence chosen' })).toBeVisible();
  });

  it('lists the event’s notes by theme, then question, as the playback does', async () => {
    const at = (minute: number) => `2026-11-21T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const note = (minute: number, themeId: string, text: string, more = {}) =>
      makeNote({
        eventId: event.id,
        themeId,
        text,
        createdAt: at(minute),
        updatedAt: at(minute),
        ...more,
      });
    const worked = { questionId: 'worked', polarity: 'worked' } as const;
    const notWorked = { questionId: 'worked', polarity: 'not-worked' } as const;
    // Taken in the order a busy room says things: themes and questions mixed up.
    const notes = [
      note(1, 'communication', 'Texts the day before help', worked),
      note(2, 'training', 'Train staff with us, not about us', { questionId: 'get-there' }),
      note(3, 'a-dropped-theme', 'Said under a theme since removed'),
      note(4, 'training', 'Carers teach on the induction course'),
      note(5, 'communication', 'Letters come too late', notWorked),
      note(6, 'communication', 'One named contact', { questionId: 'ideal' }),
      note(7, 'training', 'Online modules nobody finishes', notWorked),
      note(8, 'communication', 'Phone lines always busy', notWorked),
    ];
    const server = fakeServer();
    server.on('GET', '/events/:id', () => ({ body: eventDetail(event, notes) }));
    const { user } = await open('new', { event: event.id }, server);
    const group = await screen.findByRole('group', { name: 'Notes from this event' });
    const outline = [...group.querySelectorAll('h3, h4, h5, input[type="checkbox"]')].map(
      (element) =>
        element instanceof HTMLInputElement
          ? `  ${group.querySelector(`label[for="${element.id}"]`)?.textContent?.trim()}`
          : `${element.tagName}: ${element.textContent?.trim()}`,
    );
    expect(outline).toEqual([
      'H3: Training',
      'H4: 1. What ideal involvement looks like',
      '  Carers teach on the induction course',
      'H4: 2. What has worked, and what has not',
      'H5: Has not worked',
      '  Online modules nobody finishes',
      'H4: 3. How we get there',
      '  Train staff with us, not about us',
      'H3: Communication',
      'H4: 1. What ideal involvement looks like',
      '  One named contact',
      'H4: 2. What has worked, and what has not',
      'H5: Has worked',
      '  Texts the day before help',
      'H5: Has not worked',
      '  Letters come too late',
      '  Phone lines always busy',
      'H3: A theme the event no longer has',
      'H4: 1. What ideal involvement looks like',
      '  Said under a theme since removed',
    ]);

    // Choosing themes narrows the list to them, still grouped.
    await user.click(screen.getByRole('checkbox', { name: 'Communication' }));
    const narrowed = await screen.findByRole('group', {
      name: 'Notes from this event, in the themes chosen',
    });
    expect(
      within(narrowed)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Communication']);
  });

  it('offers every event, however many pages the server lists them in', async () => {
    const server = fakeServer();
    const older = makeEvent({ title: 'Older forum' });
    // A server that gives one event a page, whatever is asked for.
    server.on('GET', '/events', ({ query }) =>
      query.after === undefined
        ? { body: { events: [eventSummary(event, 3)], next: 'page-2' } }
        : { body: { events: [eventSummary(older, 0)], next: null } },
    );
    await open('new', {}, server);
    const picker = screen.getByRole('combobox', { name: 'Engagement event' });
    const offered = within(picker)
      .getAllByRole('option')
      .map((o) => o.textContent ?? '');
    expect(offered.some((o) => o.includes('Carers’ workshop'))).toBe(true);
    expect(offered.some((o) => o.includes('Older forum'))).toBe(true);
    expect(server.seen('GET', '/events').map((r) => r.query.after)).toEqual([undefined, 'page-2']);
  });

  it('says what is missing beside each field, and sends nothing', async () => {
    const { server, user } = await open('new');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const summary = await screen.findByRole('alert', { name: 'Please check the outcome' });
    expect(summary).toHaveFocus();
    expect(
      within(summary).getByRole('link', { name: 'You said: Write what people said.' }),
    ).toBeVisible();
    expect(
      within(summary).getByRole('link', { name: 'We did: Write what was done because of it.' }),
    ).toBeVisible();
    expect(box('You said…')).toHaveAttribute('aria-invalid', 'true');
    expect(box('You said…')).toHaveAccessibleDescription(
      'What people told you, in their words where you can. Write what people said.',
    );
    await user.click(within(summary).getByRole('link', { name: /^We did/ }));
    expect(box('…so we did')).toHaveFocus();
    expect(server.seen('POST', '/outcomes')).toHaveLength(0);
  });

  it('once saved with problems, takes each message away as its field is fixed', async () => {
    const { server, user } = await open('new');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const summary = await screen.findByRole('alert', { name: 'Please check the outcome' });
    const listed = () =>
      within(screen.getByRole('alert', { name: 'Please check the outcome' }))
        .getAllByRole('link')
        .map((a) => a.textContent);
    expect(listed()).toEqual([
      'You said: Write what people said.',
      'We did: Write what was done because of it.',
    ]);

    await type(user, 'You said…', 'Parking is hard.');
    await waitFor(() => expect(listed()).toEqual(['We did: Write what was done because of it.']));
    expect(box('You said…')).not.toHaveAttribute('aria-invalid');
    expect(box('You said…')).toHaveAccessibleDescription(
      'What people told you, in their words where you can.',
    );
    expect(box('…so we did')).toHaveAttribute('aria-invalid', 'true');

    // Emptied again, it says so again.
    await user.clear(box('You said…'));
    await waitFor(() => expect(listed()).toHaveLength(2));
    await type(user, 'You said…', 'Parking is hard.');
    await type(user, '…so we did', 'We talked to the council.');
    await waitFor(() => expect(summary).not.toBeInTheDocument());
    expect(box('…so we did')).not.toHaveAttribute('aria-invalid');
    expect(box('You said…')).toHaveValue('Parking is hard.');
    expect(box('…so we did')).toHaveValue('We talked to the council.');
    expect(server.seen('POST', '/outcomes')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved as a draft.')).toBeVisible();
    expect(server.seen('POST', '/outcomes')[0]!.body).toMatchObject({
      youSaid: 'Parking is hard.',
      weDid: 'We talked to the council.',
    });
  });

  it('flags the easy-read words, then saves and publishes what was chosen', async () => {
    const { server, user } = await open('new', {
      event: event.id,
      theme: 'training',
      evidence: training.id,
    });
    await type(user, 'You said…', 'Staff need more training about autism.');
    await type(
      user,
      '…so we did',
      'Every ward now has autism training from people with lived experience.',
    );
    await type(user, 'You said… in easy read', 'Staff should learn about ASD.');
    expect(screen.getByText('‘ASD’ is an acronym: spell it out.')).toBeVisible();
    await type(user, 'You said… in easy read', 'Staff should learn about autism.');
    expect(screen.queryByText(/acronym/)).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Publish to tablets' }));
    expect(
      await screen.findByText('Published. Tablets show it after their next sync.'),
    ).toHaveFocus();
    expect(screen.getByText(/^Now: Published/)).toBeVisible();

    expect(server.seen('POST', '/outcomes')[0]!.body).toEqual({
      youSaid: 'Staff need more training about autism.',
      weDid: 'Every ward now has autism training from people with lived experience.',
      youSaidEasyRead: 'Staff should learn about autism.',
      eventId: event.id,
      themeIds: ['training'],
      evidenceIds: [training.id],
    });
    const [made] = server.seen('POST', '/outcomes');
    expect(made).toBeDefined();
    expect(server.requests.filter((r) => r.path.endsWith('/publish'))).toHaveLength(1);
    expect(location.hash).toMatch(/^#\/admin\/outcomes\/a{8}-/);
  });

  it('shows a server 400 beside the field and keeps the text', async () => {
    const server = fakeServer();
    server.on('POST', '/outcomes', () =>
      apiError(400, 'validation_failed', 'weDid: too long', [
        { field: 'weDid', message: 'must be at most 600 characters' },
      ]),
    );
    const { user } = await open('new', {}, server);
    await type(user, 'You said…', 'Parking is hard.');
    await type(user, '…so we did', 'We talked to the council.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const summary = await screen.findByRole('alert', {
      name: 'The server did not save the outcome',
    });
    expect(
      within(summary).getByRole('link', { name: 'We did: must be at most 600 characters' }),
    ).toBeVisible();
    expect(box('…so we did')).toHaveAttribute('aria-invalid', 'true');
    expect(box('…so we did')).toHaveValue('We talked to the council.');
    expect(box('You said…')).toHaveValue('Parking is hard.');
  });

  it('withdraws a published outcome only after asking', async () => {
    const published = makeOutcome({ publishedAt: NOW, eventId: event.id });
    const { server, user } = await open(published.id, {}, fakeServer([published]));
    expect(screen.getByRole('heading', { level: 1, name: 'Edit outcome' })).toBeVisible();
    expect(box('You said…')).toHaveValue('The waiting room is too noisy.');
    expect(screen.getByText(/^Now: Published/)).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Withdraw…' }));
    const ask = screen.getByRole('group', { name: 'Withdraw this outcome?' });
    expect(within(ask).getByRole('heading')).toHaveFocus();
    await user.click(within(ask).getByRole('button', { name: 'Keep it published' }));
    expect(screen.queryByRole('group', { name: 'Withdraw this outcome?' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Withdraw…' })).toHaveFocus();
    expect(server.seen('POST', `/outcomes/${published.id}/withdraw`)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Withdraw…' }));
    await user.click(screen.getByRole('button', { name: 'Withdraw it' }));
    expect(
      await screen.findByText('Withdrawn. Tablets stop showing it after their next sync.'),
    ).toHaveFocus();
    expect(screen.getByText(/^Now: Withdrawn/)).toBeVisible();
    expect(server.seen('POST', `/outcomes/${published.id}/withdraw`)).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Publish again' })).toBeVisible();
  });

  it('picks survey answers as evidence and shows chosen ones in words, not as ids', async () => {
    // As the results screen's "Use as evidence" link opens it.
    const { server, user } = await open('new', { survey: 'test-survey', evidence: noisy.id });
    const answers = await screen.findByRole('group', { name: 'Written answers to this survey' });
    const first = within(answers).getByRole('checkbox', { name: 'It was too noisy to sleep' });
    expect(first).toBeChecked();
    expect(first).toHaveAccessibleDescription(/^Why\? · .+ · Ward 3$/);
    // Shown as text, never as markup; a response with no written answer is not offered.
    const second = within(answers).getByRole('checkbox', { name: 'The food was <b>cold</b>' });
    expect(second).not.toBeChecked();
    expect(within(answers).getAllByRole('checkbox')).toHaveLength(2);

    const chosen = screen.getByRole('heading', { name: '1 piece of evidence chosen' });
    const list = chosen.nextElementSibling as HTMLElement;
    expect(within(list).getByText('Survey answer')).toBeVisible();
    expect(within(list).getByText('It was too noisy to sleep')).toBeVisible();
    expect(within(list).queryByText(/^Record /)).toBeNull();

    await user.click(second);
    expect(screen.getByRole('heading', { name: '2 pieces of evidence chosen' })).toBeVisible();
    await type(user, 'You said…', 'The ward was noisy at night.');
    await type(user, '…so we did', 'We turned the lights and alarms down after 10pm.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved as a draft.')).toBeVisible();
    expect(server.seen('POST', '/outcomes')[0]!.body).toMatchObject({
      surveyId: 'test-survey',
      evidenceIds: [noisy.id, food.id],
    });
  });

  it('offers older written answers on “Show more”, a page at a time', async () => {
    const server = fakeServer();
    const all = [noisy, food, silent];
    // The results list the newest written answer only; the rest come page by page.
    server.on('GET', '/surveys/:id/results', () => ({
      body: summariseSurvey([makeSurvey()], all, {}, { freeTextLimit: 1 }),
    }));
    server.on('GET', '/surveys/:id/free-text', ({ query }) => {
      const fold = new FreeTextPageFold(
        query.question!,
        {},
        { after: parseFreeTextCursor(query.after ?? ''), limit: 1 },
      );
      for (const r of all) fold.add(r);
      return { body: fold.result() };
    });
    // The older answer is the one the link chose: it is named once it is loaded.
    const { user } = await open('new', { survey: 'test-survey', evidence: noisy.id }, server);
    const answers = await screen.findByRole('group', { name: 'Written answers to this survey' });
    expect(within(answers).getAllByRole('checkbox')).toHaveLength(1);
    expect(
      within(answers).getByRole('checkbox', { name: 'The food was <b>cold</b>' }),
    ).toBeVisible();

    await user.click(within(answers).getByRole('button', { name: 'Show more written answers' }));
    expect(
      await within(answers).findByRole('checkbox', { name: 'It was too noisy to sleep' }),
    ).toBeChecked();
    expect(within(answers).getAllByRole('checkbox')).toHaveLength(2);
    expect(within(answers).queryByRole('button', { name: 'Show more written answers' })).toBeNull();
    expect(server.seen('GET', '/surveys/test-survey/free-text')[0]!.query.question).toBe('why');
  });

  it('names the evidence the server refused, beside the evidence list', async () => {
    const server = fakeServer();
    server.on('POST', '/outcomes', () =>
      apiError(400, 'validation_failed', 'evidenceIds.0: there is no note or survey answer', [
        { field: 'evidenceIds.0', message: 'there is no note or survey answer with this id' },
      ]),
    );
    const { user } = await open(
      'new',
      { evidence: '0190f5a8-0000-7000-8000-000000000000' },
      server,
    );
    await type(user, 'You said…', 'Parking is hard.');
    await type(user, '…so we did', 'We talked to the council.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const summary = await screen.findByRole('alert', {
      name: 'The server did not save the outcome',
    });
    expect(
      within(summary).getByRole('link', {
        name: 'Evidence: there is no note or survey answer with this id',
      }),
    ).toBeVisible();
    expect(
      screen.getByText('there is no note or survey answer with this id', { selector: 'p' }),
    ).toBeVisible();
  });
});
