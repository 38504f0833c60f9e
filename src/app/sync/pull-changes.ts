import type { PullResponse } from '../../shared/sync/protocol';
import {
  PULL_KINDS,
  type PullKind,
  type PullProblem,
  type PulledPage,
  type PulledRecord,
} from './inbox-port';

type Schemas = typeof import('../storage/record-schemas');

interface Issue {
  path: PropertyKey[];
  message: string;
}
type Checked<T> = { ok: true; value: T } | { ok: false; field: string; reason: string };

function check<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: Issue[] } };
  },
  value: unknown,
): Checked<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return {
    ok: false,
    field: issue?.path.map(String).join('.') ?? '',
    reason: issue?.message ?? 'is not valid',
  };
}

const isPullKind = (kind: string): kind is PullKind =>
  (PULL_KINDS as readonly string[]).includes(kind);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One change checked with the shared schema for its kind: the record, or what is wrong. */
function read(
  schemas: Schemas,
  kind: PullKind,
  seq: number,
  data: Record<string, unknown>,
): Checked<PulledRecord> {
  switch (kind) {
    case 'event': {
      // `withdrawnAt` is the feed's, not the event's: the event schema would drop it.
      const { withdrawnAt, ...fields } = data;
      const event = check(schemas.eventSchema, fields);
      if (!event.ok) return event;
      if (withdrawnAt === undefined) return { ok: true, value: { kind, seq, event: event.value } };
      const at = check(schemas.isoTimestamp, withdrawnAt);
      if (!at.ok) return { ok: false, field: 'withdrawnAt', reason: at.reason };
      return { ok: true, value: { kind, seq, event: event.value, withdrawnAt: at.value } };
    }
    case 'survey': {
      const survey = check(schemas.surveyDefinitionSchema, data);
      return survey.ok ? { ok: true, value: { kind, seq, survey: survey.value } } : survey;
    }
    case 'outcome': {
      const outcome = check(schemas.publishedOutcomeSchema, data);
      return outcome.ok ? { ok: true, value: { kind, seq, outcome: outcome.value } } : outcome;
    }
  }
}

function idOf(record: PulledRecord): string {
  switch (record.kind) {
    case 'event':
      return record.event.id;
    case 'survey':
      return record.survey.id;
    case 'outcome':
      return record.outcome.id;
  }
}

/**
 * Sorts one page of the feed: each change of a known kind is checked with the shared schema
 * for it; one that fails is reported and skipped, never blocking those after it. Changes of
 * kinds this version does not know are counted and skipped. Neither is lost: once another
 * version of Involve runs, the inbox reads the feed again from the start (see
 * `DexieInboxRepository#cursor`). The schemas load on first use.
 */
export async function readPullPage(page: PullResponse): Promise<PulledPage> {
  const schemas = await import('../storage/record-schemas');
  const records: PulledRecord[] = [];
  const problems: PullProblem[] = [];
  const skippedKinds: Record<string, number> = {};
  for (const change of page.changes) {
    const { seq, kind, id } = change;
    if (!isPullKind(kind)) {
      skippedKinds[kind] = (skippedKinds[kind] ?? 0) + 1;
      continue;
    }
    if (!isObject(change.data)) {
      problems.push({ seq, kind, id, reason: 'has no record' });
      continue;
    }
    const result = read(schemas, kind, seq, change.data);
    if (!result.ok) {
      problems.push({ seq, kind, id, field: result.field || undefined, reason: result.reason });
    } else if (idOf(result.value) !== id) {
      problems.push({ seq, kind, id, field: 'id', reason: 'does not match the change’s id' });
    } else {
      records.push(result.value);
    }
  }
  return { records, problems, skippedKinds, cursor: page.cursor };
}
