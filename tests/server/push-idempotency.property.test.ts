import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PushRecord, PushResponse } from '../../src/shared/sync/protocol';
import { makeEvent, makeNote } from '../fixtures/workshop.factory';
import { bodyOf, envelope, startTestServer } from './server-test-kit';

/**
 * Whatever a flaky network does to pushes — records batched at random, sent twice in one
 * batch, reordered, whole batches retried, responses lost and the batch retried later — the
 * server ends up holding every record created, exactly once, at its latest version.
 */

const BASE = Date.parse('2026-11-21T10:00:00.000Z');

/** A record's successive versions, oldest first: each edit moves updatedAt forward. */
function versionsOf(index: number, count: number): PushRecord[] {
  const first = index % 3 === 0 ? makeEvent() : makeNote();
  return Array.from({ length: count }, (_, v) => {
    const updatedAt = new Date(BASE + v * 1000).toISOString();
    const edited =
      'eventId' in first
        ? { ...first, text: `Version ${v}`, updatedAt }
        : { ...first, title: `Version ${v}`, updatedAt };
    return envelope(edited);
  });
}

type Step =
  | { type: 'push'; picks: { record: number; version: number }[]; lose: boolean }
  | { type: 'retry'; batch: number; lose: boolean };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('push' as const),
      picks: fc.array(fc.record({ record: fc.nat(), version: fc.nat() }), {
        minLength: 1,
        maxLength: 12,
      }),
      lose: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('retry' as const),
      batch: fc.nat(),
      lose: fc.boolean(),
    }),
  },
);

const scenarioArbitrary = fc.record({
  versionCounts: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 8 }),
  steps: fc.array(stepArbitrary, { minLength: 0, maxLength: 12 }),
});

describe('push idempotency', () => {
  it('stores every created record exactly once, at its latest version', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ versionCounts, steps }) => {
        const server = await startTestServer({
          rateLimits: { device: { limit: 1_000_000, windowMs: 60_000 } },
        });
        try {
          const { token } = await server.enrolDevice();
          const pool = versionCounts.map((count, i) => versionsOf(i, count));
          /** The newest version index the server has received, per record id. */
          const newest = new Map<string, number>();
          const sent: { record: number; version: number }[][] = [];

          const pushBatch = async (picks: { record: number; version: number }[], lose: boolean) => {
            const batch = picks.map(({ record, version }) => pool[record]![version]!);
            // What the server must answer: the newest copy of each id in the batch (the first
            // on a tie) is accepted if it is newer than what is stored; everything else is a
            // duplicate.
            const winner = new Map<string, number>();
            picks.forEach(({ version }, i) => {
              const id = batch[i]!.id;
              const current = winner.get(id);
              if (current === undefined || picks[current]!.version < version) winner.set(id, i);
            });
            const expected = picks.map(({ version }, i) => {
              const id = batch[i]!.id;
              const stored = newest.get(id) ?? -1;
              return winner.get(id) === i && version > stored ? 'accepted' : 'duplicate';
            });

            const res = await server.push(token, batch);
            expect(res.status).toBe(200);
            const { results } = await bodyOf<PushResponse>(res);
            for (const [id, i] of winner) {
              newest.set(id, Math.max(newest.get(id) ?? -1, picks[i]!.version));
            }
            // A lost response: the server did the work, the device never hears of it.
            if (lose) return;
            expect(results.map((r) => r.id)).toEqual(batch.map((r) => r.id));
            expect(results.map((r) => r.status)).toEqual(expected);
          };

          for (const step of steps) {
            if (step.type === 'push') {
              const picks = step.picks.map(({ record, version }) => {
                const r = record % pool.length;
                return { record: r, version: version % pool[r]!.length };
              });
              sent.push(picks);
              await pushBatch(picks, step.lose);
            } else if (sent.length > 0) {
              await pushBatch(sent[step.batch % sent.length]!, step.lose);
            }
            const count = await server.db
              .selectFrom('records')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow();
            expect(count.n).toBe(newest.size);
          }

          // Eventually the device's outbox sends the latest version of everything it made.
          await pushBatch(
            pool.map((versions, record) => ({ record, version: versions.length - 1 })),
            false,
          );

          const rows = await server.db
            .selectFrom('records')
            .select(['id', 'data', 'record_updated_at'])
            .execute();
          const expectedRows = pool.map((versions) => {
            const latest = versions.at(-1)!;
            return {
              id: latest.id,
              data: latest.data,
              updatedAt: new Date(BASE + (versions.length - 1) * 1000).toISOString(),
            };
          });
          expect(
            rows
              .map((row) => ({
                id: row.id,
                data: JSON.parse(row.data) as unknown,
                updatedAt: row.record_updated_at,
              }))
              .sort((a, b) => a.id.localeCompare(b.id)),
          ).toEqual(expectedRows.sort((a, b) => a.id.localeCompare(b.id)));
          expect(server.errors).toEqual([]);
        } finally {
          await server.close();
        }
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});
