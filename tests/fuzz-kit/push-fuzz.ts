import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { startTestServer, type TestServer } from '../server/server-test-kit';
import { MAX_CLOCK_AHEAD_MS } from '../../src/server/sync/prepare-push';
import { RECORD_KINDS, type RecordKind } from '../../src/shared/schemas/record.schema';
import type { Answer } from '../../src/shared/schemas/survey-response.schema';
import type { SurveyDefinition } from '../../src/shared/schemas/survey.schema';
import { BUILT_IN_SURVEYS } from '../../src/shared/survey/builtin';
import { isShown } from '../../src/shared/survey/survey-logic';
import {
  PUSH_LIMITS,
  pushRequestSchema,
  type ApiErrorBody,
  type PushRecord,
  type PushResponse,
} from '../../src/shared/sync/protocol';
import {
  RECORD_REGISTRY,
  eventIdOf,
  recordProblem,
  schemaFor,
  subjectIdOf,
} from '../../src/shared/sync/record-registry';
import {
  POLLUTION_MARK,
  REMOVE,
  arbitraryFromZod,
  setAt,
  fuzzText,
  isoDateTime,
  mutationOf,
  type Mutation,
} from './zod-arbitrary';

/**
 * Fuzzing the push route: records of every kind and schema version in RECORD_REGISTRY, valid
 * and mutated, in batches with duplicate ids; an oracle that says what the server must answer
 * and store; and a check of everything the database holds.
 */

// ---------------------------------------------------------------------------------------------
// Run counts

function positiveInteger(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`expected a positive integer, got '${text}'`);
  return n;
}

/** Runs per property: `FUZZ_RUNS` (default 1,000, as in CI). */
export const FUZZ_RUNS = positiveInteger(process.env.FUZZ_RUNS, 1000);

/** fast-check parameters for every fuzz property; `FUZZ_SEED` and `FUZZ_PATH` replay a reported failure. */
export function fuzzParameters<T>(): fc.Parameters<T> {
  const seed = process.env.FUZZ_SEED;
  return {
    numRuns: FUZZ_RUNS,
    ...(seed === undefined || seed === '' ? {} : { seed: Number(seed) }),
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
  };
}

/** A test timeout that grows with the run count: a run takes under 10 ms here; 60 ms leaves room. */
export const FUZZ_TIMEOUT_MS = 120_000 + FUZZ_RUNS * 60;

/** The server's clock during fuzzing: records may be dated up to a day after it. */
export const FUZZ_NOW = new Date('2026-11-21T09:00:00.000Z');

// ---------------------------------------------------------------------------------------------
// Valid records of every kind

const DAY_MS = 24 * 60 * 60 * 1000;

/** Dates a tablet could send: any time up to the server's clock. */
const PAST = { min: new Date('2000-01-01T00:00:00.000Z'), max: FUZZ_NOW };

/** A midnight UTC on or before the server's day, in both forms the shared check accepts. */
const midnight = fc
  .tuple(
    fc.integer({
      min: Date.parse('2020-01-01T00:00:00.000Z') / DAY_MS,
      max: Math.floor(FUZZ_NOW.getTime() / DAY_MS),
    }),
    fc.boolean(),
  )
  .map(([day, ms]) => new Date(day * DAY_MS).toISOString().replace('.000Z', ms ? '.000Z' : 'Z'));

const UUID_V7_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A UUIDv7 made for a midnight UTC (all other bits random), as day-dated kinds need. */
const dayId = fc.tuple(midnight, fc.stringMatching(UUID_V7_SHAPE)).map(([day, random]) => {
  const hex = Date.parse(day).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}${random.slice(13)}`;
});

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** Separators a person types inside a phone number, which the shared rules ignore. */
const separated = (number: string, separators: string[]) =>
  number.replace(/\d/g, (digit, i: number) => `${digit}${separators[i % separators.length] ?? ''}`);

/** UK numbers as people type them: mobiles (for texts) and other reachable numbers. */
const ukPhone = fc
  .tuple(
    fc.oneof(
      digits(9).map((rest) => `07${rest}`),
      fc
        .tuple(fc.constantFrom('1', '2', '3', '5', '8'), fc.boolean(), digits(9))
        .map(([lead, long, rest]) => `0${lead}${long ? rest : rest.slice(1)}`),
    ),
    fc.constantFrom('national', '+44', '+44 (0)', '0044'),
    fc.array(fc.constantFrom('', '', ' ', '-', '\u00a0'), { minLength: 1, maxLength: 4 }),
  )
  .map(([number, prefix, separators]) => {
    const national = separated(number, separators);
    return prefix === 'national' ? national : `${prefix} ${separated(number.slice(1), separators)}`;
  });

/** Email addresses the shared rule accepts, including ones with hostile characters in them. */
const email = fc
  .tuple(
    fuzzText({ minLength: 1, maxLength: 16 }).map((local) => local.replace(/[\s@]/g, '')),
    fc.constantFrom('example.org', 'nhs.net', 'xn--mller-kva.de', 'пример.рф', 'a.b'),
  )
  .filter(([local]) => local !== '')
  .map(([local, domain]) => `${local}@${domain}`);

const postcode = fc.stringMatching(/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/);

/** The parts of a survey response that depend on the survey answered: answers it accepts. */
function responseTo(survey: SurveyDefinition) {
  const plans = survey.questions.map((question) => {
    const values = question.options?.map((option) => option.value) ?? [];
    const answer: fc.Arbitrary<Answer> =
      question.type === 'free-text'
        ? fuzzText({ minLength: 1, maxLength: 40 })
            .filter((text) => text.trim() !== '')
            .map((text) => ({ questionId: question.id, text }))
        : question.type === 'multiple'
          ? fc
              .shuffledSubarray(values, { minLength: 1 })
              .map((choices) => ({ questionId: question.id, choices }))
          : fc.constantFrom(...values).map((choice) => ({ questionId: question.id, choice }));
    return fc.oneof(
      { weight: 3, arbitrary: answer },
      { weight: 1, arbitrary: fc.constant('skip' as const) },
      {
        weight: question.required ? 0 : 1,
        arbitrary: fc.constant({ questionId: question.id, dontKnow: true as const }),
      },
    );
  });
  return fc
    .record({
      language: fc.constantFrom(...survey.languages),
      status: fc.constantFrom('complete' as const, 'partial' as const),
      plans: fc.tuple(...plans),
    })
    .map(({ language, status, plans: chosen }) => {
      const answers = new Map<string, Answer>();
      survey.questions.forEach((question, i) => {
        const plan = chosen[i]!;
        // Only questions still asked get answers; a complete response answers every required one.
        if (!isShown(question, answers)) return;
        if (plan === 'skip' && !(status === 'complete' && question.required)) return;
        if (plan !== 'skip') answers.set(question.id, plan);
      });
      return {
        surveyId: survey.id,
        surveyVersion: survey.version,
        language,
        status,
        answers: [...answers.values()],
      };
    });
}

/**
 * What the zod walk cannot know, per kind: the server's rules beyond the schema (dated no more
 * than a day ahead; day-dated times and ids; answers the survey accepts) and refinements that
 * reject almost any string. A new kind must say its rules here before it can be fuzzed.
 */
const SERVER_RULES: Record<
  RecordKind,
  {
    overrides: Record<string, fc.Arbitrary<unknown>>;
    extend?: fc.Arbitrary<Record<string, unknown>>;
  }
> = {
  event: { overrides: { updatedAt: isoDateTime(PAST) } },
  'workshop-note': { overrides: { updatedAt: isoDateTime(PAST) } },
  'survey-response': {
    overrides: { updatedAt: isoDateTime(PAST) },
    extend: fc.constantFrom(...BUILT_IN_SURVEYS).chain(responseTo),
  },
  'equality-monitoring': { overrides: { id: dayId, createdAt: midnight, updatedAt: midnight } },
  'sign-up': {
    overrides: {
      id: dayId,
      createdAt: midnight,
      updatedAt: midnight,
      deletedAt: midnight,
      'consent.givenAt': midnight,
      email,
      phone: ukPhone,
      postcode,
    },
  },
};

/** Every kind and schema version the server accepts, from the registry. */
export const REGISTERED_VERSIONS: readonly { kind: RecordKind; version: number }[] =
  RECORD_KINDS.flatMap((kind) =>
    Object.keys(RECORD_REGISTRY[kind].schemas).map((version) => ({
      kind,
      version: Number(version),
    })),
  );

function envelopeOf(kind: string, schemaVersion: number, data: unknown): PushRecord {
  const id = (data as { id?: unknown }).id;
  return { id: typeof id === 'string' ? id : 'no-id', kind, schemaVersion, data };
}

const recordArbitraries = new Map<string, fc.Arbitrary<PushRecord>>();

/**
 * Records of one kind and version that the server must accept: derived from the registry's
 * schema, with the kind's server rules, and checked against the schema and `recordProblem`.
 */
export function validRecord(kind: RecordKind, version: number): fc.Arbitrary<PushRecord> {
  const key = `${kind}@${version}`;
  let arbitrary = recordArbitraries.get(key);
  if (arbitrary === undefined) {
    const schema = schemaFor(kind, version);
    if (schema === undefined) throw new Error(`no schema for ${key}`);
    const rules = SERVER_RULES[kind];
    const base = arbitraryFromZod(schema, { overrides: rules.overrides, dates: PAST });
    const data = rules.extend
      ? fc.tuple(base, rules.extend).map(([record, parts]) => ({ ...(record as object), ...parts }))
      : base;
    arbitrary = data
      .filter((value) => {
        const parsed = schema.safeParse(value);
        return parsed.success && recordProblem(kind, parsed.data) === undefined;
      })
      .map((value) => envelopeOf(kind, version, value));
    recordArbitraries.set(key, arbitrary);
  }
  return arbitrary;
}

/** A valid record of any registered kind and version. */
export const anyValidRecord: fc.Arbitrary<PushRecord> = fc.oneof(
  ...REGISTERED_VERSIONS.map(({ kind, version }) => validRecord(kind, version)),
);

// ---------------------------------------------------------------------------------------------
// Suspect records

/** A record in a batch, with what the generator meant it to be (the oracle has the last word). */
export interface FuzzRecord {
  record: unknown;
  /** `valid`: built to pass; `invalid`: broken by construction; `either`: up to the schema. */
  intent: 'valid' | 'invalid' | 'either';
  /** What was done to it, for reading a counterexample. */
  change: string;
}

function withData(record: PushRecord, data: unknown): PushRecord {
  return { ...record, data };
}

/** A record broken at the envelope or by a server rule, not by its own schema. */
const serverRuleBreak: fc.Arbitrary<FuzzRecord> = fc.oneof(
  fc
    .tuple(
      anyValidRecord,
      fc.constantFrom(
        'note',
        'Event',
        'sign_up',
        'constructor',
        '__proto__',
        'toString',
        'hasOwnProperty',
      ),
    )
    .map(([record, kind]) => ({
      record: { ...record, kind },
      intent: 'invalid' as const,
      change: `unknown kind ${kind}`,
    })),
  fc.tuple(anyValidRecord, fc.constantFrom(0, 2, 99, 2 ** 31)).map(([record, schemaVersion]) => ({
    record: { ...record, schemaVersion },
    intent: 'invalid' as const,
    change: `schema version ${schemaVersion}`,
  })),
  fc
    .tuple(anyValidRecord, fc.stringMatching(UUID_V7_SHAPE))
    .filter(([record, id]) => record.id !== id)
    .map(([record, id]) => ({
      record: { ...record, id },
      intent: 'invalid' as const,
      change: 'envelope id is not data.id',
    })),
  fc.tuple(anyValidRecord, fc.integer({ min: 2, max: 4000 })).map(([record, days]) => {
    const updatedAt = new Date(
      Math.floor(FUZZ_NOW.getTime() / DAY_MS + days) * DAY_MS,
    ).toISOString();
    return {
      record: withData(record, { ...(record.data as object), updatedAt }),
      intent: 'invalid' as const,
      change: `dated ${days} days ahead`,
    };
  }),
  fc
    .tuple(
      validRecord('survey-response', 1),
      fc.constantFrom({ surveyId: 'no-such-survey' }, { surveyVersion: 999 }),
    )
    .map(([record, change]) => ({
      record: withData(record, { ...(record.data as object), ...change }),
      intent: 'invalid' as const,
      change: 'answers no survey on the server',
    })),
);

/** A valid record with one change made by the zod mutations. */
const mutatedRecord: fc.Arbitrary<FuzzRecord> = anyValidRecord.chain((record) =>
  mutationOf(schemaFor(record.kind, record.schemaVersion)!, record.data).map(
    (mutation: Mutation) => ({
      record: withData(record, mutation.value),
      intent: mutation.intent,
      change: `${mutation.change} at data.${mutation.path}`,
    }),
  ),
);

/** A record for a batch: valid, mutated, or broken by a server rule. */
export const fuzzRecord: fc.Arbitrary<FuzzRecord> = fc.oneof(
  {
    weight: 5,
    arbitrary: anyValidRecord.map((record) => ({
      record,
      intent: 'valid' as const,
      change: 'none',
    })),
  },
  { weight: 4, arbitrary: mutatedRecord },
  { weight: 1, arbitrary: serverRuleBreak },
);

// ---------------------------------------------------------------------------------------------
// Batches with duplicate ids, and pushes

function dataOf(entry: FuzzRecord): Record<string, unknown> | undefined {
  const record = entry.record as { data?: unknown };
  return typeof record.data === 'object' && record.data !== null && !Array.isArray(record.data)
    ? (record.data as Record<string, unknown>)
    : undefined;
}

/** Another copy of a pooled record with the same id: identical, re-dated, or different content. */
function variantOf(pool: readonly FuzzRecord[]): fc.Arbitrary<FuzzRecord> {
  return fc
    .record({
      of: fc.nat(pool.length - 1),
      other: fc.nat(pool.length - 1),
      how: fc.constantFrom('same', 'earlier', 'later', 'other-content', 'other-content-same-time'),
      days: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ of, other, how, days }): FuzzRecord => {
      const original = pool[of]!;
      const record = original.record as PushRecord;
      const data = dataOf(original);
      if (how === 'same' || data === undefined)
        return { ...original, change: `${original.change}, sent again` };
      if (how === 'earlier' || how === 'later') {
        const at = Date.parse(String(data.updatedAt));
        if (Number.isNaN(at)) return { ...original, change: `${original.change}, sent again` };
        // Whole days keep day-dated kinds valid; a later copy may land too far ahead.
        const updatedAt = new Date(at + (how === 'later' ? days : -days) * DAY_MS).toISOString();
        return {
          record: withData(record, { ...data, updatedAt }),
          intent: 'either',
          change: `${original.change}, ${how} by ${days} days`,
        };
      }
      // Someone else's record under this id: same kind or not, valid or not.
      const donor = pool[other]!;
      const donorData = dataOf(donor);
      const donorRecord = donor.record as PushRecord;
      if (donorData === undefined) return { ...donor, change: `${donor.change}, sent again` };
      const content =
        how === 'other-content-same-time'
          ? { ...donorData, id: record.id, updatedAt: data.updatedAt }
          : { ...donorData, id: record.id };
      return {
        record: { ...donorRecord, id: record.id, data: content },
        intent: 'either',
        change: `${donor.change} under the id of a ${record.kind} (${how})`,
      };
    });
}

/** Ways to break a whole push body, so that the server must refuse it and store nothing. */
export type EnvelopeBreak =
  | { kind: 'none' }
  | { kind: 'body'; body: unknown }
  | { kind: 'records'; records: unknown }
  | { kind: 'entry'; index: number; field: 'id' | 'kind' | 'schemaVersion'; value: unknown }
  | { kind: 'entry-not-object'; index: number; value: unknown }
  | { kind: 'too-many' };

const envelopeBreak: fc.Arbitrary<EnvelopeBreak> = fc.oneof(
  { weight: 30, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<unknown>(null, [], 'records', 42, { record: [] })
      .map((body) => ({ kind: 'body' as const, body })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<unknown>([], {}, null, 'x', undefined)
      .map((records) => ({ kind: 'records' as const, records })),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({
        kind: fc.constant('entry' as const),
        index: fc.nat(),
        field: fc.constant('id' as const),
        value: fc.constantFrom<unknown>('', 'x'.repeat(65), 7, null, undefined, ['id']),
      }),
      fc.record({
        kind: fc.constant('entry' as const),
        index: fc.nat(),
        field: fc.constant('kind' as const),
        value: fc.constantFrom<unknown>('', 'k'.repeat(65), 1, null, undefined, {}),
      }),
      fc.record({
        kind: fc.constant('entry' as const),
        index: fc.nat(),
        field: fc.constant('schemaVersion' as const),
        value: fc.constantFrom<unknown>(-1, 1.5, '1', null, undefined, 2 ** 53, []),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('entry-not-object' as const),
      index: fc.nat(),
      value: fc.constantFrom<unknown>(null, 'record', 3, [], [{}]),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'too-many' as const }) },
);

/** One push of a run: which pooled records it carries, in order, and how its envelope is broken. */
export interface PushPlan {
  picks: number[];
  envelope: EnvelopeBreak;
  /** Send a Content-Length header, as browsers do (else the body is read to its end). */
  contentLength: boolean;
}

/** A run: records (some sharing ids) and one to three pushes of them, on an empty database. */
export interface FuzzRun {
  pool: FuzzRecord[];
  pushes: PushPlan[];
}

/** Has fast-check print `value` with long strings and deep nesting cut short. */
export function printable<T extends object>(value: T): T {
  Object.defineProperty(value, fc.toStringMethod, {
    value: () =>
      JSON.stringify(value, (_key, nested: unknown) =>
        typeof nested === 'string' && nested.length > 120
          ? `${nested.slice(0, 40)}…(${nested.length} characters)`
          : nested,
      ).replace(/(\[|\{"a":){50,}/g, (run) => `<${run.length} characters of nesting>`),
  });
  return value;
}

export const fuzzRun: fc.Arbitrary<FuzzRun> = fc
  .array(fuzzRecord, { minLength: 1, maxLength: 5 })
  .chain((base) =>
    fc.record({
      pool: fc.array(variantOf(base), { maxLength: 3 }).map((variants) => [...base, ...variants]),
      pushes: fc.array(
        fc.record({
          picks: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
          envelope: envelopeBreak,
          contentLength: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  )
  .map(printable);

/** The body of a push plan, as a value to serialise. */
export function pushBody(run: FuzzRun, plan: PushPlan): unknown {
  const records: unknown[] = plan.picks.map((pick) => run.pool[pick % run.pool.length]!.record);
  const envelope = plan.envelope;
  switch (envelope.kind) {
    case 'none':
      return { records };
    case 'body':
      return envelope.body;
    case 'records':
      return envelope.records === undefined ? {} : { records: envelope.records };
    case 'too-many':
      // Small entries: the limit on the count is what is tested, not the one on bytes.
      return {
        records: Array.from({ length: PUSH_LIMITS.maxRecords + 1 }, (_, i) => ({
          id: `record-${i}`,
          kind: 'event',
          schemaVersion: 1,
          data: null,
        })),
      };
    case 'entry-not-object': {
      const copy = records.slice();
      copy[envelope.index % copy.length] = envelope.value;
      return { records: copy };
    }
    case 'entry': {
      const copy = records.slice();
      const at = envelope.index % copy.length;
      copy[at] = setAt(copy[at], [envelope.field], envelope.value ?? REMOVE);
      return { records: copy };
    }
  }
}

/** The records of the plan as the generator meant them, in body order (for 'none' envelopes). */
export function plannedRecords(run: FuzzRun, plan: PushPlan): FuzzRecord[] {
  return plan.picks.map((pick) => run.pool[pick % run.pool.length]!);
}

// ---------------------------------------------------------------------------------------------
// The oracle

export type Table = 'records' | 'sign_ups';

/** A row the database must hold. */
export interface ExpectedRow {
  kind: string;
  schemaVersion: number;
  /** The schema's output for the record sent: unknown keys dropped, strings trimmed. */
  data: unknown;
  /** `updatedAt` in `toISOString` form. */
  updatedAt: string;
}

/** A record's verdict: what the registry says of it, before duplicates are considered. */
export type Verdict =
  { valid: true; table: Table; id: string; row: ExpectedRow } | { valid: false };

/**
 * Whether the server must store `pushed` (an entry of a valid envelope), by the registry's
 * definition: a registered kind and version, data its schema accepts, `recordProblem` content
 * with it, the same id inside and out, and dated no more than a day ahead of `now`.
 */
export function verdictOf(pushed: PushRecord, now: Date): Verdict {
  if (!Object.hasOwn(RECORD_REGISTRY, pushed.kind)) return { valid: false };
  const kind = pushed.kind as RecordKind;
  const schema = schemaFor(kind, pushed.schemaVersion);
  if (schema === undefined) return { valid: false };
  const parsed = schema.safeParse(pushed.data);
  if (!parsed.success) return { valid: false };
  if (recordProblem(kind, parsed.data) !== undefined) return { valid: false };
  const { id, updatedAt } = parsed.data as { id: string; updatedAt: string };
  if (id !== pushed.id) return { valid: false };
  const at = new Date(updatedAt);
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + MAX_CLOCK_AHEAD_MS)
    return { valid: false };
  return {
    valid: true,
    table: kind === 'sign-up' ? 'sign_ups' : 'records',
    id,
    row: {
      kind,
      schemaVersion: pushed.schemaVersion,
      data: parsed.data,
      updatedAt: at.toISOString(),
    },
  };
}

/** What the server must answer to one push body. */
export type PushExpectation =
  | { status: 413 | 400; code: string }
  | {
      status: 200;
      ids: string[];
      statuses: ('accepted' | 'duplicate' | 'rejected')[];
      verdicts: Verdict[];
      /** Rows the push must write, by table and id. */
      writes: Map<string, { table: Table; id: string; row: ExpectedRow }>;
    };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The database as the server must leave it, and what it must answer to each push: the
 * specification of a push, written from the protocol (RFC 8259 JSON in UTF-8, at most
 * PUSH_LIMITS, the envelope schema) and the registry, independently of the route's code.
 */
export class PushModel {
  /** `table:id` → the row. */
  readonly rows = new Map<string, { table: Table; id: string; row: ExpectedRow }>();

  constructor(private readonly now: Date) {}

  expect(body: Uint8Array): PushExpectation {
    if (body.byteLength > PUSH_LIMITS.maxBytes) return { status: 413, code: 'payload_too_large' };
    let value: unknown;
    try {
      value = JSON.parse(strictUtf8.decode(body));
    } catch {
      return { status: 400, code: 'invalid_json' };
    }
    const envelope = pushRequestSchema.safeParse(value);
    if (!envelope.success) return { status: 400, code: 'validation_failed' };
    const records = envelope.data.records;
    const verdicts = records.map((record) => verdictOf(record, this.now));
    // Per table and id, the newest valid copy in the batch (the first on a tie) is the one
    // that may be stored; it is stored if newer than what the table holds.
    const winners = new Map<string, number>();
    verdicts.forEach((verdict, index) => {
      if (!verdict.valid) return;
      const key = `${verdict.table}:${verdict.id}`;
      const current = winners.get(key);
      const currentVerdict = current === undefined ? undefined : verdicts[current];
      if (
        currentVerdict === undefined ||
        (currentVerdict.valid && currentVerdict.row.updatedAt < verdict.row.updatedAt)
      ) {
        winners.set(key, index);
      }
    });
    const writes = new Map<string, { table: Table; id: string; row: ExpectedRow }>();
    const statuses = verdicts.map((verdict, index) => {
      if (!verdict.valid) return 'rejected' as const;
      const key = `${verdict.table}:${verdict.id}`;
      if (winners.get(key) !== index) return 'duplicate' as const;
      const stored = this.rows.get(key);
      if (stored !== undefined && stored.row.updatedAt >= verdict.row.updatedAt)
        return 'duplicate' as const;
      writes.set(key, { table: verdict.table, id: verdict.id, row: verdict.row });
      return 'accepted' as const;
    });
    return { status: 200, ids: records.map((record) => record.id), statuses, verdicts, writes };
  }

  /** Records what a push answered as expected has stored. */
  apply(expectation: PushExpectation): void {
    if (expectation.status !== 200) return;
    for (const [key, write] of expectation.writes) this.rows.set(key, write);
  }
}

// ---------------------------------------------------------------------------------------------
// The database

/**
 * Empties what pushes write, and the server's error log, so each run starts from nothing on
 * the one server (and a failed run, while fast-check shrinks it, cannot fail the next).
 */
export async function startRun(server: TestServer): Promise<void> {
  server.errors.length = 0;
  await server.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('records').execute();
    await trx.deleteFrom('sign_ups').execute();
  });
}

/** The one server a fuzz property pushes to, and the device token it pushes with. */
export async function startFuzzServer(): Promise<{ server: TestServer; token: string }> {
  const server = await startTestServer({
    rateLimits: { device: { limit: 1_000_000_000, windowMs: 60_000 } },
  });
  server.clock.time = FUZZ_NOW;
  // Thousands of commits: what is fuzzed is what a push stores, not whether a commit survives
  // a power cut (the chaos suite kills the server), so SQLite need not wait for the disk.
  server.sqlite?.pragma('synchronous = OFF');
  const { token } = await server.enrolDevice();
  return { server, token };
}

/** Sends a push body as bytes, as a device does (with Content-Length, as browsers send it). */
export function sendPush(
  server: TestServer,
  token: string,
  body: Uint8Array<ArrayBuffer>,
  contentLength = true,
): Promise<Response> {
  return server.request('/api/v1/sync/push', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      ...(contentLength ? { 'Content-Length': String(body.byteLength) } : {}),
    },
    body,
  });
}

/**
 * Text as a column beside the JSON holds it: without U+0000 (PostgreSQL cannot store it, so
 * the server drops it there, on both engines), and lone surrogates, which have no UTF-8
 * form, written by the drivers as one or three U+FFFD (so runs of those compare equal).
 */
function asStored(text: string | null): string | null {
  return (
    text
      ?.replaceAll('\u0000', '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/\ufffd+/g, '\ufffd') ?? null
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Everything wrong with what the database holds: a row that fails its schema or the
 * registry's other checks, a row whose columns disagree with its data, a row the model does
 * not expect or with other content, and an expected row that is missing.
 */
export async function databaseProblems(
  db: Kysely<Database>,
  model: PushModel,
): Promise<{ invalid: string[]; unexpected: string[] }> {
  const invalid: string[] = [];
  const unexpected: string[] = [];
  const seen = new Set<string>();

  const check = (
    table: Table,
    id: string,
    kind: string,
    schemaVersion: number,
    text: string,
    updatedAt: string,
  ) => {
    const key = `${table}:${id}`;
    seen.add(key);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      invalid.push(`${key}: data is not JSON`);
      return undefined;
    }
    const schema = Object.hasOwn(RECORD_REGISTRY, kind)
      ? schemaFor(kind, schemaVersion)
      : undefined;
    const parsed = schema?.safeParse(data);
    if (parsed === undefined || !parsed.success) {
      invalid.push(`${key}: fails the ${kind} v${schemaVersion} schema`);
      return undefined;
    }
    // Stored as the schema's output, so parsing it again changes nothing.
    if (!sameJson(parsed.data, data))
      invalid.push(`${key}: stored data is not the schema's output`);
    const problem = recordProblem(kind as RecordKind, parsed.data);
    if (problem !== undefined) invalid.push(`${key}: ${problem.field} ${problem.reason}`);
    const record = data as { id: string; updatedAt: string };
    if (record.id !== id) invalid.push(`${key}: data.id is ${record.id}`);
    if (new Date(record.updatedAt).toISOString() !== updatedAt)
      invalid.push(`${key}: updated_at ${updatedAt} is not data.updatedAt`);
    if ((kind === 'sign-up') !== (table === 'sign_ups'))
      invalid.push(`${key}: a ${kind} in ${table}`);
    const expected = model.rows.get(key);
    if (expected === undefined)
      unexpected.push(`${key}: stored, but no push should have stored it`);
    else if (
      expected.row.kind !== kind ||
      expected.row.schemaVersion !== schemaVersion ||
      !sameJson(expected.row.data, data) ||
      expected.row.updatedAt !== updatedAt
    )
      unexpected.push(`${key}: holds other content than the push that should have stored it`);
    return data;
  };

  const records = await db
    .selectFrom('records')
    .select(['id', 'kind', 'schema_version', 'event_id', 'subject_id', 'data', 'record_updated_at'])
    .execute();
  for (const row of records) {
    const data = check(
      'records',
      row.id,
      row.kind,
      row.schema_version,
      row.data,
      row.record_updated_at,
    );
    if (data === undefined) continue;
    const kind = row.kind as RecordKind;
    const eventId = eventIdOf(kind, data as { id: string; eventId?: string });
    if (row.event_id !== eventId)
      invalid.push(`records:${row.id}: event_id ${row.event_id} is not ${eventId}`);
    const subjectId = asStored(subjectIdOf(kind, data as { surveyId?: unknown }));
    if (asStored(row.subject_id) !== subjectId)
      invalid.push(
        `records:${row.id}: subject_id ${JSON.stringify(row.subject_id)} is not ${JSON.stringify(subjectId)}`,
      );
  }
  const signUps = await db
    .selectFrom('sign_ups')
    .select([
      'id',
      'schema_version',
      'data',
      'record_updated_at',
      'name',
      'email',
      'phone',
      'postcode',
      'consent_version',
      'consent_given_at',
      'deleted_at',
    ])
    .execute();
  for (const row of signUps) {
    const data = check(
      'sign_ups',
      row.id,
      'sign-up',
      row.schema_version,
      row.data,
      row.record_updated_at,
    ) as
      | {
          name: string;
          email?: string;
          phone?: string;
          postcode?: string;
          deletedAt?: string;
          consent: { version: string; givenAt: string };
        }
      | undefined;
    if (data === undefined) continue;
    // The columns beside the JSON say the same as it, as far as a text column can.
    const columns = {
      name: row.name,
      email: row.email,
      phone: row.phone,
      postcode: row.postcode,
      consentVersion: row.consent_version,
      consentGivenAt: row.consent_given_at,
      deletedAt: row.deleted_at,
    };
    const fromData = {
      name: data.name,
      email: data.email ?? null,
      phone: data.phone ?? null,
      postcode: data.postcode ?? null,
      consentVersion: data.consent.version,
      consentGivenAt: data.consent.givenAt,
      deletedAt: data.deletedAt ?? null,
    };
    for (const [column, value] of Object.entries(columns)) {
      const expected = fromData[column as keyof typeof fromData];
      if (asStored(value) !== asStored(expected))
        invalid.push(
          `sign_ups:${row.id}: column ${column} holds ${JSON.stringify(value)}, the data ${JSON.stringify(expected)}`,
        );
    }
  }
  for (const key of model.rows.keys())
    if (!seen.has(key)) unexpected.push(`${key}: accepted, but not stored`);
  return { invalid, unexpected };
}

// ---------------------------------------------------------------------------------------------
// Prototypes

const watched = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
} as const;
const before = Object.fromEntries(
  Object.entries(watched).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]),
);

/** Prototypes that gained or lost a property since the kit loaded, or carry the pollution mark. */
export function pollutedPrototypes(): string[] {
  const problems: string[] = [];
  for (const [name, proto] of Object.entries(watched)) {
    const now = Reflect.ownKeys(proto).map(String).sort();
    if (!sameJson(now, before[name]))
      problems.push(
        `${name}.prototype now has ${now.filter((k) => !before[name]!.includes(k)).join(', ') || 'fewer keys'}`,
      );
  }
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || Object.values(probe).includes(POLLUTION_MARK))
    problems.push('a new object inherits a polluted key');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Encoding and tallies

/** The body as the bytes a device would send. JSON.stringify escapes lone surrogates, as browsers do. */
export function encodeBody(body: unknown): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(body) ?? 'null');
}

/**
 * Sends one push body and checks everything the fuzzing promises of it: the status the
 * model expects (never 5xx), one result per record as the model says or the API error shape,
 * the database holding exactly the model's rows and nothing that fails its schema, untouched
 * prototypes, and no unexpected server error. Updates the model and the tally.
 */
export async function pushAndCheck(
  target: { server: TestServer; token: string },
  model: PushModel,
  body: Uint8Array<ArrayBuffer>,
  tally: FuzzTally,
  contentLength = true,
): Promise<PushExpectation> {
  const { server, token } = target;
  const expected = model.expect(body);
  const res = await sendPush(server, token, body, contentLength);
  tally.pushes++;
  bump(tally.answers, res.status);
  if (res.status >= 500) tally.serverErrors++;
  expect(res.status).toBe(expected.status);
  if (expected.status === 200) {
    const { results } = (await res.json()) as PushResponse;
    expect(results.map((result) => result.id)).toEqual(expected.ids);
    expect(results.map((result) => result.status)).toEqual(expected.statuses);
    for (const result of results) {
      bump(tally.results, result.status);
      if (result.status === 'rejected') expect(result.reason).toEqual(expect.any(String));
    }
    tally.records += results.length;
  } else {
    const { error } = (await res.json()) as ApiErrorBody;
    expect(error.code).toBe(expected.code);
    expect(error.message).toEqual(expect.any(String));
  }
  model.apply(expected);

  const problems = await databaseProblems(server.db, model);
  tally.invalidStored += problems.invalid.length;
  expect(problems).toEqual({ invalid: [], unexpected: [] });
  expect(pollutedPrototypes()).toEqual([]);
  expect(server.errors).toEqual([]);
  return expected;
}

/** Adds one to a tally. */
export function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** What a property saw, for the report of a long run. */
export class FuzzTally {
  runs = 0;
  pushes = 0;
  records = 0;
  /** Per record: accepted, duplicate, rejected. */
  readonly results = new Map<string, number>();
  /** Per push: the HTTP status. */
  readonly answers = new Map<number, number>();
  serverErrors = 0;
  invalidStored = 0;
  private readonly started = performance.now();

  summary(name: string): string {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const results = [...this.results].map(([k, v]) => `${v} ${k}`).join(', ');
    const answers = [...this.answers]
      .sort(([a], [b]) => a - b)
      .map(([k, v]) => `${v} × ${k}`)
      .join(', ');
    return `fuzz ${name}: ${this.runs} runs, ${this.pushes} pushes (${answers}), ${this.records} records answered (${results}); ${this.serverErrors} × 5xx, ${this.invalidStored} invalid rows stored; ${seconds} s`;
  }
}
