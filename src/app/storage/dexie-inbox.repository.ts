import type { WorkshopEvent } from '../../shared/domain';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';
import type { InboxPort, PullProblem, PulledPage, PulledRecord } from '../sync/inbox-port';
import type { InvolveDb, PullState } from './db';
import type { SettingsPort } from './settings';
import { surveysInUse, type SurveyRef } from './survey-drafts';

/** Problems kept for the sync panel; older ones drop off. */
export const PULL_PROBLEMS_KEPT = 20;
/** Published versions of a survey kept besides those a draft or the kiosk refers to. */
const NEWEST_VERSIONS_KEPT = 2;

const PULL = 'pull';

/** True when `incoming` is at least as new as `local`: on a tie the server's copy wins. */
function notOlder(incoming: string, local: string): boolean {
  return Date.parse(incoming) >= Date.parse(local);
}

/**
 * Pulled changes into Dexie: events into `events` (with no outbox entry: they came from the
 * server), surveys into `publishedSurveys`, outcomes into `outcomes`. Each page is written
 * with its cursor in one transaction.
 */
export class DexieInboxRepository implements InboxPort {
  constructor(
    private readonly db: InvolveDb,
    /** Where drafts are, so a survey version one still needs is not pruned. */
    private readonly settings?: SettingsPort,
  ) {}

  async cursor(): Promise<string | undefined> {
    return (await this.db.syncState.get(PULL))?.cursor;
  }

  async apply(page: PulledPage): Promise<void> {
    const surveyIds = page.records.flatMap((r) => (r.kind === 'survey' ? [r.survey.id] : []));
    // Read before the transaction: settings live in another database, and waiting on it
    // inside a Dexie transaction would let the transaction close.
    const inUse =
      surveyIds.length > 0 && this.settings ? await surveysInUse(this.settings, surveyIds) : [];
    const db = this.db;
    const tables = [
      db.events,
      db.notes,
      db.queue,
      db.attention,
      db.publishedSurveys,
      db.outcomes,
      db.syncState,
    ];
    await db.transaction('rw', tables, async () => {
      for (const record of page.records) await this.applyOne(record, inUse);
      const state = await db.syncState.get(PULL);
      await db.syncState.put({
        name: PULL,
        cursor: page.cursor,
        ...mergeReport(state, page),
      });
    });
  }

  private async applyOne(record: PulledRecord, inUse: readonly SurveyRef[]): Promise<void> {
    switch (record.kind) {
      case 'event':
        return this.applyEvent(record.event, record.withdrawnAt);
      case 'survey':
        return this.applySurvey(record.survey, inUse);
      case 'outcome':
        if (record.outcome.withdrawnAt !== undefined)
          await this.db.outcomes.delete(record.outcome.id);
        else await this.db.outcomes.put(record.outcome);
    }
  }

  /** Last writer wins by `updatedAt`; a withdrawn event leaves unless work here hangs on it. */
  private async applyEvent(event: WorkshopEvent, withdrawnAt: string | undefined): Promise<void> {
    const { events } = this.db;
    const local = await events.get(event.id);
    const withdrawn = withdrawnAt ?? event.deletedAt;
    if (withdrawn === undefined) {
      if (!local || notOlder(event.updatedAt, local.updatedAt)) await events.put(event);
      return;
    }
    if (!local) return;
    if (await this.holdsWork(event.id)) {
      // Notes (or unsent changes) for it are here: keep it, out of the way, rather than
      // orphan them. Its `updatedAt` stays, so publishing it again brings it back.
      if (!local.archivedAt) await events.put({ ...local, archivedAt: withdrawn });
    } else {
      await events.delete(event.id);
    }
  }

  /** Notes for the event, or changes to it not yet on the server (queued or refused). */
  private async holdsWork(eventId: string): Promise<boolean> {
    const counts = await Promise.all([
      this.db.notes.where('eventId').equals(eventId).count(),
      this.db.queue.where('eventId').equals(eventId).count(),
      this.db.attention.where('eventId').equals(eventId).count(),
    ]);
    return counts.some((n) => n > 0);
  }

  /** Stores the version, and drops older ones nothing needs any more. */
  private async applySurvey(survey: SurveyDefinition, inUse: readonly SurveyRef[]): Promise<void> {
    const { publishedSurveys } = this.db;
    await publishedSurveys.put(survey);
    const keys = await publishedSurveys.where('id').equals(survey.id).primaryKeys();
    const versions = keys.map(([, version]) => version).sort((a, b) => b - a);
    const needed = new Set(versions.slice(0, NEWEST_VERSIONS_KEPT));
    for (const ref of inUse) if (ref.surveyId === survey.id) needed.add(ref.surveyVersion);
    const stale = versions.filter((v) => !needed.has(v));
    if (stale.length > 0)
      await publishedSurveys.bulkDelete(stale.map((v): [string, number] => [survey.id, v]));
  }
}

/**
 * The report after a page: its problems added (one per change, the latest), those of changes
 * now applied cleared, and skipped kinds counted on.
 */
function mergeReport(
  state: PullState | undefined,
  page: PulledPage,
): Pick<PullState, 'problems' | 'skippedKinds'> {
  const key = (p: { kind: string; id: string }) => `${p.kind}:${p.id}`;
  const fixed = new Set(
    page.records.map((r) =>
      key(
        r.kind === 'event'
          ? { kind: r.kind, id: r.event.id }
          : r.kind === 'survey'
            ? { kind: r.kind, id: r.survey.id }
            : { kind: r.kind, id: r.outcome.id },
      ),
    ),
  );
  const fresh = new Set(page.problems.map(key));
  const problems: PullProblem[] = [
    ...(state?.problems ?? []).filter((p) => !fixed.has(key(p)) && !fresh.has(key(p))),
    ...page.problems,
  ].slice(-PULL_PROBLEMS_KEPT);
  const skippedKinds = { ...state?.skippedKinds };
  for (const [kind, n] of Object.entries(page.skippedKinds))
    skippedKinds[kind] = (skippedKinds[kind] ?? 0) + n;
  return { problems, skippedKinds };
}
