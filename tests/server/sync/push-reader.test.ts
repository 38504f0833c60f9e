import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src/server/api-error';
import { pushReaderHere, startPushThreads } from '../../../src/server/sync/push-reader';
import type { FindPublishedSurveys, PushReader } from '../../../src/server/sync/push-reader';
import { describeForLog } from '../../../src/server/error-for-log';
import type { PublishedSurvey } from '../../../src/server/surveys/survey-lookup';
import type { PreparedPush } from '../../../src/server/sync/prepare-push';
import type { PushRecord } from '../../../src/shared/sync/protocol';
import { makeSurvey, makeSurveyResponse } from '../../fixtures/survey.factory';
import { makeEvent, makeNote } from '../../fixtures/workshop.factory';
import { envelope } from '../server-test-kit';

const now = new Date();
const here = pushReaderHere();
let readers: PushReader[] = [];

/** Threads that are closed after the test. */
function threads(count: number, onError: (line: string) => void = () => {}, script?: URL) {
  const reader = startPushThreads({ threads: count, onError, ...(script ? { script } : {}) });
  readers.push(reader);
  return reader;
}

afterEach(async () => {
  await Promise.all(readers.map((reader) => reader.close()));
  readers = [];
});

const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function response(overrides: Parameters<typeof makeSurveyResponse>[0] = {}): PushRecord {
  const data = makeSurveyResponse(overrides);
  return { id: data.id, kind: 'survey-response', schemaVersion: data.schemaVersion, data };
}

/** A survey the organisation published, answered by `response()`. */
const published = makeSurvey();
const findPublished: FindPublishedSurveys = (wanted) =>
  Promise.resolve(
    wanted.some((w) => w.surveyId === published.id && w.version === published.version)
      ? [{ surveyId: published.id, version: published.version, data: JSON.stringify(published) }]
      : [],
  );

/** A batch with something of everything: good records and each way a record can be bad. */
function mixedBatch(): PushRecord[] {
  const note = makeNote();
  return [
    envelope(note),
    envelope(makeEvent()),
    { ...envelope(makeNote()), kind: 'mystery' },
    { ...envelope(makeNote()), schemaVersion: 99 },
    { ...envelope(makeNote()), id: 'not-the-data-id' },
    envelope({ ...makeNote(), text: '' }),
    response(),
    response({ surveyId: 'no-such-survey' }),
    envelope({ ...makeNote(), unknownField: 'dropped' } as ReturnType<typeof makeNote>),
  ];
}

/** Per record, what the reading said: accepted for storing, or the field it was refused for. */
function verdicts(prepared: PreparedPush): string[] {
  const stored = new Set(prepared.valid.map(({ index }) => index));
  return prepared.results.map((result, index) =>
    stored.has(index) ? 'store' : `refused ${result?.field ?? '?'}`,
  );
}

describe('reading pushes on threads of their own', () => {
  it('reads a batch exactly as the serving thread does: the same records stored, the same refusals', async () => {
    const batch = mixedBatch();
    const asked = vi.fn(findPublished);
    const onThread = await threads(1).read(bytesOf({ records: batch }), now, asked);
    const onServingThread = await here.read(bytesOf({ records: batch }), now, findPublished);

    expect(onThread).toEqual(onServingThread);
    expect(verdicts(onThread)).toEqual([
      'store',
      'store',
      'refused kind',
      'refused schemaVersion',
      'refused data.id',
      'refused data.text',
      'store',
      'refused data.surveyId',
      'store',
    ]);
    // The database is asked once, for the surveys the responses answered.
    expect(asked).toHaveBeenCalledTimes(1);
    expect(asked.mock.calls[0]![0]).toEqual(
      expect.arrayContaining([
        { surveyId: published.id, version: published.version },
        { surveyId: 'no-such-survey', version: published.version },
      ]),
    );
    // What is stored is the parsed record, as JSON text: unknown fields dropped.
    const last = onThread.valid.at(-1)!.record;
    expect(JSON.parse(last.data)).not.toHaveProperty('unknownField');
    expect(JSON.parse(last.data)).toHaveProperty(
      'text',
      (batch.at(-1)!.data as { text: string }).text,
    );
  });

  it('asks the database nothing for a batch without survey responses', async () => {
    const asked = vi.fn(findPublished);
    const prepared = await threads(1).read(
      bytesOf({ records: [envelope(makeNote())] }),
      now,
      asked,
    );
    expect(verdicts(prepared)).toEqual(['store']);
    expect(asked).not.toHaveBeenCalled();
  });

  it.each([
    ['not JSON', new TextEncoder().encode('{"records": [')],
    ['not UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])],
    ['no records', bytesOf({ notes: [] })],
    ['an empty batch', bytesOf({ records: [] })],
    ['a record without a kind', bytesOf({ records: [{ id: 'a', schemaVersion: 1, data: {} }] })],
  ])('refuses a body that is %s with the same 400 as the serving thread', async (_, bytes) => {
    const refusal = async (reader: PushReader) => {
      const error: unknown = await reader.read(bytes, now, findPublished).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ApiError);
      const { status, code, message, details } = error as ApiError;
      return { status, code, message, details };
    };
    const onThread = await refusal(threads(1));
    expect(onThread.status).toBe(400);
    expect(onThread).toEqual(await refusal(here));
  });

  it('answers each of many pushes read at once on two threads with its own records', async () => {
    const reader = threads(2);
    const batches = Array.from({ length: 20 }, (_, n) =>
      Array.from({ length: 1 + n }, () => envelope(makeNote())),
    );
    const read = await Promise.all(
      batches.map((batch) => reader.read(bytesOf({ records: batch }), now, findPublished)),
    );
    read.forEach((prepared, n) => {
      expect(prepared.valid.map(({ record }) => record.id)).toEqual(batches[n]!.map((r) => r.id));
    });
  });

  it('fails the push, not the thread, when the surveys cannot be found; the next push is read', async () => {
    const errors: string[] = [];
    const reader = threads(1, (line) => errors.push(line));
    const down = new Error('database unavailable');
    await expect(
      reader.read(bytesOf({ records: [response()] }), now, () => Promise.reject(down)),
    ).rejects.toBe(down);
    const next = await reader.read(bytesOf({ records: [response()] }), now, findPublished);
    expect(verdicts(next)).toEqual(['store']);
    expect(errors).toEqual([]);
  });

  it('answers a failure on the thread with where it happened, never with its message', async () => {
    // A stored survey that is not JSON: the parser's message quotes its first ten characters.
    const secret = 'Ward 7 AB';
    const corrupt: FindPublishedSurveys = () =>
      Promise.resolve([{ surveyId: published.id, version: published.version, data: secret }]);
    const failure = async (reader: PushReader) => {
      const error: unknown = await reader
        .read(bytesOf({ records: [response()] }), now, corrupt)
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      expect(error).toBeInstanceOf(Error);
      return error as Error;
    };
    const here_ = await failure(here);
    expect(here_.message).toContain(secret);
    const onThread = await failure(threads(1));
    expect(onThread.name).toBe('SyntaxError');
    expect(`${onThread.message} ${onThread.stack}`).not.toContain(secret);
    // Where it failed comes across: the log line names the frames, as on the serving thread.
    expect(describeForLog(onThread)).toMatch(/^SyntaxError\n\s+at /);
  });

  it('loses no push when a thread exits: the serving thread reads them, and says so', async () => {
    const errors: string[] = [];
    const exiting = new URL('./exiting-push-thread.mjs', import.meta.url);
    const reader = threads(1, (line) => errors.push(line), exiting);
    const batch = mixedBatch();
    const expected = verdicts(await here.read(bytesOf({ records: batch }), now, findPublished));

    // Each thread exits on its first push; after three in a row none is started again.
    for (let n = 0; n < 4; n++) {
      const prepared = await reader.read(bytesOf({ records: batch }), now, findPublished);
      expect(verdicts(prepared)).toEqual(expected);
    }
    await vi.waitFor(() => expect(errors).toHaveLength(3));
    expect(errors[0]).toMatch(
      /exited \(code 7\); 1 push\(es\) it held are read on the main thread; starting another/,
    );
    expect(errors[1]).toMatch(/starting another/);
    expect(errors[2]).toMatch(
      /3 times in a row; not starting it again: pushes are read on the main thread/,
    );
  });

  it('reads a push again on the serving thread when its thread exits while it waits for surveys', async () => {
    const errors: string[] = [];
    const exiting = new URL('./asking-then-exiting-push-thread.mjs', import.meta.url);
    const asked = vi.fn(findPublished);
    const prepared = await threads(1, (line) => errors.push(line), exiting).read(
      bytesOf({ records: [response()] }),
      now,
      asked,
    );
    expect(verdicts(prepared)).toEqual(['store']);
    // Once for the thread, once for the serving thread's own reading.
    expect(asked).toHaveBeenCalledTimes(2);
    expect(asked.mock.calls[0]![0]).toEqual([
      { surveyId: published.id, version: published.version },
    ]);
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]).toMatch(
      /exited \(code 7\); 1 push\(es\) it held are read on the main thread/,
    );
  });

  it('fails a push still being read when the server stops, rather than read it while stopping', async () => {
    const script = new URL('./asking-then-exiting-push-thread.mjs', import.meta.url);
    const reader = threads(1, () => {}, script);
    // The thread asks for surveys, and the server stops before the answer comes.
    let asked = false;
    const never = new Promise<PublishedSurvey[]>(() => {});
    const reading = reader.read(bytesOf({ records: [response()] }), now, () => {
      asked = true;
      return never;
    });
    await vi.waitFor(() => expect(asked).toBe(true));
    await reader.close();
    await expect(reading).rejects.toThrow('The server stopped while reading a push');
  });
});
