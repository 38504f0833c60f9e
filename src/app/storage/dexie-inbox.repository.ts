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

/** What an event change needs besides itself. */
interface EventContext {
  /** This tablet's id: an event it made is never deleted by a withdrawal. */
  deviceId: string | undefined;
}

/** True when the report says something was skipped: unknown kinds, or changes not valid. */
const skippedSomething = (state: PullState) =>
  state.problems.length > 0 || Object.keys(state.skippedKinds).length > 0;

/**
 * Pulled changes into Dexie: events into `events` (with no outbox entry: they came from the
 * server), surveys into `publishedSurveys`, outcomes into `outcomes`. Each page is written
 * with its cursor in one transaction.
 */
export class DexieInboxRepository implements InboxPort {
  constructor(
    private readonly db: InvolveDb,
    /**
     * Where drafts are, so a survey version one still needs is not pruned; and this tablet's
     * id, so an event made here is never deleted when the organiser unpublishes it.
     */
    private readonly settings?: SettingsPort,
    /**
     * The running version of Involve. When another version skipped changes, this one reads
     * the feed again from the start, so what it can now use is no longer missing.
     */
    private readonly appVersion?: string,
  ) {}

  /**
   * True when a different version of Involve skipped changes this one may be able to use.
   * The feed holds only the latest change to each thing, so reading it again costs what
   * exists; applying a change twice leaves the tablet as applying it once.
   */
  private readsAgain(state: PullState): boolean {
    return (
      this.appVersion !== undefined &&
      state.appVersion !== this.appVersion &&
      skippedSomething(state)
    );
  }

  async cursor(): Promise<string | undefined> {
    const state = await this.db.syncState.get(PULL);
    return state && !this.readsAgain(state) ? state.cursor : undefined;
  }

  async apply(page: PulledPage): Promise<void> {
    const surveyIds = page.records.flatMap((r) => (r.kind === 'survey' ? [r.survey.id] : []));
    const withdrawals = page.records.some(
      (r) => r.kind === 'event' && (r.withdrawnAt ?? r.event.deletedAt) !== undefined,
    );
    // Read before the transaction: settings live in another database, and waiting on it
    // inside a Dexie transaction would let the transaction close.
    const inUse =
      surveyIds.length > 0 && this.settings ? await surveysInUse(this.settings, surveyIds) : [];
    const context: EventContext = {
      deviceId: withdrawals ? await this.settings?.get<string>('deviceId') : undefined,
    };
    const db = this.db;
    const tables = [
      db.events,
      db.pulledEvents,
      db.withdrawnEvents,
      db.notes,
      db.queue,
      db.attention,
      db.publishedSurveys,
      db.outcomes,
      db.syncState,
    ];
    await db.transaction('rw', tables, async () => {
      for (const record of page.records) await this.applyOne(record, inUse, context);
      const state = await db.syncState.get(PULL);
      // Reading again from the start: unknown kinds are counted afresh. Problems stay until
      // the change they name is read again (then cleared, or reported again).
      const before = state && this.readsAgain(state) ? { ...state, skippedKinds: {} } : state;
      const appVersion = this.appVersion ?? state?.appVersion;
      await db.syncState.put({
        name: PULL,
        cursor: page.cursor,
        ...mergeReport(before, page),
        ...(appVersion === undefined ? {} : { appVersion }),
      });
    });
  }

  private async applyOne(
    record: PulledRecord,
    inUse: readonly SurveyRef[],
    context: EventContext,
  ): Promise<void> {
    switch (record.kind) {
      case 'event':
        return this.applyEvent(record.event, record.withdrawnAt, context);
      case 'survey':
        return this.applySurvey(record.survey, inUse);
      case 'outcome':
        if (record.outcome.withdrawnAt !== undefined)
          await this.db.outcomes.delete(record.outcome.id);
        else await this.db.outcomes.put(record.outcome);
    }
  }

  /**
   * Last writer wins by `updatedAt`. A withdrawn event is deleted only if it came from the
   * feed and nothing was done with it here; any other is kept and marked withdrawn outside
   * its record (the record syncs; hiding it is this tablet's business).
   */
  private async applyEvent(
    event: WorkshopEvent,
    withdrawnAt: string | undefined,
    context: EventContext,
  ): Promise<void> {
    const { events, pulledEvents, withdrawnEvents } = this.db;
    const local = await events.get(event.id);
    const withdrawn = withdrawnAt ?? event.deletedAt;
    if (withdrawn === undefined) {
      // Published (again): whatever the copy, it is no longer withdrawn.
      await withdrawnEvents.delete(event.id);
      if (!local) {
        await events.put(event);
        await pulledEvents.put({ id: event.id });
      } else if (notOlder(event.updatedAt, local.updatedAt)) {
        // Archiving is this tablet's own choice; the feed never carries it.
        await events.put(
          local.archivedAt === undefined ? event : { ...event, archivedAt: local.archivedAt },
        );
      }
      return;
    }
    if (!local) return;
    if (await this.onlyPulled(local, context)) {
      await events.delete(event.id);
      await pulledEvents.delete(event.id);
      await withdrawnEvents.delete(event.id);
    } else {
      await withdrawnEvents.put({ id: event.id, withdrawnAt: withdrawn });
    }
  }

  /**
   * True for an event that came from the feed and has no history here: not made on this
   * tablet, nothing saved for it since it arrived (that removes its `pulledEvents` row), and
   * no notes, queued or refused changes for it now.
   */
  private async onlyPulled(local: WorkshopEvent, context: EventContext): Promise<boolean> {
    if (local.deviceId === context.deviceId) return false;
    if ((await this.db.pulledEvents.get(local.id)) === undefined) return false;
    return !(await this.holdsWork(local.id));
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
