import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FUZZ_NOW,
  FUZZ_RUNS,
  FUZZ_TIMEOUT_MS,
  FuzzTally,
  PushModel,
  encodeBody,
  fuzzParameters,
  fuzzRun,
  plannedRecords,
  pushAndCheck,
  pushBody,
  startRun,
  startFuzzServer,
} from '../../fuzz-kit/push-fuzz';

/**
 * Batches mixing valid and broken records of every kind and schema version in the registry,
 * with duplicate ids (the same record again, older or newer copies, someone else's content
 * under the same id), pushed one to three times on an empty database. The server must never
 * answer 5xx; it answers each record as the registry says and stores exactly the accepted
 * ones, as their schema parses them, and nothing else.
 */

let target: Awaited<ReturnType<typeof startFuzzServer>>;
const tally = new FuzzTally();

beforeAll(async () => {
  target = await startFuzzServer();
});

afterAll(async () => {
  await target.server.close();
  if (process.env.FUZZ_RUNS) console.info(tally.summary('push batches'));
});

describe('push fuzzing: batches of valid and broken records', () => {
  it(
    `answers and stores as the registry says, never 5xx (${FUZZ_RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fuzzRun, async (run) => {
          await startRun(target.server);
          const model = new PushModel(FUZZ_NOW);
          tally.runs++;
          for (const plan of run.pushes) {
            const body = encodeBody(pushBody(run, plan));
            const expected = model.expect(body);
            if (expected.status === 200 && plan.envelope.kind === 'none') {
              // The generator means what the registry says: records built valid are valid, and
              // mutations that break the schema by construction do break it.
              plannedRecords(run, plan).forEach((entry, i) => {
                if (entry.intent === 'either') return;
                expect(expected.verdicts[i]!.valid, entry.change).toBe(entry.intent === 'valid');
              });
            }
            await pushAndCheck(target, model, body, tally, plan.contentLength);
          }
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
