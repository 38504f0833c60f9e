import { Hono } from 'hono';
import { ReachFold } from '../../shared/admin/reach';
import type { WorkshopEvent } from '../../shared/schemas/event.schema';
import type { EqualityMonitoring } from '../../shared/schemas/survey-response.schema';
import { pagesOfRecordData, recordDataByIds } from '../db/records.repository';
import { listSurveyVersions } from '../db/survey-versions.repository';
import { adminAuth } from '../http/admin-auth';
import type { AdminEnv, ServerContext } from '../http/server-context';
import { surveyIds, versionsOf } from '../surveys/survey-catalogue';

/**
 * Who was reached, from the equality-monitoring answers, mounted at `/api/v1/admin/reach`:
 * everyone together, then per event and per survey (headed by their titles), every count
 * through small-number suppression (`ReachFold`, as `summariseReach`).
 */
export function reachRoutes(ctx: ServerContext): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  routes.use('*', adminAuth(ctx));

  routes.get('/', async (c) => {
    const organisationId = c.get('admin').organisationId;
    // Folded a page at a time: counts per event and survey, never every record at once.
    // Stored records were validated at push (or by the console) before they were written.
    const fold = new ReachFold();
    for await (const page of pagesOfRecordData(ctx.db, organisationId, 'equality-monitoring'))
      for (const data of page) fold.add(JSON.parse(data) as EqualityMonitoring);
    const [events, stored] = await Promise.all([
      recordDataByIds(ctx.db, organisationId, 'event', fold.eventIds()),
      listSurveyVersions(ctx.db, organisationId),
    ]);
    const eventTitles = new Map(
      events.map((data) => {
        const event = JSON.parse(data) as WorkshopEvent;
        return [event.id, event.title] as const;
      }),
    );
    // Only the titles are needed, so any start date will do for built-in versions.
    const surveyTitles = new Map(
      surveyIds(stored).map((id) => {
        const newest = versionsOf(id, stored, '')[0]!;
        return [id, newest.definition.title.en.text] as const;
      }),
    );
    return c.json(fold.result({ events: eventTitles, surveys: surveyTitles }));
  });

  return routes;
}
