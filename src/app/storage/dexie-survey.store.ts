import { liveQuery } from 'dexie';
import { uuidv7, uuidv7At } from '../../shared/ids';
import type { PublishedOutcome } from '../../shared/schemas/outcome.schema';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';
import type {
  EqualityMonitoring,
  SurveyResponse,
} from '../../shared/schemas/survey-response.schema';
import { dayOf } from '../../shared/survey/equality';
import {
  EQUALITY_SCHEMA_VERSION,
  SURVEY_RESPONSE_SCHEMA_VERSION,
} from '../../shared/survey/survey-rules';
import { releaseHeldEquality, snapshotEntry, usedHere, type InvolveDb } from './db';
import { afterLoading, type Live } from './live';
import { newestPerId, surveyCatalogue, type AvailableSurvey } from './survey-catalogue';
import type { EqualityInput, ResponseInput, SurveyStore } from './survey-store';
import { RecordInvalidError } from './workshop-store';

/** The built-in surveys load with the survey screens, not with storage. */
const loadBuiltIn = () => import('../../shared/survey/builtin');
type BuiltIn = Awaited<ReturnType<typeof loadBuiltIn>>;

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export class DexieSurveyStore implements SurveyStore {
  constructor(
    private readonly db: InvolveDb,
    readonly deviceId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Validates with the shared schema; the promise settles after commit. */
  private async validated<T extends SurveyResponse | EqualityMonitoring>(
    kind: 'survey-response' | 'equality-monitoring',
    record: T,
  ): Promise<T> {
    const schemas = await import('./record-schemas');
    const schema =
      kind === 'survey-response' ? schemas.surveyResponseSchema : schemas.equalityMonitoringSchema;
    const result = schema.safeParse(compact(record));
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new RecordInvalidError(issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
    }
    return result.data as T;
  }

  async saveResponse(input: ResponseInput): Promise<SurveyResponse> {
    const now = this.now();
    const at = now.toISOString();
    const valid = await this.validated('survey-response', {
      createdAt: at,
      updatedAt: at,
      deviceId: this.deviceId,
      schemaVersion: SURVEY_RESPONSE_SCHEMA_VERSION,
      ...input,
      id: input.id ?? uuidv7(now.getTime()),
    });
    await this.db.transaction('rw', this.db.queue, this.db.pulledEvents, async () => {
      await this.db.queue.add(snapshotEntry(valid, 'survey-response', valid.eventId, now));
      await usedHere(this.db, valid.eventId);
    });
    return valid;
  }

  /**
   * Held apart from the queue (`heldEquality`) and sent only with others: see
   * {@link releaseHeldEquality}. Carries no time finer than its day, not even its id's.
   */
  async saveEquality(input: EqualityInput): Promise<EqualityMonitoring> {
    const day = dayOf(this.now());
    const at = day.toISOString();
    const valid = await this.validated('equality-monitoring', {
      id: uuidv7At(day.getTime()),
      createdAt: at,
      updatedAt: at,
      deviceId: this.deviceId,
      schemaVersion: EQUALITY_SCHEMA_VERSION,
      ...input,
      answers: compact(input.answers),
    });
    const { db } = this;
    await db.transaction('rw', [db.heldEquality, db.queue, db.pulledEvents], async () => {
      await db.heldEquality.add(valid);
      await usedHere(db, valid.eventId);
      await releaseHeldEquality(db, this.now());
    });
    return valid;
  }

  liveHeldEquality(): Live<number> {
    return liveQuery(() => this.db.heldEquality.count());
  }

  async prepare(): Promise<void> {
    await import('./record-schemas');
  }

  liveWaiting(): Live<number> {
    return liveQuery(() => this.db.queue.where('kind').equals('survey-response').count());
  }

  /** Published survey rows are few (the newest versions, and ones a draft needs). */
  private async catalogue(builtIn: BuiltIn): Promise<AvailableSurvey[]> {
    return surveyCatalogue(builtIn.BUILT_IN_SURVEYS, await this.db.publishedSurveys.toArray());
  }

  liveSurveys(): Live<AvailableSurvey[]> {
    return afterLoading(loadBuiltIn, (builtIn) => liveQuery(() => this.catalogue(builtIn)));
  }

  liveSurvey(surveyId: string): Live<AvailableSurvey | undefined> {
    return afterLoading(loadBuiltIn, (builtIn) =>
      liveQuery(async () => {
        const rows = await this.db.publishedSurveys.where('id').equals(surveyId).toArray();
        const published = newestPerId(rows).get(surveyId);
        if (published) return { survey: published, published: true };
        const own = builtIn.BUILT_IN_SURVEYS.filter((s) => s.id === surveyId).at(-1);
        return own && { survey: own, published: false };
      }),
    );
  }

  async findSurvey(surveyId: string, version?: number): Promise<SurveyDefinition | undefined> {
    const builtIn = await loadBuiltIn();
    if (version === undefined)
      return (await this.catalogue(builtIn)).find((a) => a.survey.id === surveyId)?.survey;
    return (
      (await this.db.publishedSurveys.get([surveyId, version])) ??
      builtIn.builtInSurvey(surveyId, version)
    );
  }

  liveLatestOutcomes(limit: number): Live<PublishedOutcome[]> {
    return liveQuery(() =>
      this.db.outcomes.orderBy('publishedAt').reverse().limit(limit).toArray(),
    );
  }
}
