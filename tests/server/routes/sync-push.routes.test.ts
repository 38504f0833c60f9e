import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../../src/shared/sync/protocol';
import { PUSH_LIMITS } from '../../../src/shared/sync/protocol';
import { makeEvent, makeNote } from '../../fixtures/workshop.factory';
import {
  bodyOf,
  envelope,
  errorOf,
  jsonPost,
  startTestServer,
  type TestServer,
} from '../server-test-kit';
import { withEachPushReader } from '../push-readers';

let server: TestServer;
let token: string;

// Pushes are parsed and validated where the server is told to: every case, both ways.
withEachPushReader((pushReader) => {
  beforeEach(async () => {
    server = await startTestServer({ pushReader: pushReader() });
    ({ token } = await server.enrolDevice());
  });

  afterEach(async () => {
    expect(server.errors).toEqual([]);
    await server.close();
  });

  async function stored() {
    return server.db
      .selectFrom('records')
      .select(['id', 'kind', 'data', 'record_updated_at', 'event_id'])
      .orderBy('seq')
      .execute();
  }

  async function results(res: Response) {
    expect(res.status).toBe(200);
    return (await bodyOf<PushResponse>(res)).results;
  }

  describe('POST /api/v1/sync/push authentication', () => {
    it('answers 401 invalid_token without a token', async () => {
      const res = await server.request('/api/v1/sync/push', jsonPost({ records: [] }));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await errorOf(res)).code).toBe('invalid_token');
    });

    it.each([
      ['a malformed token', 'Bearer not-a-token'],
      ['an unknown token', `Bearer ${'A'.repeat(43)}`],
      ['another scheme', `Basic ${'A'.repeat(43)}`],
    ])('answers 401 invalid_token with %s', async (_, authorization) => {
      const res = await server.request(
        '/api/v1/sync/push',
        jsonPost({ records: [envelope(makeNote())] }, { Authorization: authorization }),
      );
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('invalid_token');
      expect(await server.db.selectFrom('records').select('id').execute()).toEqual([]);
    });

    it('does not accept the token in the URL', async () => {
      const res = await server.request(
        `/api/v1/sync/push?token=${token}&access_token=${token}`,
        jsonPost({ records: [envelope(makeNote())] }),
      );
      expect(res.status).toBe(401);
    });

    it('answers 401 device_revoked, in plain words, once an admin revoked the device', async () => {
      const { cookie, csrfToken } = await server.login();
      const device = await server.db.selectFrom('devices').select('id').executeTakeFirstOrThrow();
      const revoke = await server.request(`/api/v1/admin/devices/${device.id}`, {
        method: 'DELETE',
        headers: { cookie, 'X-CSRF-Token': csrfToken },
      });
      expect(revoke.status).toBe(200);

      const res = await server.push(token, [envelope(makeNote())]);
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toEqual({
        code: 'device_revoked',
        message: "This device's access was removed by an administrator.",
      });
      expect((await server.pull(token)).status).toBe(401);
    });
  });

  describe('POST /api/v1/sync/push bad requests', () => {
    const auth = () => ({ Authorization: `Bearer ${token}` });

    it('answers 400 invalid_json to a body that is not JSON', async () => {
      const res = await server.request('/api/v1/sync/push', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth() },
        body: '{"records": [',
      });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_json');
    });

    it.each([
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['no content type', undefined],
    ])('answers 415 to %s', async (_, contentType) => {
      const headers: Record<string, string> = auth();
      if (contentType !== undefined) headers['Content-Type'] = contentType;
      const res = await server.request('/api/v1/sync/push', {
        method: 'POST',
        headers,
        body: JSON.stringify({ records: [envelope(makeNote())] }),
      });
      expect(res.status).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported_media_type');
    });

    it('accepts a charset parameter on the JSON content type', async () => {
      const res = await server.push(token, [envelope(makeNote())], {
        'Content-Type': 'application/json; charset=utf-8',
      });
      expect(res.status).toBe(200);
    });

    it('accepts a full batch, far larger than the 16 KB limit of other routes', async () => {
      const batch = Array.from({ length: PUSH_LIMITS.maxRecords }, () => envelope(makeNote()));
      expect(JSON.stringify({ records: batch }).length).toBeGreaterThan(100_000);
      const answer = await results(await server.push(token, batch));
      expect(answer.every((r) => r.status === 'accepted')).toBe(true);
    });

    it('answers 413 from Content-Length before reading a body over the limit', async () => {
      const res = await server.request('/api/v1/sync/push', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(PUSH_LIMITS.maxBytes + 1),
          ...auth(),
        },
        body: '{}',
      });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe('payload_too_large');
    });

    it('answers 413 to a streamed body that grows over the limit', async () => {
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > PUSH_LIMITS.maxBytes) controller.close();
          else {
            sent += chunk.length;
            controller.enqueue(chunk);
          }
        },
      });
      const res = await server.request('/api/v1/sync/push', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth() },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    });

    it.each([
      ['no records field', {}, 'records'],
      ['an empty batch', { records: [] }, 'records'],
      [
        'too many records',
        { records: Array.from({ length: PUSH_LIMITS.maxRecords + 1 }, () => envelope(makeNote())) },
        'records',
      ],
      [
        'a record without an id',
        { records: [{ kind: 'event', schemaVersion: 1, data: {} }] },
        'records.0.id',
      ],
      [
        'a fractional schema version',
        { records: [{ id: 'a', kind: 'event', schemaVersion: 1.5, data: {} }] },
        'records.0.schemaVersion',
      ],
      ['an array body', [], 'body'],
    ])('answers 400 validation_failed naming the field for %s', async (_, body, field) => {
      const res = await server.request('/api/v1/sync/push', jsonPost(body, auth()));
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('POST /api/v1/sync/push validation per record', () => {
    it('stores the valid records of a mixed batch and rejects each invalid one with its field', async () => {
      const event = makeEvent();
      const good = makeNote({ eventId: event.id });
      const emptyText = { ...makeNote(), text: '   ' };
      const noPolarity = { ...makeNote(), questionId: 'worked' };
      const mismatch = makeNote();
      const otherVersion = makeNote();
      const res = await server.push(token, [
        envelope(event),
        envelope(emptyText),
        { id: 'abc', kind: 'survey-answer', schemaVersion: 1, data: {} },
        { ...envelope(otherVersion), schemaVersion: 2 },
        envelope(noPolarity as never),
        { ...envelope(mismatch), id: makeNote().id },
        { id: 'not-even-an-object', kind: 'event', schemaVersion: 1, data: 'hello' },
        envelope(good),
      ]);
      const answer = await results(res);
      expect(answer).toEqual([
        { id: event.id, status: 'accepted' },
        { id: emptyText.id, status: 'rejected', field: 'data.text', reason: 'must not be empty' },
        {
          id: 'abc',
          status: 'rejected',
          field: 'kind',
          reason: "Unknown record kind 'survey-answer'",
        },
        {
          id: otherVersion.id,
          status: 'rejected',
          field: 'schemaVersion',
          reason: "Schema version 2 of 'workshop-note' is not supported (server accepts 1)",
        },
        {
          id: noPolarity.id,
          status: 'rejected',
          field: 'data.polarity',
          reason: 'question 2 notes must say has worked or has not worked',
        },
        {
          id: answer[5]!.id,
          status: 'rejected',
          field: 'data.id',
          reason: expect.stringMatching(/same as the record's id/) as unknown,
        },
        {
          id: 'not-even-an-object',
          status: 'rejected',
          field: 'data',
          reason: expect.any(String) as unknown,
        },
        { id: good.id, status: 'accepted' },
      ]);
      expect((await stored()).map((row) => row.id)).toEqual([event.id, good.id]);
    });

    it('says in words what is wrong where the shared schema has no message of its own', async () => {
      const longTheme = { ...makeNote(), themeId: 't'.repeat(65) };
      const answer = await results(
        await server.push(token, [
          envelope(longTheme),
          { id: 'not-even-an-object', kind: 'event', schemaVersion: 1, data: 'hello' },
        ]),
      );
      expect(answer).toEqual([
        {
          id: longTheme.id,
          status: 'rejected',
          field: 'data.themeId',
          reason: 'Too big: expected string to have <=64 characters',
        },
        {
          id: 'not-even-an-object',
          status: 'rejected',
          field: 'data',
          reason: 'Invalid input: expected object, received string',
        },
      ]);
    });

    it('names nested fields by their path', async () => {
      const event = makeEvent();
      const bad = { ...event, themes: [{ id: 'training', name: '' }] };
      const [result] = await results(await server.push(token, [envelope(bad)]));
      expect(result).toMatchObject({ status: 'rejected', field: 'data.themes.0.name' });
    });

    it('stores the parsed record: trimmed strings, unknown fields dropped', async () => {
      const event = makeEvent();
      const [result] = await results(
        await server.push(token, [
          envelope({ ...event, title: '  Carers’ forum  ', secret: 'x' } as never),
        ]),
      );
      expect(result).toEqual({ id: event.id, status: 'accepted' });
      const data = JSON.parse((await stored())[0]!.data) as Record<string, unknown>;
      expect(data.title).toBe('Carers’ forum');
      expect(data).not.toHaveProperty('secret');
    });

    it('files a note under its event', async () => {
      const note = makeNote();
      await results(await server.push(token, [envelope(note)]));
      const [row] = await stored();
      expect(row!.event_id).toBe(note.eventId);
      expect(row!.kind).toBe('workshop-note');
    });

    it('files an event under its own id', async () => {
      const event = makeEvent();
      await results(await server.push(token, [envelope(event)]));
      expect((await stored())[0]!.event_id).toBe(event.id);
    });
  });

  describe('POST /api/v1/sync/push idempotency', () => {
    it('stores a record pushed twice once, answering duplicate the second time', async () => {
      const note = makeNote();
      expect(await results(await server.push(token, [envelope(note)]))).toEqual([
        { id: note.id, status: 'accepted' },
      ]);
      expect(await results(await server.push(token, [envelope(note)]))).toEqual([
        { id: note.id, status: 'duplicate' },
      ]);
      expect(await stored()).toHaveLength(1);
    });

    it('stores records of two overlapping batches once each', async () => {
      const [a, b, c] = [makeNote(), makeNote(), makeNote()];
      const first = await results(await server.push(token, [envelope(a), envelope(b)]));
      const second = await results(await server.push(token, [envelope(b), envelope(c)]));
      expect(first.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      expect(second).toEqual([
        { id: b.id, status: 'duplicate' },
        { id: c.id, status: 'accepted' },
      ]);
      expect((await stored()).map((row) => row.id)).toEqual([a.id, b.id, c.id]);
    });

    it('replaces a record with a newer updatedAt and keeps it against an older one', async () => {
      const v1 = makeNote({ updatedAt: '2026-11-21T10:00:00.000Z' });
      const v2 = { ...v1, text: 'Edited', updatedAt: '2026-11-21T10:05:00.000Z' };
      const stale = { ...v1, text: 'Stale', updatedAt: '2026-11-21T10:01:00.000Z' };
      await results(await server.push(token, [envelope(v1)]));
      expect(await results(await server.push(token, [envelope(v2)]))).toEqual([
        { id: v1.id, status: 'accepted' },
      ]);
      expect(await results(await server.push(token, [envelope(stale)]))).toEqual([
        { id: v1.id, status: 'duplicate' },
      ]);
      const rows = await stored();
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0]!.data)).toMatchObject({ text: 'Edited' });
      expect(rows[0]!.record_updated_at).toBe('2026-11-21T10:05:00.000Z');
    });

    it('keeps the newest copy when one batch holds a record twice, in either order', async () => {
      const v1 = makeNote({ updatedAt: '2026-11-21T10:00:00.000Z' });
      const v2 = { ...v1, text: 'Newer', updatedAt: '2026-11-21T10:00:01.000Z' };
      expect(await results(await server.push(token, [envelope(v2), envelope(v1)]))).toEqual([
        { id: v1.id, status: 'accepted' },
        { id: v1.id, status: 'duplicate' },
      ]);
      const other = makeNote({ updatedAt: '2026-11-21T10:00:00.000Z' });
      const otherNewer = { ...other, text: 'Newer', updatedAt: '2026-11-21T10:00:01.000Z' };
      expect(
        await results(await server.push(token, [envelope(other), envelope(otherNewer)])),
      ).toEqual([
        { id: other.id, status: 'duplicate' },
        { id: other.id, status: 'accepted' },
      ]);
      const rows = await stored();
      expect(
        rows.map((row) => JSON.parse(row.data) as { text: string }).map((d) => d.text),
      ).toEqual(['Newer', 'Newer']);
    });

    it('compares updatedAt as time, whatever precision the client wrote', async () => {
      const v1 = makeNote({ updatedAt: '2026-11-21T10:00:00.5Z' });
      const v2 = { ...v1, text: 'Later', updatedAt: '2026-11-21T10:00:00.600Z' };
      await results(await server.push(token, [envelope(v1)]));
      expect(await results(await server.push(token, [envelope(v2)]))).toEqual([
        { id: v1.id, status: 'accepted' },
      ]);
    });
  });

  describe('POST /api/v1/sync/push atomicity', () => {
    /** Makes the device's sighting, the push's last write, fail on both engines. */
    async function failDeviceUpdates(on: boolean) {
      if (server.dialect === 'sqlite') {
        await sql
          .raw(
            on
              ? "create trigger fail_sighting before update on devices begin select raise(abort, 'injected'); end"
              : 'drop trigger fail_sighting',
          )
          .execute(server.db);
        return;
      }
      if (on) {
        await sql
          .raw(
            "create function fail_sighting() returns trigger language plpgsql as $$ begin raise exception 'injected'; end $$",
          )
          .execute(server.db);
        await sql
          .raw(
            'create trigger fail_sighting before update on devices for each row execute function fail_sighting()',
          )
          .execute(server.db);
      } else {
        await sql.raw('drop trigger fail_sighting on devices').execute(server.db);
      }
    }

    it('stores nothing of a batch when a write after the upsert fails, and the retry succeeds', async () => {
      const batch = Array.from({ length: 250 }, () => makeNote());
      await failDeviceUpdates(true);
      const failed = await server.push(token, batch.map(envelope));
      expect(failed.status).toBe(500);
      expect(server.errors).toHaveLength(1);
      server.errors.length = 0;
      expect(await stored()).toEqual([]);

      await failDeviceUpdates(false);
      const retried = await results(await server.push(token, batch.map(envelope)));
      expect(retried.map((r) => r.status)).toEqual(batch.map(() => 'accepted'));
      expect(await stored()).toHaveLength(250);
    });
  });

  describe('POST /api/v1/sync/push device reports', () => {
    it('keeps the app version, outbox count and last-seen time on the device', async () => {
      server.clock.advance(60_000);
      await server.push(token, [envelope(makeNote())], {
        'X-Involve-App-Version': '0.3.1',
        'X-Involve-Outbox-Count': '42',
      });
      const device = await server.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
      expect(device.app_version).toBe('0.3.1');
      expect(device.outbox_count).toBe(42);
      expect(device.last_seen_at).toBe(server.clock.now().toISOString());
    });

    it('ignores malformed reports rather than failing the push', async () => {
      const res = await server.push(token, [envelope(makeNote())], {
        'X-Involve-App-Version': '<script>',
        'X-Involve-Outbox-Count': '-3',
      });
      expect(res.status).toBe(200);
      const device = await server.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
      expect(device.app_version).toBeNull();
      expect(device.outbox_count).toBeNull();
    });

    it('logs one line per request without tokens or respondents’ words', async () => {
      const note = makeNote({ text: 'My neighbour Alice said the ward was cold' });
      await server.push(token, [envelope(note)]);
      const log = server.logs.join('\n');
      expect(server.logs.at(-1)).toMatch(/^POST \/api\/v1\/sync\/push 200 \d+ms$/);
      expect(log).not.toContain(token);
      expect(log).not.toContain('Alice');
      expect(log).not.toContain(note.id);
    });
  });

  describe('rate limits on sync', () => {
    it('answers 429 with Retry-After when a device pushes too often, until the window ends', async () => {
      await server.close();
      server = await startTestServer({ rateLimits: { device: { limit: 2, windowMs: 60_000 } } });
      ({ token } = await server.enrolDevice());
      expect((await server.push(token, [envelope(makeNote())])).status).toBe(200);
      expect((await server.pull(token)).status).toBe(200);
      const limited = await server.push(token, [envelope(makeNote())]);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('60');
      expect((await errorOf(limited)).code).toBe('rate_limited');

      const other = await server.enrolDevice('Tablet 2');
      expect((await server.push(other.token, [envelope(makeNote())])).status).toBe(200);

      server.clock.advance(60_000);
      expect((await server.push(token, [envelope(makeNote())])).status).toBe(200);
    });
  });

  describe('POST /api/v1/sync/push and wrong tablet clocks', () => {
    it('refuses a change dated more than a day ahead, saying how to fix it, and stores the rest', async () => {
      // The test clock reads 2026-11-21T09:00Z.
      const ahead = makeNote({ updatedAt: '2026-11-23T09:00:00.000Z' });
      const fine = makeNote({ updatedAt: '2026-11-22T08:00:00.000Z' });
      const answer = await results(await server.push(token, [envelope(ahead), envelope(fine)]));
      expect(answer).toEqual([
        {
          id: ahead.id,
          status: 'rejected',
          field: 'data.updatedAt',
          reason: expect.stringContaining("Set the tablet's date and time correctly") as string,
        },
        { id: fine.id, status: 'accepted' },
      ]);
      expect((await stored()).map((r) => r.id)).toEqual([fine.id]);
    });
  });
});
