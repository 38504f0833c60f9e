import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLIP_CACHE } from '../../../../src/app/lib/clip-cache';
import { speech } from '../../../../src/app/lib/read-aloud.svelte';
import SurveyRunner from '../../../../src/app/routes/survey/SurveyRunner.svelte';
import { SurveySession } from '../../../../src/app/routes/survey/survey-session.svelte';
import { SURVEY_STRINGS_EN, surveyStrings } from '../../../../src/app/routes/survey/survey.i18n';
import type { InvolveDb } from '../../../../src/app/storage/db';
import { DexieSurveyStore } from '../../../../src/app/storage/dexie-survey.store';
import type { SurveyStore } from '../../../../src/app/storage/survey-store';
import type { Answer } from '../../../../src/shared/schemas/survey-response.schema';
import type {
  SurveyDefinition,
  SurveyQuestion,
} from '../../../../src/shared/schemas/survey.schema';
import { FFT_QUESTION_TEXT, FFT_WHY_TEXT } from '../../../../src/shared/survey/builtin/common';
import { EASY_READ_SURVEY } from '../../../../src/shared/survey/builtin/easy-read.survey';
import { FFT_SURVEY } from '../../../../src/shared/survey/builtin/fft.survey';
import { EQUALITY_CATEGORY_IDS, equalityChoices } from '../../../../src/shared/survey/equality';
import {
  PICTOGRAMS,
  pictogramUrl,
  type PictogramId,
} from '../../../../src/shared/survey/pictograms';
import type { Presentation } from '../../../../src/shared/survey/survey-rules';
import { makeSmileySurvey, makeSurvey } from '../../../fixtures/survey.factory';
import { freshDevice } from '../../workshop-test-kit';

const NOW = new Date('2026-11-21T15:42:10.000Z');

interface Setup {
  survey?: SurveyDefinition;
  presentation?: Presentation;
  /** Wraps the real store, to make a write fail. */
  wrap?: (store: SurveyStore) => SurveyStore;
  /** Opens the runner on this question, with these answers already given. */
  at?: { questionId: string; answers?: Answer[] };
  /** A new version of the app is taking over. */
  updating?: boolean;
}

function setup(options: Setup = {}) {
  const { db } = freshDevice();
  const real = new DexieSurveyStore(db, 'tablet-1', () => NOW);
  const store = options.wrap ? options.wrap(real) : real;
  const session = new SurveySession(
    options.survey ?? makeSurvey(),
    { kiosk: true, location: 'Ward 3' },
    { presentation: options.presentation },
  );
  if (options.at) {
    for (const answer of options.at.answers ?? []) session.setAnswer(answer.questionId, answer);
    session.step = { kind: 'question', questionId: options.at.questionId };
  }
  const onfinish = vi.fn();
  const user = userEvent.setup();
  const view = render(SurveyRunner, {
    session,
    store,
    onfinish,
    updating: options.updating ?? false,
  });
  return { db, session, user, onfinish, view };
}

type User = ReturnType<typeof userEvent.setup>;

const button = (name: string | RegExp) => screen.getByRole('button', { name });
const questionHeading = () => screen.getByRole('heading', { level: 2 });
const root = (view: { container: HTMLElement }) => view.container.querySelector('.survey')!;
const pictogramOf = (element: Element) => element.querySelector('img')?.getAttribute('src');

async function queued(db: InvolveDb) {
  return (await db.queue.toArray()).map((e) => ({ kind: e.kind, data: e.data! }));
}

/** The review's rows: the question, and the answer shown beside it. */
function reviewRows(): [string, string][] {
  const terms = screen.getAllByRole('term');
  const definitions = screen.getAllByRole('definition');
  expect(definitions).toHaveLength(terms.length);
  return terms.map((term, i) => [
    term.textContent.trim(),
    definitions[i]!.querySelector('.review-answer')!.textContent.trim(),
  ]);
}

async function choose(user: User, name: string) {
  await user.click(screen.getByRole('radio', { name }));
}

/** Answers makeSurvey() so that all six questions are asked, then reaches the review. */
async function answerEverything(user: User) {
  await user.click(button('Start'));
  await choose(user, 'Very good');
  await user.click(button('Next'));
  await user.click(screen.getByRole('textbox', { name: 'Why?' }));
  await user.keyboard('Kind staff');
  await user.click(button('Next'));
  await choose(user, 'yes');
  await user.click(button('Next'));
  await user.click(screen.getByRole('checkbox', { name: 'food' }));
  await user.click(screen.getByRole('checkbox', { name: 'company' }));
  await user.click(button('Next'));
  await choose(user, 'company');
  await user.click(button('Next'));
  await choose(user, 'happy');
  await user.click(button('Next'));
  await choose(user, 'Someone helped me');
  await user.click(button('Next'));
  await screen.findByRole('heading', { name: 'Check your answers' });
}

describe('each question type', () => {
  const survey = makeSurvey();
  // With these answers every question is asked: six in all.
  const reachAll: Answer[] = [
    { questionId: 'visited', choice: 'yes' },
    { questionId: 'what-helped', choices: ['food'] },
  ];
  const cases = survey.questions.flatMap((q, i) =>
    (['standard', 'easy-read'] as const).map((presentation) => ({
      q,
      n: i + 1,
      presentation,
    })),
  );
  const words = (text: SurveyQuestion['text'], presentation: Presentation) =>
    presentation === 'easy-read' ? text.en.easyRead! : text.en.text;

  it.each(cases)(
    'shows $q.type question "$q.id" in $presentation words, with pictures and its place',
    ({ q, n, presentation }) => {
      setup({ presentation, at: { questionId: q.id, answers: reachAll } });
      const other = presentation === 'easy-read' ? 'standard' : 'easy-read';

      const heading = questionHeading();
      expect(heading.textContent).toBe(words(q.text, presentation));
      expect(screen.queryByText(words(q.text, other))).not.toBeInTheDocument();
      expect(pictogramOf(heading.parentElement!)).toBe(pictogramUrl(q.pictogram));
      expect(screen.getByText(`${n} of 6`)).toBeInTheDocument();

      if (q.type === 'free-text') {
        expect(screen.getByRole('textbox', { name: words(q.text, presentation) })).toBeVisible();
        expect(screen.queryByRole('radio')).not.toBeInTheDocument();
        return;
      }
      const multiple = q.type === 'multiple';
      const group = screen.getByRole(multiple ? 'group' : 'radiogroup', {
        name: words(q.text, presentation),
      });
      const inputs = within(group).getAllByRole(multiple ? 'checkbox' : 'radio');
      expect(inputs).toHaveLength(q.options!.length);
      expect(within(group).queryByRole(multiple ? 'radio' : 'checkbox')).not.toBeInTheDocument();
      for (const option of q.options!) {
        const input = within(group).getByRole(multiple ? 'checkbox' : 'radio', {
          name: words(option.text, presentation),
        });
        expect(pictogramOf(input.closest('label')!)).toBe(pictogramUrl(option.pictogram));
      }
    },
  );

  it('switches to easy-read words with the switch on the first screen', async () => {
    const { user, db } = setup();
    await user.click(screen.getByRole('checkbox', { name: 'Easy read' }));
    await user.click(button('Start'));
    expect(questionHeading()).toHaveTextContent('How was our service?');
    expect(screen.getByRole('radio', { name: 'Very good' })).toBeInTheDocument();
    await choose(user, 'Good');
    await user.click(button('Next'));
    for (const _ of [1, 2]) await user.click(button('Skip this question'));
    await choose(user, 'ok (easy read)');
    await user.click(button('Next'));
    await user.click(button('Next'));
    await user.click(button('Send my answers'));
    await screen.findByRole('heading', { name: /About you/ });
    expect((await queued(db))[0]?.data).toMatchObject({ presentation: 'easy-read' });
  });

  it('starts an easy-read survey in easy read', async () => {
    const { user } = setup({ survey: EASY_READ_SURVEY });
    expect(screen.getByRole('checkbox', { name: 'Easy read' })).toBeChecked();
    expect(screen.getByText(EASY_READ_SURVEY.intro!.en.easyRead!)).toBeInTheDocument();
    await user.click(button('Start'));
    expect(screen.getByText('1 of 5')).toBeInTheDocument();
    expect(
      screen.getByRole('radiogroup', { name: 'How do you feel about our service?' }),
    ).toBeVisible();
  });

  it.each(['standard', 'easy-read'] as const)(
    'shows a five-face smiley in %s words, each face with its word, and stores the face chosen',
    async (presentation) => {
      const survey = makeSmileySurvey();
      const question = survey.questions[0]!;
      const { user, db } = setup({ survey, presentation });
      await user.click(button('Start'));
      expect(screen.getByText('1 of 1')).toBeInTheDocument();
      const name =
        presentation === 'easy-read' ? question.text.en.easyRead! : question.text.en.text;
      const group = screen.getByRole('radiogroup', { name });
      // Five faces, happiest first, each with a picture and the word that says what it means.
      const faces = within(group).getAllByRole('radio');
      expect(faces.map((face) => face.closest('label')!.textContent.trim())).toEqual([
        'Very happy',
        'Happy',
        'OK',
        'Unhappy',
        'Very unhappy',
      ]);
      expect(faces.map((face) => pictogramOf(face.closest('label')!))).toEqual(
        (
          [
            'face-very-good',
            'face-good',
            'face-neither',
            'face-poor',
            'face-very-poor',
          ] satisfies PictogramId[]
        ).map((id) => pictogramUrl(id)),
      );
      // Required: no skipping it.
      await user.click(button('Next'));
      expect(screen.getByRole('alert')).toHaveTextContent('Please choose an answer to go on.');

      await choose(user, 'Very unhappy');
      expect(within(group).getByRole('radio', { name: 'Very unhappy' })).toBeChecked();
      await user.click(button('Next'));
      await user.click(button('Next'));
      expect(reviewRows()).toEqual([[name, 'Very unhappy']]);
      await user.click(button('Send my answers'));
      expect(await screen.findByRole('heading', { name: 'Thank you' })).toBeInTheDocument();
      expect((await queued(db))[0]?.data).toMatchObject({
        surveyId: 'smiley-survey',
        presentation,
        answers: [{ questionId: 'feeling', choice: 'very-unhappy' }],
      });
    },
  );
});

describe('while a new version of the app takes over', () => {
  it('holds Start and says why, then lets the person start once it may', async () => {
    const { user, view } = setup({ updating: true });
    const start = screen.getByRole('button', { name: SURVEY_STRINGS_EN.start });
    expect(start).toBeDisabled();
    expect(screen.getByRole('status')).toHaveTextContent(SURVEY_STRINGS_EN.updating);
    await user.click(start);
    expect(screen.queryByRole('button', { name: SURVEY_STRINGS_EN.next })).toBeNull();

    await view.rerender({ updating: false });
    expect(screen.queryByText(SURVEY_STRINGS_EN.updating)).toBeNull();
    await user.click(screen.getByRole('button', { name: SURVEY_STRINGS_EN.start }));
    expect(screen.getByRole('button', { name: SURVEY_STRINGS_EN.next })).toBeVisible();
  });
});

describe('"show only if"', () => {
  it('asks a question only while its condition holds, and drops its answer when hidden', async () => {
    const { user, db } = setup();
    await user.click(button('Start'));
    expect(screen.getByText('1 of 4')).toBeInTheDocument();
    await choose(user, 'Good');
    await user.click(button('Next'));
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('Did you visit the café?');
    expect(screen.getByText('3 of 4')).toBeInTheDocument();

    await choose(user, 'yes');
    expect(screen.getByText('3 of 5')).toBeInTheDocument();
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('What helped?');
    await user.click(screen.getByRole('checkbox', { name: 'quiet' }));
    expect(screen.getByText('4 of 5')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'food' }));
    expect(screen.getByText('4 of 6')).toBeInTheDocument();
    // Nested: unticking the choice that asked "What helped most?" hides it again.
    await user.click(screen.getByRole('checkbox', { name: 'food' }));
    expect(screen.getByText('4 of 5')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'food' }));
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('What helped most?');
    await choose(user, 'company');
    await user.click(button('Next'));
    expect(screen.getByText('6 of 6')).toBeInTheDocument();

    // Back to the café question, and change the answer: both follow-ups go.
    for (const _ of [1, 2, 3]) await user.click(button('Back'));
    expect(questionHeading()).toHaveTextContent('Did you visit the café?');
    await choose(user, 'no');
    expect(screen.getByText('3 of 4')).toBeInTheDocument();
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('How do you feel now?');
    expect(screen.getByText('4 of 4')).toBeInTheDocument();
    await choose(user, 'ok');
    await user.click(button('Next'));
    await user.click(button('Next'));
    expect(reviewRows().map(([q]) => q)).toEqual([
      'Overall, how was your experience of our service?',
      'Why?',
      'Did you visit the café?',
      'How do you feel now?',
    ]);
    await user.click(button('Send my answers'));
    await screen.findByRole('heading', { name: /About you/ });

    const [response] = await queued(db);
    expect(response?.data).toMatchObject({
      answers: [
        { questionId: 'rating', choice: 'good' },
        { questionId: 'visited', choice: 'no' },
        { questionId: 'mood', choice: 'ok' },
      ],
    });
  });
});

describe('skip and "I don\'t know"', () => {
  it('offers both on an optional question and stores no answer or "don\'t know"', async () => {
    const { user, db } = setup();
    await user.click(button('Start'));
    await choose(user, 'Good');
    await user.click(button('Next'));
    // Written, then skipped after all: the words are not kept.
    await user.click(screen.getByRole('textbox', { name: 'Why?' }));
    await user.keyboard('Not sure I want to say');
    expect(screen.getByText('You can skip this question.')).toBeInTheDocument();
    await user.click(button('Skip this question'));
    expect(questionHeading()).toHaveTextContent('Did you visit the café?');
    await user.click(button("I don't know"));
    expect(questionHeading()).toHaveTextContent('How do you feel now?');
    await choose(user, 'happy');
    await user.click(button('Next'));
    await user.click(button('Next'));
    expect(reviewRows()).toEqual([
      ['Overall, how was your experience of our service?', 'Good'],
      ['Why?', 'Skipped'],
      ['Did you visit the café?', "I don't know"],
      ['How do you feel now?', 'happy'],
    ]);
    await user.click(button('Send my answers'));
    await screen.findByRole('heading', { name: /About you/ });
    expect((await queued(db))[0]?.data).toMatchObject({
      answers: [
        { questionId: 'rating', choice: 'good' },
        { questionId: 'visited', dontKnow: true },
        { questionId: 'mood', choice: 'happy' },
      ],
    });
  });

  it('shows "I don\'t know" as pressed when going back to it', async () => {
    const { user } = setup({
      at: { questionId: 'visited', answers: [{ questionId: 'rating', choice: 'good' }] },
    });
    await user.click(button("I don't know"));
    await user.click(button('Back'));
    expect(button("I don't know")).toHaveAttribute('aria-pressed', 'true');
    await choose(user, 'yes');
    expect(button("I don't know")).toHaveAttribute('aria-pressed', 'false');
  });

  it('offers neither on a required question, and Next without an answer says so and stays', async () => {
    const { user } = setup();
    await user.click(button('Start'));
    expect(screen.queryByRole('button', { name: 'Skip this question' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: "I don't know" })).not.toBeInTheDocument();
    expect(screen.queryByText('You can skip this question.')).not.toBeInTheDocument();
    await user.click(button('Next'));
    expect(screen.getByRole('alert')).toHaveTextContent('Please choose an answer to go on.');
    expect(questionHeading()).toHaveTextContent('Overall, how was your experience of our service?');
    expect(screen.getByText('1 of 4')).toBeInTheDocument();
    // Answering clears the message and lets the person go on.
    await choose(user, 'Poor');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('Why?');
  });

  it('asks for words on a required free-text question', async () => {
    const base = makeSurvey();
    const survey = makeSurvey({
      questions: base.questions.map((q) => (q.id === 'why' ? { ...q, required: true } : q)),
    });
    const { user } = setup({
      survey,
      at: { questionId: 'why', answers: [{ questionId: 'rating', choice: 'good' }] },
    });
    expect(screen.queryByRole('button', { name: 'Skip this question' })).not.toBeInTheDocument();
    // Spaces alone are no answer.
    await user.click(screen.getByRole('textbox', { name: 'Why?' }));
    await user.keyboard('   ');
    await user.click(button('Next'));
    expect(screen.getByRole('alert')).toHaveTextContent('Please write an answer to go on.');
    expect(questionHeading()).toHaveTextContent('Why?');
  });

  it('offers Skip but not a second "don\'t know" on an optional FFT question', async () => {
    const base = makeSurvey();
    const survey = makeSurvey({
      questions: base.questions.map((q) => (q.id === 'rating' ? { ...q, required: false } : q)),
    });
    const { user, session } = setup({ survey });
    await user.click(button('Start'));
    expect(button('Skip this question')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: "I don't know" })).not.toBeInTheDocument();
    // Its own "don't know" is one of the answers.
    await choose(user, "Don't know");
    await user.click(button('Next'));
    expect(session.answers['rating']).toEqual({ questionId: 'rating', choice: 'dont-know' });
  });
});

describe('moving through the survey and sending it', () => {
  it('keeps every answer when going back', async () => {
    const { user } = setup();
    await user.click(button('Start'));
    await choose(user, 'Very good');
    await user.click(button('Next'));
    await user.click(screen.getByRole('textbox', { name: 'Why?' }));
    await user.keyboard('Quick and kind');
    await user.click(button('Next'));
    await choose(user, 'yes');
    await user.click(button('Next'));
    await user.click(screen.getByRole('checkbox', { name: 'quiet' }));
    await user.click(button('Next'));

    await user.click(button('Back'));
    expect(screen.getByRole('checkbox', { name: 'quiet' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'food' })).not.toBeChecked();
    await user.click(button('Back'));
    expect(screen.getByRole('radio', { name: 'yes' })).toBeChecked();
    await user.click(button('Back'));
    expect(screen.getByRole('textbox', { name: 'Why?' })).toHaveValue('Quick and kind');
    await user.click(button('Back'));
    expect(screen.getByRole('radio', { name: 'Very good' })).toBeChecked();
    await user.click(button('Back'));
    expect(button('Start')).toBeInTheDocument();
    await user.click(button('Start'));
    expect(screen.getByRole('radio', { name: 'Very good' })).toBeChecked();
  });

  it('lists every asked question with its answer, and Change comes back to the review', async () => {
    const { user } = setup();
    await answerEverything(user);
    expect(reviewRows()).toEqual([
      ['Overall, how was your experience of our service?', 'Very good'],
      ['Why?', 'Kind staff'],
      ['Did you visit the café?', 'yes'],
      ['What helped?', 'food, company'],
      ['What helped most?', 'company'],
      ['How do you feel now?', 'happy'],
    ]);

    await user.click(button('Change your answer to: Why?'));
    expect(questionHeading()).toHaveTextContent('Why?');
    expect(screen.getByRole('textbox', { name: 'Why?' })).toHaveValue('Kind staff');
    await user.clear(screen.getByRole('textbox', { name: 'Why?' }));
    await user.keyboard('Very kind staff');
    await user.click(button('Next'));
    expect(screen.getByRole('heading', { name: 'Check your answers' })).toBeInTheDocument();
    expect(reviewRows()[1]).toEqual(['Why?', 'Very kind staff']);

    await user.click(
      button('Change your answer to: Overall, how was your experience of our service?'),
    );
    await choose(user, 'Poor');
    await user.click(button('Next'));
    expect(reviewRows()[0]).toEqual(['Overall, how was your experience of our service?', 'Poor']);
  });

  it('after Change, asks a question the new answer brings in before going back to the review', async () => {
    const { user } = setup();
    await user.click(button('Start'));
    await choose(user, 'Good');
    await user.click(button('Next'));
    await user.click(button('Next'));
    await choose(user, 'no');
    await user.click(button('Next'));
    await choose(user, 'ok');
    await user.click(button('Next'));
    await user.click(button('Next'));
    expect(reviewRows()).toHaveLength(4);

    await user.click(button('Change your answer to: Did you visit the café?'));
    await choose(user, 'yes');
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('What helped?');
    await user.click(screen.getByRole('checkbox', { name: 'quiet' }));
    await user.click(button('Next'));
    expect(reviewRows()).toEqual([
      ['Overall, how was your experience of our service?', 'Good'],
      ['Why?', 'Skipped'],
      ['Did you visit the café?', 'yes'],
      ['What helped?', 'quiet'],
      ['How do you feel now?', 'ok'],
    ]);
  });

  it('after Change, Back then Next comes back to the same question', async () => {
    const { user } = setup();
    await answerEverything(user);
    await user.click(button('Change your answer to: Did you visit the café?'));
    await user.click(button('Back'));
    expect(questionHeading()).toHaveTextContent('Why?');
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('Did you visit the café?');
    expect(screen.getByRole('radio', { name: 'yes' })).toBeChecked();
  });

  it('stores one complete response, then equality monitoring as a separate record', async () => {
    const { user, db, onfinish } = setup();
    await answerEverything(user);
    await user.dblClick(button('Send my answers'));
    expect(
      await screen.findByRole('heading', { name: 'About you (you do not have to answer)' }),
    ).toBeInTheDocument();

    const records = await queued(db);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'survey-response',
      data: {
        surveyId: 'test-survey',
        surveyVersion: 1,
        status: 'complete',
        language: 'en',
        presentation: 'standard',
        kiosk: true,
        location: 'Ward 3',
        answeredBy: 'with-help',
        createdAt: NOW.toISOString(),
        answers: [
          { questionId: 'rating', choice: 'very-good' },
          { questionId: 'why', text: 'Kind staff' },
          { questionId: 'visited', choice: 'yes' },
          { questionId: 'what-helped', choices: ['food', 'company'] },
          { questionId: 'most-helpful', choice: 'company' },
          { questionId: 'mood', choice: 'happy' },
        ],
      },
    });

    await user.click(button('Answer questions about me'));
    expect(screen.getByRole('heading', { name: 'How old are you?' })).toBeInTheDocument();
    await choose(user, '35 to 44');
    await user.click(button('Next'));
    expect(screen.getByRole('heading', { name: 'What is your ethnic group?' })).toBeInTheDocument();
    for (const _ of [1, 2, 3, 4, 5]) await user.click(button('Next'));
    expect(
      screen.getByRole('heading', { name: 'Do you look after someone, as a carer?' }),
    ).toBeInTheDocument();
    await choose(user, 'Prefer not to say');
    await user.click(button('Finish'));
    expect(await screen.findByRole('heading', { name: 'Thank you' })).toBeInTheDocument();

    const [response] = await queued(db);
    // Held apart until several can be sent together (see the survey store's tests).
    expect(await db.queue.count()).toBe(1);
    const [equality] = await db.heldEquality.toArray();
    const { id, ...rest } = equality!;
    expect(rest).toEqual({
      createdAt: '2026-11-21T00:00:00.000Z',
      updatedAt: '2026-11-21T00:00:00.000Z',
      deviceId: 'tablet-1',
      schemaVersion: 1,
      surveyId: 'test-survey',
      location: 'Ward 3',
      answers: { age: '35-44', carer: 'prefer-not-to-say' },
    });
    expect(id).not.toBe(response!.data.id);
    // The id's own time (UUIDv7, first 48 bits) is the day too.
    const idTime = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(new Date(idTime).toISOString()).toBe('2026-11-21T00:00:00.000Z');

    await user.click(button('Done'));
    expect(onfinish).toHaveBeenCalledOnce();
  });

  it.each(['declined', 'declined after answering one, then going back', 'left all unanswered'])(
    'stores no equality record when %s',
    async (how) => {
      const { user, db } = setup();
      await answerEverything(user);
      await user.click(button('Send my answers'));
      await screen.findByRole('heading', { name: /About you/ });
      if (how === 'left all unanswered') {
        await user.click(button('Answer questions about me'));
        for (const _ of [1, 2, 3, 4, 5, 6]) await user.click(button('Next'));
        await user.click(button('Finish'));
      } else {
        if (how !== 'declined') {
          await user.click(button('Answer questions about me'));
          await choose(user, '18 to 24');
          await user.click(button('Back'));
        }
        await user.click(button('No thanks, finish'));
      }
      expect(await screen.findByRole('heading', { name: 'Thank you' })).toBeInTheDocument();
      expect((await queued(db)).map((r) => r.kind)).toEqual(['survey-response']);
      expect(await db.heldEquality.count()).toBe(0);
    },
  );

  it('skips "who answered" and an equality question even after a choice was tapped', async () => {
    const { user, db } = setup();
    await answerEverything(user);
    // On "who answered": a tap on a choice, then Skip after all.
    await user.click(button('Back'));
    expect(screen.getByRole('heading', { name: 'Who answered these questions?' })).toBeVisible();
    expect(screen.getByText('You can skip this question.')).toBeVisible();
    await user.click(button('Skip this question'));
    await screen.findByRole('heading', { name: 'Check your answers' });
    await user.click(button('Send my answers'));
    await user.click(await screen.findByRole('button', { name: 'Answer questions about me' }));

    await choose(user, '35 to 44');
    await user.click(button('Skip this question'));
    expect(screen.getByRole('heading', { name: 'What is your ethnic group?' })).toBeVisible();
    await choose(user, 'White');
    await user.click(button('Next'));
    for (const _ of [1, 2, 3, 4]) await user.click(button('Next'));
    await choose(user, 'Yes');
    await user.click(button('Skip this question'));
    expect(await screen.findByRole('heading', { name: 'Thank you' })).toBeInTheDocument();

    const [response] = await queued(db);
    expect(response!.data).not.toHaveProperty('answeredBy');
    const [equality] = await db.heldEquality.toArray();
    expect(equality!.answers).toEqual({ ethnicity: 'white' });
  });

  it('goes straight to the thank-you when the survey has no equality monitoring', async () => {
    const { user, db } = setup({ survey: makeSurvey({ equalityMonitoring: false }) });
    await answerEverything(user);
    await user.click(button('Send my answers'));
    expect(await screen.findByRole('heading', { name: 'Thank you' })).toBeInTheDocument();
    expect(await db.queue.count()).toBe(1);
  });
});

describe('free text', () => {
  it('keeps Bengali, Urdu and emoji exactly as typed, spaces and all', async () => {
    const typed = '  আমাদের কথা শুনুন — ہماری بات سنیں 👍🏽👨‍👩‍👧  ';
    const { user, db } = setup({ survey: FFT_SURVEY });
    await user.click(button('Start'));
    await choose(user, 'Good');
    await user.click(button('Next'));
    const box = screen.getByRole('textbox', { name: FFT_WHY_TEXT.en.text });
    await user.click(box);
    await user.paste(typed);
    expect(box).toHaveValue(typed);
    await user.click(button('Next'));
    await user.click(button('Back'));
    expect(screen.getByRole('textbox', { name: FFT_WHY_TEXT.en.text })).toHaveValue(typed);
    await user.click(button('Next'));
    await user.click(button('Next'));
    expect(reviewRows()[1]).toEqual([FFT_WHY_TEXT.en.text, typed.trim()]);
    await user.click(button('Send my answers'));
    await screen.findByRole('heading', { name: /About you/ });
    expect((await queued(db))[0]?.data).toMatchObject({
      answers: [
        { questionId: 'fft', choice: 'good' },
        { questionId: 'fft-why', text: typed },
      ],
    });
  });

  it('says how much too long an answer is and does not move on', async () => {
    // "Why?" takes up to 20 characters.
    const { user, session } = setup({
      at: { questionId: 'why', answers: [{ questionId: 'rating', choice: 'good' }] },
    });
    const box = screen.getByRole('textbox', { name: 'Why?' });
    await user.click(box);
    await user.paste('The food was lovely!!!');
    const message = 'This is 2 characters too long. Please make it shorter.';
    expect(screen.getByText(message)).toBeInTheDocument();
    await user.click(button('Next'));
    expect(screen.getByRole('alert')).toHaveTextContent(message);
    expect(questionHeading()).toHaveTextContent('Why?');
    expect(box).toHaveValue('The food was lovely!!!');
    expect(box).toHaveAttribute('aria-invalid', 'true');

    await user.type(box, '{Backspace}{Backspace}');
    expect(screen.getByText('0 characters left')).toBeInTheDocument();
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('Did you visit the café?');
    expect(session.answers['why']).toEqual({ questionId: 'why', text: 'The food was lovely!' });
  });

  it('counts an emoji as one character, not two', async () => {
    const { user } = setup({
      at: { questionId: 'why', answers: [{ questionId: 'rating', choice: 'good' }] },
    });
    await user.click(screen.getByRole('textbox', { name: 'Why?' }));
    await user.paste('👍'.repeat(20));
    expect(screen.getByText('0 characters left')).toBeInTheDocument();
    await user.click(button('Next'));
    expect(questionHeading()).toHaveTextContent('Did you visit the café?');
  });
});

describe('language', () => {
  it('shows Bengali words when বাংলা is chosen, and stores the language', async () => {
    const { user, view, db } = setup({ survey: FFT_SURVEY });
    expect(root(view)).toHaveAttribute('lang', 'en');
    await user.click(button('বাংলা'));
    expect(button('বাংলা')).toHaveAttribute('aria-pressed', 'true');
    expect(root(view)).toHaveAttribute('lang', 'bn');
    expect(root(view)).toHaveAttribute('dir', 'ltr');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(FFT_SURVEY.title.bn!.text);
    expect(screen.queryByRole('button', { name: 'Start' })).not.toBeInTheDocument();

    // The runner's own words are Bengali too (whatever the translation says).
    const { t } = surveyStrings;
    expect(t('start')).not.toBe('Start');
    await user.click(button(t('start')));
    // "1 of 2", in Bengali digits.
    expect(screen.getByText('২টির মধ্যে ১')).toBeInTheDocument();
    expect(questionHeading()).toHaveTextContent(FFT_QUESTION_TEXT.bn!.text);
    expect(screen.getByRole('radio', { name: 'খুব ভালো' })).toBeInTheDocument();
    await choose(user, 'খুব ভালো');
    for (const _ of [1, 2, 3]) await user.click(button(t('next')));
    await user.click(button(t('submit')));
    await vi.waitFor(async () => expect(await db.queue.count()).toBe(1));
    expect((await queued(db))[0]?.data).toMatchObject({ language: 'bn' });
  });

  it('lays the screen out right to left for اردو', async () => {
    const { user, view } = setup({ survey: FFT_SURVEY });
    await user.click(button('اردو'));
    expect(root(view)).toHaveAttribute('lang', 'ur');
    expect(root(view)).toHaveAttribute('dir', 'rtl');
    await user.click(button(surveyStrings.t('start')));
    expect(questionHeading()).toHaveTextContent(FFT_QUESTION_TEXT.ur!.text);
    expect(root(view)).toHaveAttribute('dir', 'rtl');
  });
});

/** The store's reads of published surveys and outcomes, passed through a wrapper. */
const publishedReads = (store: SurveyStore) => ({
  liveSurveys: () => store.liveSurveys(),
  liveSurvey: (surveyId: string) => store.liveSurvey(surveyId),
  findSurvey: (surveyId: string, version?: number) => store.findSurvey(surveyId, version),
  liveLatestOutcomes: (limit: number) => store.liveLatestOutcomes(limit),
});

describe('when saving fails', () => {
  const failing =
    (error: Error) =>
    (store: SurveyStore): SurveyStore => ({
      saveResponse: () => Promise.reject(error),
      saveEquality: (input) => store.saveEquality(input),
      liveWaiting: () => store.liveWaiting(),
      ...publishedReads(store),
    });

  it('says so and keeps every answer on screen', async () => {
    const { user, db } = setup({ wrap: failing(new Error('disk error')) });
    await answerEverything(user);
    const before = reviewRows();
    await user.click(button('Send my answers'));
    expect(await screen.findByRole('alert')).toHaveTextContent(SURVEY_STRINGS_EN.saveFailed);
    expect(screen.getByRole('heading', { name: 'Check your answers' })).toBeInTheDocument();
    expect(reviewRows()).toEqual(before);
    expect(button('Send my answers')).toBeEnabled();
    expect(await db.queue.count()).toBe(0);
  });

  it('says the tablet is full on a quota error', async () => {
    const { user } = setup({
      wrap: failing(new DOMException('Quota exceeded', 'QuotaExceededError')),
    });
    await answerEverything(user);
    await user.click(button('Send my answers'));
    expect(await screen.findByRole('alert')).toHaveTextContent(SURVEY_STRINGS_EN.storageFull);
  });

  it('sends on a second try once the store works again', async () => {
    let broken = true;
    const { user, db } = setup({
      wrap: (store) => ({
        saveResponse: (input) =>
          broken ? Promise.reject(new Error('busy')) : store.saveResponse(input),
        saveEquality: (input) => store.saveEquality(input),
        liveWaiting: () => store.liveWaiting(),
        ...publishedReads(store),
      }),
    });
    await answerEverything(user);
    await user.click(button('Send my answers'));
    await screen.findByRole('alert');
    broken = false;
    await user.click(button('Send my answers'));
    await screen.findByRole('heading', { name: /About you/ });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect((await queued(db)).map((r) => r.kind)).toEqual(['survey-response']);
  });

  it('keeps the equality answers on screen when they cannot be saved', async () => {
    const { user, db } = setup({
      wrap: (store) => ({
        saveResponse: (input) => store.saveResponse(input),
        saveEquality: () => Promise.reject(new Error('disk error')),
        liveWaiting: () => store.liveWaiting(),
        ...publishedReads(store),
      }),
    });
    await answerEverything(user);
    await user.click(button('Send my answers'));
    await user.click(await screen.findByRole('button', { name: 'Answer questions about me' }));
    for (const _ of [1, 2, 3, 4, 5, 6]) await user.click(button('Next'));
    await choose(user, 'Yes');
    await user.click(button('Finish'));
    expect(await screen.findByRole('alert')).toHaveTextContent(SURVEY_STRINGS_EN.saveFailed);
    expect(screen.getByRole('radio', { name: 'Yes' })).toBeChecked();
    expect((await queued(db)).map((r) => r.kind)).toEqual(['survey-response']);
  });
});

describe('pictures and read-aloud beyond the questions', () => {
  /** The browser's speech, as read-aloud uses it: one English voice on the tablet. */
  const spoken: string[] = [];
  class Utterance {
    voice: unknown = null;
    lang = '';
    rate = 1;
    onend: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(readonly text: string) {}
  }
  beforeEach(() => {
    spoken.length = 0;
    vi.stubGlobal('speechSynthesis', {
      getVoices: () => [],
      speak: (u: Utterance) => spoken.push(u.text),
      cancel: () => undefined,
      addEventListener: () => undefined,
    });
    vi.stubGlobal('SpeechSynthesisUtterance', Utterance);
    speech.voices = [
      { lang: 'en-GB', name: 'English', localService: true } as SpeechSynthesisVoice,
    ];
  });
  afterEach(() => {
    speech.voices = [];
    vi.unstubAllGlobals();
  });

  it("shows each review row with its question's picture, and reads the question and answer aloud", async () => {
    const { user, session } = setup();
    await answerEverything(user);
    const rows = [...document.querySelectorAll('.review-row')];
    expect(rows).toHaveLength(6);
    session.questions.forEach((q, i) => {
      const term = within(rows[i] as HTMLElement).getByRole('term');
      expect(pictogramOf(term)).toBe(pictogramUrl(q.pictogram));
      // The picture comes before the words.
      expect(term.firstElementChild).toHaveClass('pictogram');
      expect(
        within(rows[i] as HTMLElement).getByRole('button', {
          name: `Read aloud: ${q.text.en.text}`,
        }),
      ).toBeInTheDocument();
    });

    await user.click(button('Read aloud: Why?'));
    expect(spoken).toEqual(['Why? Kind staff']);
    await user.click(button('Stop reading'));
    await user.click(button('Read aloud: What helped?'));
    expect(spoken.at(-1)).toBe('What helped? food, company');
  });

  it('puts a picture by every equality question and every choice, read aloud too', async () => {
    const { user } = setup();
    await answerEverything(user);
    await user.click(button('Send my answers'));
    await user.click(await screen.findByRole('button', { name: 'Answer questions about me' }));
    const seen: Record<string, string | null | undefined> = {};
    for (const category of EQUALITY_CATEGORY_IDS) {
      const heading = screen.getByRole('heading', { level: 2 });
      expect(heading).toHaveTextContent(SURVEY_STRINGS_EN[`eq.${category}`]);
      expect(pictogramOf(heading.parentElement!)).toMatch(/^\/pictograms\/[a-z-]+\.svg$/);
      const radios = screen.getAllByRole('radio');
      expect(radios).toHaveLength(equalityChoices(category).length);
      for (const radio of radios) {
        const label = radio.closest('label')!;
        const words = label.querySelector('.words')!.textContent;
        const picture = label.querySelector('img.pictogram');
        expect(picture, `${category}: ${words}`).not.toBeNull();
        // The picture before the words.
        expect(picture!.compareDocumentPosition(label.querySelector('.words')!)).toBe(
          Node.DOCUMENT_POSITION_FOLLOWING,
        );
        seen[`${category}:${words}`] = picture!.getAttribute('src');
        expect(button(`Read aloud: ${words}`)).toBeInTheDocument();
      }
      await user.click(button(category === 'carer' ? 'Finish' : 'Next'));
    }
    expect(seen).toMatchObject({
      'age:Under 18': '/pictograms/child.svg',
      'age:75 or over': '/pictograms/older-person.svg',
      'religion:Muslim': '/pictograms/star-and-crescent.svg',
      'religion:No religion': '/pictograms/none.svg',
      'disability:Yes': '/pictograms/yes.svg',
      'carer:Prefer not to say': '/pictograms/not-saying.svg',
    });
    // Every picture is one the app ships.
    for (const src of Object.values(seen))
      expect(Object.keys(PICTOGRAMS).map((id) => pictogramUrl(id as PictogramId))).toContain(src);
  });
});

describe('recorded clips', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("fetches the survey's clips into the clip cache when it is shown, so they play offline", async () => {
    const kept = new Map<string, Response>();
    const cache = {
      match: (url: string) => Promise.resolve(kept.get(url)),
      put: (url: string, response: Response) => {
        kept.set(url, response);
        return Promise.resolve();
      },
    };
    const open = vi.fn(() => Promise.resolve(cache));
    vi.stubGlobal('caches', { open });
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      fetched.push(url);
      return Promise.resolve(
        new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'audio/mpeg' } }),
      );
    });
    const survey = makeSurvey();
    const [first, second] = survey.questions;
    first!.text.en.audio = '/audio/rating.en.mp3';
    first!.options![0]!.text.en.audio = '/audio/very-good.en.mp3';
    second!.text.en.audio = '/audio/rating.en.mp3';
    setup({ survey });
    await vi.waitFor(() => expect(kept.size).toBe(2));
    expect(open).toHaveBeenCalledWith(CLIP_CACHE);
    expect(fetched).toEqual(['/audio/rating.en.mp3', '/audio/very-good.en.mp3']);
  });
});
