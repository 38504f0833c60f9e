import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AdminOutcome } from '../../shared/admin/admin-api';
import { uuidv7 } from '../../shared/ids';
import { outcomeInputSchema, type OutcomeInput } from '../../shared/schemas/outcome.schema';
import type { WorkshopEvent } from '../../shared/schemas/event.schema';
import { ApiError } from '../api-error';
import type { Database } from '../db/database';
import {
  existingEvidenceIds,
  findOutcome,
  insertOutcome,
  listOutcomes,
  toPublishedOutcome,
  updateOutcome,
  type StoredOutcome,
} from '../db/outcomes.repository';
import { publish, withFeedLock, type FeedTransaction } from '../db/published.repository';
import { findRecord } from '../db/records.repository';
import { versionsOfSurvey } from '../db/survey-versions.repository';
import { adminAuth } from '../http/admin-auth';
import { limitBody, readJson, requireJson, type FieldProblem } from '../http/json-body';
import { SURVEY_ID, notFound, recordIdParam } from '../http/path-params';
import type { AdminEnv, ServerContext } from '../http/server-context';
import { isBuiltInSurvey } from '../surveys/survey-catalogue';

/**
 * Body limit of the outcome routes: two texts and their easy-read words (600 characters each)
 * and up to 500 evidence ids come to about 25 KB, over the API's default.
 */
export const OUTCOME_BODY_LIMIT_BYTES = 64 * 1024;

function adminOutcome(outcome: StoredOutcome): AdminOutcome {
  return {
    ...outcome.input,
    id: outcome.id,
    createdAt: outcome.createdAt,
    updatedAt: outcome.updatedAt,
    publishedAt: outcome.publishedAt,
    ...(outcome.withdrawnAt === null ? {} : { withdrawnAt: outcome.withdrawnAt }),
  };
}

/**
 * The event, survey and evidence an outcome names must exist: a typo would link it to nothing,
 * and evidence must be this organisation's own notes or survey answers.
 */
async function referenceProblems(
  db: Kysely<Database>,
  organisationId: string,
  input: OutcomeInput,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (input.eventId !== undefined) {
    const row = await findRecord(db, organisationId, 'event', input.eventId);
    const event = row === undefined ? undefined : (JSON.parse(row.data) as WorkshopEvent);
    if (event === undefined || event.deletedAt !== undefined)
      problems.push({ field: 'eventId', message: 'there is no event with this id' });
  }
  if (input.surveyId !== undefined) {
    const known =
      SURVEY_ID.test(input.surveyId) &&
      (isBuiltInSurvey(input.surveyId) ||
        (await versionsOfSurvey(db, organisationId, input.surveyId)).length > 0);
    if (!known) problems.push({ field: 'surveyId', message: 'there is no survey with this id' });
  }
  const found = await existingEvidenceIds(db, organisationId, input.evidenceIds);
  input.evidenceIds.forEach((id, i) => {
    if (!found.has(id))
      problems.push({
        field: `evidenceIds.${i}`,
        message: 'there is no note or survey answer with this id',
      });
  });
  return problems;
}

async function checkedInput(
  c: Context<AdminEnv>,
  db: Kysely<Database>,
  organisationId: string,
): Promise<OutcomeInput> {
  const input = await readJson(c, outcomeInputSchema);
  const problems = await referenceProblems(db, organisationId, input);
  const first = problems[0];
  if (first !== undefined)
    throw new ApiError(400, 'validation_failed', `${first.field}: ${first.message}`, problems);
  return input;
}

/**
 * Puts the outcome in the pull feed (tablets show it, or drop it if withdrawn). `outcome` is
 * what `updateOutcome` answered in this transaction, under the feed lock: the row as it will
 * be committed.
 */
async function sendToTablets(
  trx: FeedTransaction,
  organisationId: string,
  outcome: StoredOutcome,
  at: string,
): Promise<void> {
  const published = toPublishedOutcome(outcome);
  if (published === undefined) return;
  await publish(trx, {
    organisationId,
    kind: 'outcome',
    id: outcome.id,
    data: published,
    publishedAt: at,
  });
}

/**
 * "You said, we did" outcomes, mounted at `/api/v1/admin/outcomes`: written here, sent to
 * tablets by pull once published (kind `outcome`, a PublishedOutcome), and sent once more
 * with `withdrawnAt` when withdrawn so tablets stop showing them. Editing a published outcome
 * sends the new words. Routes that may publish take the feed lock before reading the outcome
 * (`withFeedLock`), so an edit racing a withdrawal cannot put a stale state back in the feed.
 */
export function outcomeRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.use('*', limitBody(OUTCOME_BODY_LIMIT_BYTES));
  routes.use('*', adminAuth(ctx));

  async function existing(db: Kysely<Database>, organisationId: string, c: Context<AdminEnv>) {
    const outcome = await findOutcome(db, organisationId, recordIdParam(c, 'outcome'));
    if (outcome === undefined) throw notFound('outcome');
    return outcome;
  }

  routes.get('/', async (c) => {
    const outcomes = await listOutcomes(ctx.db, c.get('admin').organisationId);
    return c.json({ outcomes: outcomes.map(adminOutcome) });
  });

  routes.post('/', requireJson, async (c) => {
    const organisationId = c.get('admin').organisationId;
    const input = await checkedInput(c, ctx.db, organisationId);
    const now = ctx.now();
    const outcome: StoredOutcome = {
      id: uuidv7(now.getTime()),
      input,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      publishedAt: null,
      withdrawnAt: null,
    };
    await insertOutcome(ctx.db, { organisationId, id: outcome.id, input, at: outcome.createdAt });
    return c.json(adminOutcome(outcome), 201);
  });

  routes.put('/:id', requireJson, async (c) => {
    const organisationId = c.get('admin').organisationId;
    // The id first: an unknown outcome is 404 whatever the body says.
    await existing(ctx.db, organisationId, c);
    const input = await checkedInput(c, ctx.db, organisationId);
    const outcome = await withFeedLock(ctx.db, async (trx) => {
      const found = await existing(trx, organisationId, c);
      const at = ctx.now().toISOString();
      const edited = await updateOutcome(trx, { organisationId, id: found.id, at, input });
      if (edited === undefined) throw notFound('outcome');
      // Published and not withdrawn: tablets get the new words (never published: nothing).
      if (edited.withdrawnAt === null) await sendToTablets(trx, organisationId, edited, at);
      return edited;
    });
    return c.json(adminOutcome(outcome));
  });

  routes.post('/:id/publish', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const outcome = await withFeedLock(ctx.db, async (trx) => {
      const found = await existing(trx, organisationId, c);
      const at = ctx.now().toISOString();
      const published = await updateOutcome(trx, {
        organisationId,
        id: found.id,
        at,
        publishedAt: at,
        withdrawnAt: null,
      });
      if (published === undefined) throw notFound('outcome');
      await sendToTablets(trx, organisationId, published, at);
      return published;
    });
    return c.json(adminOutcome(outcome));
  });

  routes.post('/:id/withdraw', async (c) => {
    const organisationId = c.get('admin').organisationId;
    const outcome = await withFeedLock(ctx.db, async (trx) => {
      const found = await existing(trx, organisationId, c);
      if (found.publishedAt === null) {
        throw new ApiError(
          409,
          'conflict',
          'This outcome has not been published, so there is nothing to withdraw.',
        );
      }
      // Withdrawn already: tablets have dropped it.
      if (found.withdrawnAt !== null) return found;
      const at = ctx.now().toISOString();
      const withdrawn = await updateOutcome(trx, {
        organisationId,
        id: found.id,
        at,
        withdrawnAt: at,
      });
      if (withdrawn === undefined) throw notFound('outcome');
      await sendToTablets(trx, organisationId, withdrawn, at);
      return withdrawn;
    });
    return c.json(adminOutcome(outcome));
  });

  return routes;
}
