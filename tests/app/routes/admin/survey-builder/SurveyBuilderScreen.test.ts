import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import SurveyBuilderScreen from '../../../../../src/app/routes/admin/survey-builder/SurveyBuilderScreen.svelte';
import type { AdminSurveyDetail } from '../../../../../src/shared/admin/admin-api';
import type { SurveyDefinition } from '../../../../../src/shared/schemas/survey.schema';
import { makeSurvey } from '../../../../fixtures/survey.factory';
import { FakeAdminServer, apiError, signedInClient } from '../admin-test-kit';
import { makeSurveyDetail } from './survey-admin.factory';

type User = ReturnType<typeof userEvent.setup>;

beforeEach(() => localStorage.clear());

async function open(id: string, server = new FakeAdminServer()) {
  server.on('GET', '/settings/jargon', () => ({ body: { words: ['ward round'] } }));
  const { client } = await signedInClient(server);
  const user = userEvent.setup();
  const view = render(SurveyBuilderScreen, { client, params: { id }, query: {} });
  await screen.findAllByRole('button', { name: 'Save draft' });
  return { server, user, view };
}

/** An existing survey on the server: GET answers `detail`; PUT and publish answer like it. */
function serverWith(detail: AdminSurveyDetail) {
  const server = new FakeAdminServer();
  server.on('GET', '/surveys/:id', () => ({ body: detail }));
  return server;
}

/**
 * A text box by its name, looked for in its part of the form: question n's card for
 * "Question n…" and "Answer … of question n", the survey's settings otherwise (a query over
 * the whole long form is slow in jsdom).
 */
function box(name: string): HTMLElement {
  const n = /^(?:Question (\d+)|Answer \d+ of question (\d+))/.exec(name);
  const part = n
    ? screen.getByText(new RegExp(`^Question ${n[1] ?? n[2]}: `), { selector: 'h3' })
    : screen.getByText('About the survey', { selector: 'h2' });
  return within(part.closest('section')!).getByRole('textbox', { name });
}
const button = (name: string) => screen.getByRole('button', { name });

async function typeInto(user: User, element: HTMLElement, text: string) {
  await user.clear(element);
  await user.click(element);
  await user.paste(text);
}

describe('survey builder: a new survey', () => {
  it(
    'adds a question of each type, with the fixed answers filled in, and saves them',
    {
      timeout: 30_000,
    },
    async () => {
      const server = new FakeAdminServer();
      server.on('PUT', '/surveys/:id', ({ body }) => ({
        body: makeSurveyDetail({ definition: body as SurveyDefinition }),
      }));
      const { user } = await open('new', server);
      expect(screen.getByRole('heading', { level: 1, name: 'New survey' })).toBeInTheDocument();

      const types = [
        'Friends and Family Test',
        'Smiley faces',
        'Choose one answer',
        'Choose any answers',
        'Yes, no or not sure',
        'Written answer',
      ];
      for (const type of types) await user.click(button(`Add: ${type}`));

      expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent.trim())).toEqual(
        types.map((type, i) => `Question ${i + 1}: ${type}`),
      );
      // The new question's words take the focus, so typing can start at once.
      expect(box('Question 6: words')).toHaveFocus();

      // The FFT comes with the national question and its six answers.
      expect(box('Question 1: words')).toHaveValue(
        'Overall, how was your experience of our service?',
      );
      expect(box('Answer 1 of question 1: words')).toHaveValue('Very good');
      expect(box('Answer 6 of question 1: words')).toHaveValue("Don't know");
      expect(box('Answer 5 of question 2: words')).toHaveValue('Very unhappy');
      expect(box('Answer 3 of question 5: words')).toHaveValue('Not sure');
      // Fixed answers cannot be removed; chosen ones can.
      expect(screen.queryByRole('button', { name: 'Remove: Answer 1 of question 1' })).toBeNull();
      expect(button('Remove: Answer 1 of question 3')).toBeEnabled();
      expect(screen.getByRole('spinbutton', { name: 'Longest answer, in characters' })).toHaveValue(
        null,
      );

      // A smiley question can have three faces instead of five.
      await user.click(screen.getAllByRole('radio', { name: '3 faces' })[0]!);
      expect(screen.queryByRole('textbox', { name: 'Answer 4 of question 2: words' })).toBeNull();

      await typeInto(user, box('Title: words'), 'Ward feedback');
      expect(box('Short name')).toHaveValue('ward-feedback');
      await typeInto(user, box('Question 2: words'), 'How do you feel today?');
      await typeInto(user, box('Question 3: words'), 'Which ward are you on?');
      await typeInto(user, box('Answer 1 of question 3: words'), 'Oak');
      await typeInto(user, box('Answer 2 of question 3: words'), 'Ash');
      await typeInto(user, box('Question 4: words'), 'What went well?');
      await typeInto(user, box('Answer 1 of question 4: words'), 'Food');
      await typeInto(user, box('Answer 2 of question 4: words'), 'Staff');
      await user.click(button('Add an answer: Question 4'));
      // The new answer's words take the focus.
      await user.paste('Visiting');
      await typeInto(user, box('Question 5: words'), 'Did staff listen to you?');
      await typeInto(user, box('Question 6: words'), 'Anything else?');

      await user.click(screen.getAllByRole('button', { name: 'Save draft' })[0]!);
      expect(await screen.findByText('Saved. Version 1, draft.')).toHaveFocus();

      const [put] = server.seen('PUT', '/surveys/ward-feedback');
      const sent = put!.body as SurveyDefinition;
      expect(sent.questions.map((q) => q.type)).toEqual([
        'fft',
        'smiley',
        'single',
        'multiple',
        'yes-no',
        'free-text',
      ]);
      expect(sent.questions[1]!.options!.map((o) => o.value)).toEqual(['happy', 'ok', 'unhappy']);
      expect(sent.questions[3]!.options!.map((o) => o.text.en.text)).toEqual([
        'Food',
        'Staff',
        'Visiting',
      ]);
      expect(sent.questions[5]!.options).toBeUndefined();
      // It checked that the short name was free before saving over it.
      expect(server.seen('GET', '/surveys/ward-feedback')).toHaveLength(1);
      expect(location.hash).toBe('#/admin/surveys/ward-feedback');
    },
  );

  it('says what is missing, beside each field and in a summary, and sends nothing', async () => {
    const { server, user } = await open('new');
    await user.click(button('Add: Written answer'));
    await user.click(screen.getAllByRole('button', { name: 'Save draft' })[0]!);

    const summary = await screen.findByRole('alert', { name: 'Please check the survey' });
    expect(summary).toHaveFocus();
    expect(
      within(summary).getByRole('link', { name: 'Title, English: Write the words.' }),
    ).toBeVisible();
    expect(
      within(summary).getByRole('link', { name: 'Question 1, English: Write the words.' }),
    ).toBeVisible();
    expect(box('Title: words')).toHaveAttribute('aria-invalid', 'true');
    expect(box('Title: words')).toHaveAccessibleDescription('Write the words.');

    await user.click(within(summary).getByRole('link', { name: /^Question 1, English/ }));
    expect(box('Question 1: words')).toHaveFocus();
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('refuses a reworded FFT question or answer, beside the field, keeping the words typed', async () => {
    const { server, user } = await open('new');
    await user.click(button('Add: Friends and Family Test'));
    await typeInto(user, box('Title: words'), 'Ward feedback');
    await typeInto(user, box('Question 1: words'), 'Overall, how was your stay?');
    await typeInto(user, box('Answer 1 of question 1: words'), 'Excellent');
    // The easy-read words are the survey's own to choose.
    await typeInto(user, box('Question 1: easy-read words'), 'Was your stay good?');
    await user.click(screen.getAllByRole('button', { name: 'Save draft' })[0]!);

    const summary = await screen.findByRole('alert', { name: 'Please check the survey' });
    const question =
      'An FFT question must ask the national question in English, word for word: "Overall, how was your experience of our service?".';
    const answer =
      'The FFT answer \'very-good\' must read "Very good" in English, the national wording.';
    expect(
      within(summary)
        .getAllByRole('link')
        .map((link) => link.textContent.trim()),
    ).toEqual([`Question 1, English: ${question}`, `Answer 1 of question 1, English: ${answer}`]);
    expect(box('Question 1: words')).toHaveAttribute('aria-invalid', 'true');
    expect(box('Question 1: words')).toHaveAccessibleDescription(expect.stringContaining(question));
    expect(box('Question 1: words')).toHaveValue('Overall, how was your stay?');
    expect(box('Answer 1 of question 1: words')).toHaveAccessibleDescription(
      expect.stringContaining(answer),
    );
    expect(box('Question 1: easy-read words')).not.toHaveAttribute('aria-invalid', 'true');
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('keeps what was typed on this computer until it is saved', async () => {
    const first = await open('new');
    await typeInto(first.user, box('Title: words'), 'Carers’ survey');
    await waitFor(() => expect(localStorage.length).toBe(1));
    first.view.unmount();

    await open('new');
    expect(box('Title: words')).toHaveValue('Carers’ survey');
    expect(screen.getByText(/Your unsaved changes from/)).toBeVisible();
    await userEvent.setup().click(button('Discard my unsaved changes'));
    expect(box('Title: words')).toHaveValue('');
  });
});

describe('survey builder: arranging questions', () => {
  it('moves, removes and brings back questions and answers with buttons, keeping the focus', async () => {
    const { user } = await open('new');
    await user.click(button('Add: Written answer'));
    await user.paste('First');
    await user.click(button('Add: Choose one answer'));
    await user.paste('Second');

    await user.click(button('Move up: Question 2'));
    expect(box('Question 1: words')).toHaveValue('Second');
    expect(box('Question 2: words')).toHaveValue('First');
    // The moved question's button keeps the focus (up is now disabled, so down has it).
    expect(button('Move down: Question 1')).toHaveFocus();
    expect(screen.getByText('Question moved to number 1.')).toBeInTheDocument();

    await typeInto(user, box('Answer 1 of question 1: words'), 'Oak');
    await typeInto(user, box('Answer 2 of question 1: words'), 'Ash');
    await user.click(button('Move down: Answer 1 of question 1'));
    expect(box('Answer 1 of question 1: words')).toHaveValue('Ash');
    expect(box('Answer 2 of question 1: words')).toHaveValue('Oak');
    await user.click(button('Remove: Answer 1 of question 1'));
    expect(box('Answer 1 of question 1: words')).toHaveValue('Oak');

    await user.click(button('Remove: Question 1'));
    expect(screen.queryByText('Second')).toBeNull();
    expect(box('Question 1: words')).toHaveValue('First');
    expect(button('Undo')).toHaveFocus();
    await user.click(button('Undo'));
    expect(box('Question 1: words')).toHaveValue('Second');
    expect(
      screen.getByRole('heading', { level: 3, name: 'Question 1: Choose one answer' }),
    ).toHaveFocus();
  });

  it('asks a question only after a chosen answer to an earlier one', async () => {
    const server = new FakeAdminServer();
    server.on('PUT', '/surveys/:id', ({ body }) => ({
      body: makeSurveyDetail({ definition: body as SurveyDefinition }),
    }));
    const { user } = await open('new', server);
    await typeInto(user, box('Title: words'), 'Café');
    await user.click(button('Add: Yes, no or not sure'));
    await user.paste('Did you visit the café?');
    await user.click(button('Add: Written answer'));
    await user.paste('What did you eat?');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Only when this earlier question was answered…' }),
      'Question 1: Did you visit the café?',
    );
    await user.click(screen.getByRole('checkbox', { name: 'Yes' }));
    await user.click(screen.getAllByRole('button', { name: 'Save draft' })[0]!);
    expect(await screen.findByText('Saved. Version 1, draft.')).toBeVisible();
    const sent = server.seen('PUT', '/surveys/cafe')[0]!.body as SurveyDefinition;
    expect(sent.questions[1]!.showIf).toEqual({
      questionId: sent.questions[0]!.id,
      anyOf: ['yes'],
    });
  });

  it('offers more languages, each with its words, easy-read words and a needs-review tick', async () => {
    const { user } = await open('new');
    await user.click(screen.getByRole('checkbox', { name: 'Welsh (Cymraeg)' }));
    await typeInto(user, box('Title: words'), 'Your visit');
    await user.click(screen.getByRole('radio', { name: 'Welsh (Cymraeg)' }));
    const welsh = box('Title: words in Welsh');
    expect(welsh).toHaveAccessibleDescription('In English: “Your visit”');
    await typeInto(user, welsh, 'Eich ymweliad');
    const review = screen.getByRole('checkbox', {
      name: 'Title: the Welsh words need checking by a fluent speaker',
    });
    await user.click(review);
    expect(review).toBeChecked();
    expect(box('Title: easy-read words in Welsh')).toBeVisible();
    await user.click(screen.getByRole('radio', { name: 'English (English)' }));
    expect(box('Title: words')).toHaveValue('Your visit');
  });
});

describe('survey builder: easy read', () => {
  it('flags easy-read words as they are typed, in words under the field, without blocking', async () => {
    const { user } = await open('new');
    await user.click(button('Add: Written answer'));
    const easy = box('Question 1: easy-read words');

    await user.click(easy);
    await user.keyboard('Tell the CQC');
    expect(screen.getByText('‘CQC’ is an acronym: spell it out.')).toBeVisible();
    await user.keyboard(' about your responsibilities on the care pathway after the ward round.');
    expect(
      screen.getByText('‘responsibilities’ is a long word. Is there a shorter, everyday one?'),
    ).toBeVisible();
    expect(screen.getByText('‘care pathway’ is jargon. Say it in everyday words.')).toBeVisible();
    // The organisation's own jargon list, from the server.
    expect(screen.getByText('‘ward round’ is jargon. Say it in everyday words.')).toBeVisible();
    expect(screen.getByText('Easy-read check: 4 things to look at.')).toBeVisible();
    expect(easy).toHaveAccessibleDescription(expect.stringContaining('spell it out'));
    expect(easy).not.toHaveAttribute('aria-invalid');

    await typeInto(
      user,
      easy,
      'We would like you to tell us in your words what you think about the food on the ward.',
    );
    expect(
      screen.getByText(
        'This sentence has 19 words; easy read keeps to 15 or fewer: “We would like you to tell us in your words what you think about the food on…”',
      ),
    ).toBeVisible();

    await typeInto(user, easy, 'What do you think of the food?');
    expect(screen.queryByText(/Easy-read check/)).toBeNull();
  });

  it('saves an edited jargon list', async () => {
    const server = new FakeAdminServer();
    server.on('PUT', '/settings/jargon', ({ body }) => ({ body }));
    const { user } = await open('new', server);
    await user.click(screen.getByText(/^Jargon list/));
    const list = screen.getByRole('textbox', { name: 'Your organisation’s jargon' });
    await waitFor(() => expect(list).toHaveValue('ward round'));
    await user.click(list);
    await user.keyboard('{End}{Enter}discharge lounge');
    await user.click(button('Save jargon list'));
    expect(await screen.findByText('Jargon list saved: 2 words and phrases.')).toBeVisible();
    expect(server.seen('PUT', '/settings/jargon')[0]!.body).toEqual({
      words: ['ward round', 'discharge lounge'],
    });
  });
});

describe('survey builder: an existing survey', () => {
  it('shows a server 400 beside the field it names and keeps the text', async () => {
    const server = serverWith(makeSurveyDetail());
    server.on('PUT', '/surveys/:id', () =>
      apiError(400, 'validation_failed', 'questions.0.text.en.easyRead: too hard', [
        {
          field: 'questions.0.text.en.easyRead',
          message: 'Use simpler words than the standard ones.',
        },
      ]),
    );
    const { user } = await open('test-survey', server);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      'Edit survey: How was your visit?',
    );
    const easy = box('Question 1: easy-read words');
    await typeInto(user, easy, 'How was your time with us overall, all things considered?');
    await user.click(screen.getAllByRole('button', { name: 'Save draft' })[0]!);

    const summary = await screen.findByRole('alert', {
      name: 'The server did not save the survey',
    });
    expect(summary).toHaveFocus();
    expect(
      within(summary).getByRole('link', {
        name: 'Question 1, English easy read: Use simpler words than the standard ones.',
      }),
    ).toBeVisible();
    expect(easy).toHaveAttribute('aria-invalid', 'true');
    expect(easy).toHaveAccessibleDescription(
      expect.stringContaining('Use simpler words than the standard ones.'),
    );
    expect(easy).toHaveValue('How was your time with us overall, all things considered?');
    expect(
      screen.getByText('You have changes that are not saved on the server yet.'),
    ).toBeVisible();
  });

  it('takes the summary link to a field in another language', async () => {
    const server = serverWith(makeSurveyDetail());
    server.on('PUT', '/surveys/:id', () =>
      apiError(400, 'validation_failed', 'bad', [
        { field: 'questions.2.text.cy.text', message: 'Check the Welsh words.' },
      ]),
    );
    const { user } = await open('test-survey', server);
    await user.click(screen.getAllByRole('button', { name: 'Save draft' })[0]!);
    const summary = await screen.findByRole('alert', {
      name: 'The server did not save the survey',
    });
    await user.click(
      within(summary).getByRole('link', { name: 'Question 3, Welsh: Check the Welsh words.' }),
    );
    const welsh = box('Question 3: words in Welsh');
    expect(welsh).toHaveFocus();
    expect(welsh).toHaveValue('Did you visit the café? (cy)');
    expect(welsh).toHaveAccessibleDescription(expect.stringContaining('Check the Welsh words.'));
  });

  it('publishes and says which version is on tablets', async () => {
    const definition = makeSurvey({ version: 3 });
    const server = serverWith(makeSurveyDetail({ definition, publishedVersion: 2 }));
    server.on('POST', '/surveys/:id/publish', () => ({
      body: makeSurveyDetail({ definition, status: 'published' }),
    }));
    const { user } = await open('test-survey', server);
    expect(screen.getByText('Version 3, draft. Version 2 is on tablets.')).toBeVisible();
    expect(screen.getByText(/Tablets keep version 2 until you publish this draft/)).toBeVisible();

    await user.click(screen.getAllByRole('button', { name: 'Publish to tablets' })[0]!);
    expect(
      await screen.findByText('Published. Version 3 is on tablets after their next sync.'),
    ).toHaveFocus();
    expect(screen.getByText('Version 3 is on tablets.')).toBeVisible();
    expect(server.seen('POST', '/surveys/test-survey/publish')).toHaveLength(1);
    // Nothing had changed, so nothing was saved first.
    expect(server.seen('PUT', '/surveys/test-survey')).toHaveLength(0);
  });

  it('says that editing a published survey makes a new version, and saves it as one', async () => {
    const definition = makeSurvey({ version: 2 });
    const server = serverWith(makeSurveyDetail({ definition, status: 'published' }));
    server.on('PUT', '/surveys/:id', ({ body }) => ({
      body: makeSurveyDetail({
        definition: { ...(body as SurveyDefinition), version: 3 },
        publishedVersion: 2,
      }),
    }));
    const { user } = await open('test-survey', server);
    expect(screen.getByText('Version 2 is on tablets.')).toBeVisible();
    expect(
      screen.getByText(
        'Version 2 is published. Saving your changes makes version 3, a draft. Responses already given keep version 2, and tablets keep it until you publish again.',
      ),
    ).toBeVisible();

    await typeInto(user, box('Title: words'), 'How was your stay?');
    await user.click(screen.getAllByRole('button', { name: 'Save draft' })[0]!);
    expect(await screen.findByText('Saved. Version 3, draft.')).toHaveFocus();
    expect(screen.getByText('Version 3, draft. Version 2 is on tablets.')).toBeVisible();
  });

  it('previews a question as a respondent sees it, in easy read, as it is typed', async () => {
    const server = serverWith(makeSurveyDetail());
    const { user } = await open('test-survey', server);
    const preview = screen.getByRole('complementary', { name: 'Preview' });
    expect(within(preview).getByText('How was your visit?')).toBeVisible();

    await user.click(button('Show in preview: Question 3'));
    expect(within(preview).getByRole('heading', { name: 'Did you visit the café?' })).toBeVisible();
    await user.click(within(preview).getByRole('radio', { name: 'Easy read' }));
    expect(
      within(preview).getByRole('heading', { name: 'Did you visit the café? (easy read)' }),
    ).toBeVisible();
    expect(within(preview).getByRole('radio', { name: 'yes (easy read)' })).toBeVisible();

    await typeInto(user, box('Question 3: easy-read words'), 'Did you go to the café?');
    expect(within(preview).getByRole('heading', { name: 'Did you go to the café?' })).toBeVisible();

    await user.selectOptions(within(preview).getByRole('combobox', { name: 'Language' }), 'cy');
    expect(
      within(preview).getByRole('heading', { name: 'Did you visit the café? (cy) (easy read)' }),
    ).toBeVisible();
  });
});
