import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import {
  FREE_TEXT_PAGE,
  type AdminPage,
  type AdminSurveyDetail,
  type AdminSurveySummary,
  type FreeTextAnswer,
} from '../../shared/admin/admin-api';
import {
  FreeTextPageFold,
  SurveyResultsFold,
  parseFreeTextCursor,
  type ResultsFilter,
} from '../../shared/admin/survey-results';
import type { SurveyResponse } from '../../shared/schemas/survey-response.schema';
import { surveyAuthoringSchema } from '../../shared/schemas/survey.schema';
import { SURVEY_LIMITS } from '../../shared/survey/survey-rules';
import { ApiError } from '../api-error';
import type { Database } from '../db/database';
import { organisationCreatedAt } from '../db/organisations.repository';
import { publish, withFeedLock } from '../db/published.repository';
import { pagesOfRecordData } from '../db/records.repository';
import {
  insertDraft,
  listSurveyVersions,
  markPublished,
  updateDraft,
  versionsOfSurvey,
} from '../db/survey-versions.repository';
import { inTransaction } from '../db/transaction';
import { adminAuth } from '../http/admin-auth';
import { limitBody, readJson, requireJson, validate } from '../http/json-body';
import { pageLimit } from '../http/paging';
import { SURVEY_ID, notFound, surveyIdParam } from '../http/path-params';
import type { AdminEnv, ServerContext } from '../http/server-context';
import { responsesCsvStream } from '../surveys/responses-csv';
import {
  answerableVersions,
  draftVersionFor,
  emptyTally,
  questionTypeProblems,
  surveyDetail,
  surveyIds,
  surveySummary,
  tallyResponse,
  versionsOf,
  type ResponseTally,
  type SurveyVersionEntry,
} from '../surveys/survey-catalogue';

/**
 * Body limit of the survey routes. A definition carries every text in up to five languages,
 * with easy-read words: the built-in ward survey is 12 KB, a long one can pass 300 KB.
 */
export const SURVEY_BODY_LIMIT_BYTES = 1024 * 1024;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROLS = /^[^\u0000-\u001f\u007f]*$/;

/** `?location=&month=` of the results and the CSV; empty values mean "all". */
const resultsQuerySchema = z.object({
  location: z.optional(
    z
      .string()
      .check(
        z.maxLength(SURVEY_LIMITS.location),
        z.regex(NO_CONTROLS, 'must not contain control characters'),
      ),
  ),
  month: z.optional(
    z
      .string()
      .check(z.regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, 'must be a month as YYYY-MM, such as 2026-11')),
  ),
});

function resultsFilter(c: Context): ResultsFilter {
  const query = validate(resultsQuerySchema, c.req.query(), 'query');
  const filter: ResultsFilter = {};
  if (query.location !== undefined && query.location !== '') filter.location = query.location;
  if (query.month !== undefined && query.month !== '') filter.month = query.month;
  return filter;
}

/** The responses to one survey (validated at push), read by its index a page at a time. */
async function* responsesOf(
  db: Kysely<Database>,
  organisationId: string,
  surveyId: string,
): AsyncGenerator<SurveyResponse[]> {
  for await (const page of pagesOfRecordData(db, organisationId, 'survey-response', surveyId))
    yield page.map((data) => JSON.parse(data) as SurveyResponse);
}

/** `?question=&after=&limit=` of the free-text pages, besides the results filter. */
const freeTextQuerySchema = z.object({
  question: z.string().check(z.regex(SURVEY_ID, 'must be a question id')),
  after: z.optional(
    z.pipe(
      z.string(),
      z.transform((text, ctx) => {
        const position = parseFreeTextCursor(text);
        if (position !== undefined) return position;
        ctx.issues.push({
          code: 'custom',
          message: 'is not a cursor from this list; start again from the first page',
          input: text,
        });
        return z.NEVER;
      }),
    ),
  ),
  limit: pageLimit(),
});

/** Counts of live responses per survey, counted a page at a time (nothing kept per response). */
async function talliesOf(
  db: Kysely<Database>,
  organisationId: string,
  surveyId?: string,
): Promise<Map<string, ResponseTally>> {
  const tallies = new Map<string, ResponseTally>();
  for await (const page of pagesOfRecordData(db, organisationId, 'survey-response', surveyId)) {
    for (const data of page) {
      const response = JSON.parse(data) as SurveyResponse;
      let tally = tallies.get(response.surveyId);
      if (tally === undefined) tallies.set(response.surveyId, (tally = emptyTally()));
      tallyResponse(tally, response);
    }
  }
  return tallies;
}

/**
 * Surveys in the admin console, mounted at `/api/v1/admin/surveys`: the built-in ones and those
 * made here, their versions, results and a CSV of the responses. Saving edits the draft, or
 * starts the next version as a draft when the newest is published (a built-in survey's first
 * edit becomes the version above it); publishing sends the definition to tablets by pull
 * (kind `survey`), and a push then accepts responses to it.
 */
export function surveyRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.use('*', limitBody(SURVEY_BODY_LIMIT_BYTES));
  routes.use('*', adminAuth(ctx));

  async function builtInSince(db: Kysely<Database>, organisationId: string): Promise<string> {
    return (await organisationCreatedAt(db, organisationId)) ?? new Date(0).toISOString();
  }

  /** The versions of one survey, newest first; empty when there is no such survey. */
  async function entriesOf(
    db: Kysely<Database>,
    organisationId: string,
    surveyId: string,
  ): Promise<SurveyVersionEntry[]> {
    const [stored, since] = await Promise.all([
      versionsOfSurvey(db, organisationId, surveyId),
      builtInSince(db, organisationId),
    ]);
    return versionsOf(surveyId, stored, since);
  }

  /** A survey's versions, or 404. */
  async function survey(c: Context<AdminEnv>) {
    const organisationId = c.get('admin').organisationId;
    const id = surveyIdParam(c);
    const entries = await entriesOf(ctx.db, organisationId, id);
    if (entries.length === 0) throw notFound('survey');
    return { organisationId, id, entries };
  }

  async function detailOf(organisationId: string, surveyId: string): Promise<AdminSurveyDetail> {
    const [entries, tallies] = await Promise.all([
      entriesOf(ctx.db, organisationId, surveyId),
      talliesOf(ctx.db, organisationId, surveyId),
    ]);
    return surveyDetail(entries, tallies.get(surveyId) ?? emptyTally());
  }

  routes.get('/', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const [stored, since, tallies] = await Promise.all([
      listSurveyVersions(ctx.db, organisationId),
      builtInSince(ctx.db, organisationId),
      talliesOf(ctx.db, organisationId),
    ]);
    const surveys: AdminSurveySummary[] = surveyIds(stored)
      .map((id) => surveySummary(versionsOf(id, stored, since), tallies.get(id) ?? emptyTally()))
      .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
    return c.json({ surveys });
  });

  routes.get('/:id', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const id = surveyIdParam(c);
    const [entries, tallies] = await Promise.all([
      entriesOf(ctx.db, organisationId, id),
      talliesOf(ctx.db, organisationId, id),
    ]);
    if (entries.length === 0) throw notFound('survey');
    return c.json(surveyDetail(entries, tallies.get(id) ?? emptyTally()));
  });

  routes.put('/:id', requireJson, async (c) => {
    const organisationId = c.get('admin').organisationId;
    const urlId = c.req.param('id');
    const body = await readJson(c, surveyAuthoringSchema);
    if (body.id !== urlId) {
      throw new ApiError(400, 'validation_failed', 'id: must be the survey id in the address', [
        { field: 'id', message: `must be the survey id in the address` },
      ]);
    }
    await inTransaction(ctx.db, async (trx) => {
      const entries = await entriesOf(trx, organisationId, body.id);
      const { version, replacesDraft } = draftVersionFor(entries);
      const definition = { ...body, version };
      const problems = questionTypeProblems(definition, replacesDraft ? entries.slice(1) : entries);
      const first = problems[0];
      if (first !== undefined) {
        throw new ApiError(400, 'validation_failed', `${first.field}: ${first.message}`, problems);
      }
      const at = ctx.now().toISOString();
      const saved = replacesDraft
        ? await updateDraft(trx, { organisationId, definition, at })
        : await insertDraft(trx, { organisationId, definition, at });
      if (!saved) {
        throw new ApiError(
          409,
          'conflict',
          'This survey was changed at the same moment by someone else. Open it again and make your change once more.',
        );
      }
    });
    return c.json(await detailOf(organisationId, body.id));
  });

  routes.post('/:id/publish', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const id = surveyIdParam(c);
    await withFeedLock(ctx.db, async (trx) => {
      const entries = await entriesOf(trx, organisationId, id);
      const newest = entries[0];
      if (newest === undefined) throw notFound('survey');
      if (newest.status !== 'draft') {
        throw new ApiError(
          409,
          'conflict',
          `There is no draft to publish: version ${newest.definition.version} is already published.`,
        );
      }
      const at = ctx.now().toISOString();
      const target = { organisationId, surveyId: id, version: newest.definition.version, at };
      // What the statement published, not `newest`: a draft save may have committed since.
      const definition = await markPublished(trx, target);
      if (definition === undefined) {
        throw new ApiError(
          409,
          'conflict',
          'This draft was published at the same moment by someone else.',
        );
      }
      await publish(trx, { organisationId, kind: 'survey', id, data: definition, publishedAt: at });
    });
    return c.json(await detailOf(organisationId, id));
  });

  routes.get('/:id/results', async (c) => {
    const filter = resultsFilter(c);
    const { organisationId, id, entries } = await survey(c);
    // Folded a page of responses at a time: counts, and the newest free-text answers only.
    const fold = new SurveyResultsFold(answerableVersions(entries), filter, {
      freeTextLimit: FREE_TEXT_PAGE,
    });
    for await (const page of responsesOf(ctx.db, organisationId, id))
      for (const response of page) fold.add(response);
    return c.json(fold.result());
  });

  routes.get('/:id/free-text', async (c) => {
    const filter = resultsFilter(c);
    const query = validate(freeTextQuerySchema, c.req.query(), 'query');
    const { organisationId, id, entries } = await survey(c);
    const asked = answerableVersions(entries).some((version) =>
      version.questions.some((q) => q.id === query.question && q.type === 'free-text'),
    );
    if (!asked) throw notFound('free-text question');
    const fold = new FreeTextPageFold(query.question, filter, {
      after: query.after,
      limit: query.limit ?? FREE_TEXT_PAGE,
    });
    for await (const page of responsesOf(ctx.db, organisationId, id))
      for (const response of page) fold.add(response);
    const { answers, next } = fold.result();
    const answer: AdminPage<'answers', FreeTextAnswer> = { answers, next };
    return c.json(answer);
  });

  routes.get('/:id/responses.csv', async (c) => {
    const filter = resultsFilter(c);
    const organisationId = c.get('admin').organisationId;
    const id = surveyIdParam(c);
    const entries = await entriesOf(ctx.db, organisationId, id);
    if (entries.length === 0) throw notFound('survey');
    const versions = answerableVersions(entries);
    // Oldest first, a page at a time: a survey with any number of answers streams.
    const pages = (async function* () {
      for await (const page of pagesOfRecordData(ctx.db, organisationId, 'survey-response', id, {
        byTime: true,
      }))
        yield page.map((data) => JSON.parse(data) as SurveyResponse);
    })();
    const day = ctx.now().toISOString().slice(0, 10);
    return c.body(responsesCsvStream(versions[0]!, versions, pages, filter), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${entries[0]!.definition.id}-responses-${day}.csv"`,
    });
  });

  return routes;
}
