import * as core from 'zod/v4/core';
import type { RecordKind } from '../../shared/schemas/record.schema';
import type { PushRecord, PushResult } from '../../shared/sync/protocol';
import {
  RECORD_REGISTRY,
  eventIdOf,
  recordProblem,
  recordDateOf,
  subjectIdOf,
  type SurveyLookup,
} from '../../shared/sync/record-registry';
import { builtInSurvey } from '../../shared/survey/builtin';
import type { RecordToStore } from '../db/records.repository';
import { fieldPath } from '../http/json-body';
import { compiledSchemaFor } from './compiled-schemas';

/** A pushed batch after validation: answers for the rejected, rows for the rest. */
export interface PreparedPush {
  /** One slot per input record; filled for rejected records, empty for those to store. */
  results: (PushResult | undefined)[];
  /** Valid records with their position in the input. */
  valid: { index: number; record: RecordToStore }[];
}

function isRecordKind(kind: string): kind is RecordKind {
  return Object.hasOwn(RECORD_REGISTRY, kind);
}

function rejected(id: string, reason: string, field?: string): PushResult {
  return field === undefined
    ? { id, status: 'rejected', reason }
    : { id, status: 'rejected', reason, field };
}

/** The fields every record schema guarantees (`recordBase`), read without a cast. */
function readBase(data: unknown): { id: string; updatedAt: string; eventId?: string } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { id, updatedAt, eventId } = data as Record<string, unknown>;
  if (typeof id !== 'string' || typeof updatedAt !== 'string') return undefined;
  return typeof eventId === 'string' ? { id, updatedAt, eventId } : { id, updatedAt };
}

/**
 * How far ahead of the server's clock a record's `updatedAt` may be. A record stamped
 * further ahead would win over every later edit for as long as the tablet's clock was wrong,
 * so it is refused (and shown on the tablet as needing attention) instead of stored.
 */
export const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * Validates each pushed record with the shared schema for its kind and version, exactly as
 * the client did when it made the record, then with the checks that need more than the
 * record (a survey response against the survey version it answered, found by `findSurvey`).
 * A bad record is answered `rejected` with a reason (and the field at fault) and never stops
 * the others.
 */
export function preparePush(
  records: readonly PushRecord[],
  now: Date = new Date(),
  findSurvey: SurveyLookup = builtInSurvey,
): PreparedPush {
  const results: (PushResult | undefined)[] = [];
  const valid: PreparedPush['valid'] = [];

  records.forEach((pushed, index) => {
    const { id, kind, schemaVersion } = pushed;
    if (!isRecordKind(kind)) {
      results.push(rejected(id, `Unknown record kind '${kind}'`, 'kind'));
      return;
    }
    const schema = compiledSchemaFor(kind, schemaVersion);
    if (schema === undefined) {
      const accepted = Object.keys(RECORD_REGISTRY[kind].schemas).join(' and ');
      results.push(
        rejected(
          id,
          `Schema version ${schemaVersion} of '${kind}' is not supported (server accepts ${accepted})`,
          'schemaVersion',
        ),
      );
      return;
    }
    const parsed = core.safeParse(schema, pushed.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue === undefined ? '' : fieldPath(issue.path);
      results.push(
        rejected(id, issue?.message ?? 'Invalid record', path === '' ? 'data' : `data.${path}`),
      );
      return;
    }
    // Returns at once for kinds with no such checks (notes, events).
    const problem = recordProblem(kind, parsed.data, findSurvey);
    if (problem !== undefined) {
      results.push(rejected(id, problem.reason, `data.${problem.field}`));
      return;
    }
    const base = readBase(parsed.data);
    if (base === undefined) {
      results.push(rejected(id, 'The record has no id or updatedAt', 'data'));
      return;
    }
    if (base.id !== id) {
      results.push(rejected(id, "data.id must be the same as the record's id", 'data.id'));
      return;
    }
    const updatedAt = new Date(base.updatedAt);
    if (Number.isNaN(updatedAt.getTime())) {
      results.push(rejected(id, 'updatedAt is not a real date and time', 'data.updatedAt'));
      return;
    }
    if (updatedAt.getTime() > now.getTime() + MAX_CLOCK_AHEAD_MS) {
      results.push(
        rejected(
          id,
          "This change is dated more than a day ahead of the server. Set the tablet's date and time correctly, then edit the note so it is sent again.",
          'data.updatedAt',
        ),
      );
      return;
    }
    results.push(undefined);
    valid.push({
      index,
      record: {
        id,
        kind,
        schemaVersion,
        eventId: eventIdOf(kind, base),
        subjectId: subjectIdOf(kind, parsed.data as { surveyId?: unknown }),
        recordDate: recordDateOf(kind, parsed.data as { date?: unknown }),
        // The parsed output, not the input: unknown fields are dropped, strings trimmed.
        data: JSON.stringify(parsed.data),
        // Normalised so that text comparison in SQL is time comparison, whatever precision
        // the client wrote.
        updatedAt: updatedAt.toISOString(),
      },
    });
  });

  return { results, valid };
}
