import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../../src/shared/sync/protocol';
import { uuidv7 } from '../../../src/shared/ids';
import { getDefaultOrganisation } from '../../../src/server/db/organisations.repository';
import { pullQuery } from '../../../src/server/db/published.repository';
import { bodyOf, startTestServer, type TestServer } from '../server-test-kit';

const STORED = 100_000;
/** Changes of the device's organisation published after its cursor. */
const AFTER_CURSOR = 3;

/**
 * 100,000 changes in the feed, half of them another organisation's, interleaved: what a
 * server of a regional network holds after a few years. A tablet that is nearly up to date
 * must cost what its few changes cost.
 */
describe(`pull after a cursor with ${STORED.toLocaleString('en')} changes stored`, () => {
  let server: TestServer;
  let token: string;
  let organisationId: string;
  let cursor: number;
  let newest: number;

  beforeAll(async () => {
    server = await startTestServer();
    ({ token } = await server.enrolDevice());
    organisationId = (await getDefaultOrganisation(server.db)).id;
    const otherId = uuidv7();
    await server.db
      .insertInto('organisations')
      .values({ id: otherId, name: 'Another trust', created_at: new Date().toISOString() })
      .execute();
    const data = JSON.stringify({ title: 'An event published long ago' });
    const rows = Array.from({ length: STORED }, (_, i) => ({
      seq: i + 1,
      organisation_id: i % 2 === 0 ? organisationId : otherId,
      kind: 'event',
      id: uuidv7(),
      data,
      published_at: '2026-01-01T09:00:00.000Z',
    }));
    for (let start = 0; start < rows.length; start += 1000) {
      await server.db
        .insertInto('published')
        .values(rows.slice(start, start + 1000))
        .execute();
    }
    await server.db
      .updateTable('counters')
      .set({ value: STORED })
      .where('name', '=', 'published')
      .execute();
    const own = rows.filter((r) => r.organisation_id === organisationId);
    newest = own.at(-1)!.seq;
    cursor = own.at(-1 - AFTER_CURSOR)!.seq;
    // Fresh statistics, as a running PostgreSQL's autovacuum keeps them.
    if (server.dialect === 'postgres')
      await server.db.executeQuery(CompiledQuery.raw('analyze published'));
  }, 120_000);

  afterAll(() => server?.close());

  it('answers only the changes after the cursor, and nothing when up to date', async () => {
    const res = await server.pull(token, String(cursor));
    expect(res.status).toBe(200);
    const page = await bodyOf<PullResponse>(res);
    expect(page.changes).toHaveLength(AFTER_CURSOR);
    expect(page.hasMore).toBe(false);
    expect(page.cursor).toBe(String(newest));

    const upToDate = await bodyOf<PullResponse>(await server.pull(token, String(newest)));
    expect(upToDate).toMatchObject({ changes: [], cursor: String(newest), hasMore: false });
  });

  it('reads the feed by an index range from the cursor, never the whole feed', async () => {
    const query = pullQuery(server.db, organisationId, cursor, 500).compile();
    if (server.dialect === 'sqlite') {
      const plan = await server.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const details = plan.rows.map((r) => r.detail);
      expect(details).toEqual([
        expect.stringMatching(
          /^SEARCH published USING INDEX published_org_seq_idx \(organisation_id=\? AND seq>\?\)$/,
        ),
      ]);
    } else {
      // EXPLAIN ANALYZE runs the query and says how many rows each step actually read.
      const plan = await server.db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]),
      );
      const nodes = flatten(plan.rows[0]!['QUERY PLAN'][0].Plan);
      const scans = nodes.filter((n) => n['Relation Name'] === 'published');
      expect(scans).toHaveLength(1);
      // Either index serves: (organisation, seq), or the seq key, reading every organisation's
      // changes after the cursor and keeping this one's. Both cost what came after the cursor.
      const scan = scans[0]!;
      expect(scan['Node Type']).toMatch(/^Index (Only )?Scan$/);
      expect(['published_org_seq_idx', 'published_pkey']).toContain(scan['Index Name']);
      expect(scan['Actual Rows']).toBe(AFTER_CURSOR);
      const read = (scan['Actual Rows'] ?? 0) + (scan['Rows Removed by Filter'] ?? 0);
      expect(read).toBeLessThanOrEqual(STORED - cursor);
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}
