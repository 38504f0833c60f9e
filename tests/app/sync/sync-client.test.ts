import { describe, expect, it } from 'vitest';
import { SyncFailure, httpSyncClient, utf8Bytes } from '../../../src/app/sync/sync-client';
import { PUSH_LIMITS, type PushRecord } from '../../../src/shared/sync/protocol';

const meta = { appVersion: 'test', outboxCount: 0 };

function record(i: number, text: string): PushRecord {
  return { id: `id-${i}`, kind: 'workshop-note', schemaVersion: 1, data: { text } };
}

describe('sync client', () => {
  it('counts UTF-8 bytes as the server will, for Welsh, Bengali, Urdu and emoji', () => {
    for (const text of ['plain', 'Ŵ ŷ â', 'আমাদের কথা শুনুন', 'ہماری بات سنیں', '👍🏽 together']) {
      expect(utf8Bytes(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('refuses a batch over the push limit before sending it, so the engine can split it', async () => {
    let calls = 0;
    const client = httpSyncClient({
      fetch: () => {
        calls += 1;
        return Promise.resolve(new Response('{"results":[]}'));
      },
    });
    // 500 notes of 2,000 Bengali characters: about 3 MB of UTF-8, over the 2 MB limit.
    const big = Array.from({ length: 500 }, (_, i) => record(i, 'কথা'.repeat(667)));
    const error: unknown = await client.push(big, 'token', meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncFailure);
    expect((error as SyncFailure).kind).toBe('too-large');
    expect(calls).toBe(0);
    expect(utf8Bytes(JSON.stringify({ records: big }))).toBeGreaterThan(PUSH_LIMITS.maxBytes);
  });

  it('sends a batch within the limit with the device token and reads the answer', async () => {
    const seen: { auth: string | null; body: string }[] = [];
    const client = httpSyncClient({
      fetch: (_input, init) => {
        const headers = new Headers(init?.headers);
        seen.push({ auth: headers.get('Authorization'), body: init?.body as string });
        return Promise.resolve(
          Response.json({ results: [{ id: 'id-0', status: 'accepted' }] }, { status: 200 }),
        );
      },
    });
    const answer = await client.push([record(0, 'Short')], 'secret-token', meta);
    expect(answer.results).toEqual([{ id: 'id-0', status: 'accepted' }]);
    expect(seen[0]?.auth).toBe('Bearer secret-token');
    expect(JSON.parse(seen[0]!.body)).toEqual({ records: [record(0, 'Short')] });
  });

  it('pulls from a cursor with the device token in the header, never in the address', async () => {
    const seen: { url: string; method: string | undefined; auth: string | null }[] = [];
    const client = httpSyncClient({
      fetch: (input, init) => {
        seen.push({
          url: input instanceof Request ? input.url : input.toString(),
          method: init?.method,
          auth: new Headers(init?.headers).get('Authorization'),
        });
        return Promise.resolve(
          Response.json({
            changes: [{ seq: 8, kind: 'outcome', id: 'x', data: {} }],
            cursor: '8',
            hasMore: false,
          }),
        );
      },
    });
    expect(await client.pull('7', 'secret-token', meta)).toEqual({
      changes: [{ seq: 8, kind: 'outcome', id: 'x', data: {} }],
      cursor: '8',
      hasMore: false,
    });
    await client.pull(undefined, 'secret-token', meta);
    expect(seen).toEqual([
      { url: '/api/v1/sync/pull?since=7', method: 'GET', auth: 'Bearer secret-token' },
      { url: '/api/v1/sync/pull?since=0', method: 'GET', auth: 'Bearer secret-token' },
    ]);
  });

  it('turns a 401 on pull into a refusal, and an answer of the wrong shape into a server failure', async () => {
    const answers = [
      Response.json({ error: { code: 'device_revoked', message: 'Removed.' } }, { status: 401 }),
      Response.json({ changes: 'nope' }),
    ];
    const client = httpSyncClient({ fetch: () => Promise.resolve(answers.shift()!) });
    const refused: unknown = await client.pull('0', 't', meta).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'refused', code: 'device_revoked' });
    const garbled: unknown = await client.pull('0', 't', meta).catch((e: unknown) => e);
    expect(garbled).toMatchObject({ kind: 'server' });
  });
});
