import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SurveyResultsScreen from '../../../../../src/app/routes/admin/results/SurveyResultsScreen.svelte';
import {
  FreeTextPageFold,
  parseFreeTextCursor,
  summariseSurvey,
} from '../../../../../src/shared/admin/survey-results';
import type { Answer } from '../../../../../src/shared/schemas/survey-response.schema';
import { makeSurvey, makeSurveyResponse } from '../../../../fixtures/survey.factory';
import { FakeAdminServer, signedInClient } from '../admin-test-kit';

const SCRIPT = '<script>alert("hello")</script>';

function response(
  createdAt: string,
  location: string,
  rating: string,
  more: Answer[] = [],
  status: 'complete' | 'partial' = 'complete',
) {
  return makeSurveyResponse({
    createdAt,
    updatedAt: createdAt,
    location,
    status,
    answers: [{ questionId: 'rating', choice: rating }, ...more],
  });
}

const survey = makeSurvey();
const responses = [
  {
    ...response('2026-11-03T10:00:00.000Z', 'Ward 3', 'very-good', [
      { questionId: 'why', text: SCRIPT },
    ]),
    answeredBy: 'alone' as const,
  },
  {
    ...response('2026-11-04T10:00:00.000Z', 'Ward 3', 'good', [
      { questionId: 'visited', choice: 'yes' },
      { questionId: 'what-helped', choices: ['food', 'company'] },
    ]),
    answeredBy: 'with-help' as const,
    language: 'pl' as const,
    presentation: 'easy-read' as const,
  },
  {
    ...response('2026-11-05T10:00:00.000Z', 'Ward 5', 'poor', [
      { questionId: 'visited', choice: 'no' },
    ]),
    answeredBy: 'alone' as const,
  },
  response('2026-10-20T10:00:00.000Z', 'Ward 5', 'dont-know', [], 'partial'),
];

async function open(query: Record<string, string> = {}) {
  const server = new FakeAdminServer();
  server.on('GET', '/surveys/:id/results', ({ query: q }) => ({
    body: summariseSurvey([survey], responses, { location: q.location, month: q.month }),
  }));
  server.on('GET', '/surveys/:id/responses.csv', () => ({
    text: 'id,rating\nr1,very-good\n',
  }));
  const { client } = await signedInClient(server);
  const user = userEvent.setup();
  const view = render(SurveyResultsScreen, { client, params: { id: 'test-survey' }, query });
  await screen.findByRole('heading', { level: 1, name: 'Results: How was your visit?' });
  return { server, user, view };
}

afterEach(() => vi.restoreAllMocks());

describe('survey results', () => {
  it('shows the totals and the FFT percentages, overall and per month and location', async () => {
    await open();
    expect(screen.getByText('Showing 4 responses: 3 complete, 1 partly answered.')).toBeVisible();

    const fft = screen.getByRole('region', { name: 'Friends and Family Test' });
    // Two of four positive (very good, good); one of four negative (poor); don't know counts.
    const positive = within(fft).getByText('Positive overall').closest('div')!;
    expect(positive).toHaveTextContent('50%');
    expect(positive).toHaveTextContent('2 of 4');
    const negative = within(fft).getByText('Negative overall').closest('div')!;
    expect(negative).toHaveTextContent('25%');
    expect(negative).toHaveTextContent('1 of 4');

    const table = within(fft).getByRole('table', {
      name: 'Friends and Family Test by month and location',
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((c) => c.textContent.trim()),
      );
    const headers = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getByRole('rowheader').textContent.trim());
    expect(headers).toEqual(['November 2026', 'November 2026', 'October 2026']);
    expect(rows).toEqual([
      ['Ward 3', '2', '2', '100%', '0', '0%', '1', '1', '0', '0', '0', '0'],
      ['Ward 5', '1', '0', '0%', '1', '100%', '0', '0', '0', '1', '0', '0'],
      ['Ward 5', '1', '0', '0%', '0', '0%', '0', '0', '0', '0', '0', '1'],
    ]);
  });

  it('puts a table of the same numbers beside every chart', async () => {
    await open();
    const charts = screen.getAllByRole('img', { name: /^Bar chart of the answers to/ });
    // Every question but the written one: rating, visited, what helped, most helpful, mood.
    expect(charts).toHaveLength(5);
    for (const chart of charts) {
      const table = within(chart.parentElement!).getByRole('table');
      expect(table).toHaveAccessibleName(/^Answers to “/);
    }
    const rating = screen.getByRole('img', {
      name: "Bar chart of the answers to “Overall, how was your experience of our service?”: Very good 1, Good 1, Neither good nor poor 0, Poor 1, Very poor 0, Don't know 1.",
    });
    const table = within(rating.parentElement!).getByRole('table');
    const cells = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.children].map((cell) => cell.textContent.trim()).join(' '));
    expect(cells).toEqual([
      'Very good 1 25%',
      'Good 1 25%',
      'Neither good nor poor 0 0%',
      'Poor 1 25%',
      'Very poor 0 0%',
      "Don't know 1 25%",
    ]);
    // More than one answer could be chosen: the shares are of the people who answered.
    const helped = screen.getByRole('table', { name: 'Answers to “What helped?”' });
    expect(within(helped).getByRole('row', { name: /food/ })).toHaveTextContent('100%');
    expect(
      screen.getByText(
        'People could choose more than one answer, so the percentages add up to more than 100.',
      ),
    ).toBeVisible();
  });

  it('lists written answers as text, never as markup', async () => {
    const { view } = await open();
    const why = screen.getByRole('region', { name: 'Why?' });
    expect(within(why).getByText(SCRIPT)).toBeVisible();
    expect(within(why).getByText(/Ward 3$/)).toBeVisible();
    expect(view.container.querySelector('script')).toBeNull();
  });

  it('offers each written answer as evidence for a new outcome about this survey', async () => {
    await open();
    const why = screen.getByRole('region', { name: 'Why?' });
    const link = within(why).getByRole('link', { name: 'Use as evidence for an outcome' });
    expect(link).toHaveAccessibleDescription(SCRIPT);
    expect(link).toHaveAttribute(
      'href',
      `#/admin/outcomes/new?survey=test-survey&evidence=${responses[0]!.id}`,
    );
  });

  it('shows who answered, in which language and whether easy read, as tables within the filter', async () => {
    const { user } = await open();
    const breakdown = screen.getByRole('region', { name: 'Who answered, and how' });
    const rowsOf = (name: string) =>
      within(within(breakdown).getByRole('table', { name }))
        .getAllByRole('row')
        .map((row) => [...row.children].map((cell) => cell.textContent.trim()).join(' | '));
    expect(rowsOf('Who gave the answers')).toEqual([
      'Who | Responses | % of responses',
      'On their own | 2 | 50%',
      'With someone’s help | 1 | 25%',
      'Staff filled it in for them | 0 | 0%',
      'Not recorded | 1 | 25%',
    ]);
    expect(rowsOf('Language')).toEqual([
      'Language | Responses | % of responses',
      'English | 3 | 75%',
      'Welsh | 0 | 0%',
      'Polish | 1 | 25%',
      'Bengali | 0 | 0%',
      'Urdu | 0 | 0%',
    ]);
    expect(rowsOf('Standard or easy read')).toEqual([
      'Version | Responses | % of responses',
      'Standard | 3 | 75%',
      'Easy read | 1 | 25%',
    ]);
    // Row headers name each count for a screen reader.
    expect(within(breakdown).getByRole('rowheader', { name: 'Easy read' })).toBeVisible();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Location' }), 'Ward 3');
    await screen.findByText('Showing 2 responses: 2 complete, 0 partly answered.');
    expect(rowsOf('Standard or easy read')).toEqual([
      'Version | Responses | % of responses',
      'Standard | 1 | 50%',
      'Easy read | 1 | 50%',
    ]);
  });

  it('filters by location and month, and keeps the filter in the address', async () => {
    const { server, user } = await open();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Location' }), 'Ward 5');
    expect(
      await screen.findByText('Showing 2 responses: 1 complete, 1 partly answered.'),
    ).toBeVisible();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Month' }), 'October 2026');
    expect(
      await screen.findByText('Showing 1 response: 0 complete, 1 partly answered.'),
    ).toBeVisible();
    expect(server.seen('GET', '/surveys/test-survey/results').at(-1)!.query).toEqual({
      location: 'Ward 5',
      month: '2026-10',
    });
    expect(location.hash).toBe('#/admin/surveys/test-survey/results?location=Ward+5&month=2026-10');
  });

  it('starts from the filter in the address', async () => {
    const { server } = await open({ location: 'Ward 3' });
    expect(screen.getByRole('combobox', { name: 'Location' })).toHaveValue('Ward 3');
    expect(screen.getByText('Showing 2 responses: 2 complete, 0 partly answered.')).toBeVisible();
    expect(server.seen('GET', '/surveys/test-survey/results')[0]!.query).toEqual({
      location: 'Ward 3',
    });
  });

  it('downloads the responses as CSV with the session, for the filter shown', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:csv';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { server, user } = await open({ month: '2026-11' });
    const link = screen.getByRole('link', { name: 'Download the responses (CSV)' });
    expect(link).toHaveAttribute(
      'href',
      '/api/v1/admin/surveys/test-survey/responses.csv?month=2026-11',
    );
    await user.click(link);
    expect(await screen.findByText('The download has started.')).toBeVisible();
    expect(server.seen('GET', '/surveys/test-survey/responses.csv')[0]!.query).toEqual({
      month: '2026-11',
    });
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect(await blobs[0]!.text()).toBe('id,rating\nr1,very-good\n');
    expect(clicked).toHaveBeenCalled();
  });
});

describe('survey results: many written answers', () => {
  const written = Array.from({ length: 5 }, (_, n) =>
    response(`2026-11-0${n + 1}T10:00:00.000Z`, n % 2 ? 'Ward 3' : 'Ward 5', 'good', [
      { questionId: 'why', text: `Written answer ${n + 1}` },
    ]),
  );

  /** A server that lists two written answers with the results, and pages the rest by two. */
  async function openMany(query: Record<string, string> = {}) {
    const server = new FakeAdminServer();
    const filterOf = (q: Record<string, string>) => ({ location: q.location, month: q.month });
    server.on('GET', '/surveys/:id/results', ({ query: q }) => ({
      body: summariseSurvey([survey], written, filterOf(q), { freeTextLimit: 2 }),
    }));
    server.on('GET', '/surveys/:id/free-text', ({ query: q }) => {
      const fold = new FreeTextPageFold(q.question!, filterOf(q), {
        after: parseFreeTextCursor(q.after ?? ''),
        limit: 2,
      });
      for (const r of written) fold.add(r);
      return { body: fold.result() };
    });
    const { client } = await signedInClient(server);
    const user = userEvent.setup();
    render(SurveyResultsScreen, { client, params: { id: 'test-survey' }, query });
    await screen.findByRole('heading', { level: 1, name: 'Results: How was your visit?' });
    return { server, user };
  }

  const shownAnswers = () =>
    Array.from(document.querySelectorAll('.free-text .answer')).map((p) => p.textContent);

  it('lists the newest, says how many there are, and shows more until all are shown', async () => {
    const { server, user } = await openMany();
    expect(shownAnswers()).toEqual(['Written answer 5', 'Written answer 4']);
    expect(screen.getByText('Showing the newest 2 of 5 written answers.')).toBeVisible();
    const button = () => screen.queryByRole('button', { name: 'Show more answers: Why?' });

    await user.click(button()!);
    await waitFor(() => expect(shownAnswers()).toHaveLength(4));
    expect(screen.getByText('Written answer 3')).toHaveFocus();
    expect(screen.getByText('Showing the newest 4 of 5 written answers.')).toBeVisible();

    await user.click(button()!);
    await waitFor(() => expect(shownAnswers()).toHaveLength(5));
    expect(shownAnswers()).toEqual([5, 4, 3, 2, 1].map((n) => `Written answer ${n}`));
    expect(screen.getByText('Written answer 1')).toHaveFocus();
    expect(button()).toBeNull();
    expect(screen.queryByText(/^Showing the newest/)).toBeNull();
    expect(server.seen('GET', '/surveys/test-survey/free-text')).toHaveLength(2);
  });

  it('asks for more within the filter shown', async () => {
    const { server, user } = await openMany({ location: 'Ward 5' });
    expect(shownAnswers()).toEqual(['Written answer 5', 'Written answer 3']);
    await user.click(screen.getByRole('button', { name: 'Show more answers: Why?' }));
    await waitFor(() => expect(shownAnswers()).toHaveLength(3));
    expect(shownAnswers()[2]).toBe('Written answer 1');
    expect(server.seen('GET', '/surveys/test-survey/free-text')[0]!.query).toMatchObject({
      question: 'why',
      location: 'Ward 5',
    });
  });

  it('keeps the answers shown and says why when more could not be loaded', async () => {
    const { server, user } = await openMany();
    server.offline = true;
    await user.click(screen.getByRole('button', { name: 'Show more answers: Why?' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^No more answers could be loaded\./,
    );
    expect(shownAnswers()).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Show more answers: Why?' })).toBeEnabled();
  });
});
