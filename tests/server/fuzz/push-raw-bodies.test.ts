import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_LIMITS } from '../../../src/shared/sync/protocol';
import {
  FUZZ_NOW,
  FUZZ_RUNS,
  FUZZ_TIMEOUT_MS,
  FuzzTally,
  PushModel,
  anyValidRecord,
  encodeBody,
  fuzzParameters,
  fuzzRecord,
  printable,
  pushAndCheck,
  startFuzzServer,
  startRun,
} from '../../fuzz-kit/push-fuzz';
import { corrupt, corruption } from '../../fuzz-kit/raw-bodies';
import { POLLUTION_MARK } from '../../fuzz-kit/zod-arbitrary';

/**
 * Push bodies broken below the JSON value: bytes that are not UTF-8 (sent as bytes),
 * truncated JSON, prototype-pollution keys, nesting hundreds of thousands deep, keys given
 * twice, a byte-order mark, whitespace to the byte limit and past it. Between a valid push
 * before and the same records sent whole after, the broken ones must leave the database as
 * the protocol says (unchanged, for a body that is not UTF-8 JSON), Object.prototype
 * untouched, and never answer 5xx.
 */

let target: Awaited<ReturnType<typeof startFuzzServer>>;
const tally = new FuzzTally();

beforeAll(async () => {
  target = await startFuzzServer();
});

afterAll(async () => {
  await target.server.close();
  if (process.env.FUZZ_RUNS) console.info(tally.summary('raw push bodies'));
});

const rawRun = fc
  .record({
    before: fc.array(anyValidRecord, { maxLength: 2 }),
    records: fc.array(fuzzRecord, { minLength: 1, maxLength: 4 }),
    corruptions: fc.array(corruption, { minLength: 1, maxLength: 2 }),
    resend: fc.boolean(),
  })
  .map(printable);

describe('push fuzzing: bodies broken below the JSON value', () => {
  it(
    `refuses what is not UTF-8 JSON and is never polluted (${FUZZ_RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(rawRun, async (run) => {
          await startRun(target.server);
          const model = new PushModel(FUZZ_NOW);
          tally.runs++;
          if (run.before.length > 0) {
            await pushAndCheck(target, model, encodeBody({ records: run.before }), tally);
          }
          const json = JSON.stringify({ records: run.records.map((entry) => entry.record) });
          for (const broken of run.corruptions) {
            const body = corrupt(json, broken);
            const expected = await pushAndCheck(target, model, body, tally);
            if (broken.kind === 'invalid-utf8' || broken.kind === 'truncated') {
              // Whatever the model says, these never reach the records (pushAndCheck has
              // checked the database against it).
              expect(expected.status).toBe(body.byteLength > PUSH_LIMITS.maxBytes ? 413 : 400);
            }
          }
          if (run.resend)
            await pushAndCheck(
              target,
              model,
              encodeBody({ records: run.records.map((entry) => entry.record) }),
              tally,
            );

          // No pollution key is ever kept: every schema drops or refuses unknown keys.
          for (const table of ['records', 'sign_ups'] as const) {
            const rows = await target.server.db.selectFrom(table).select('data').execute();
            expect(rows.filter((row) => row.data.includes(POLLUTION_MARK))).toEqual([]);
          }
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
