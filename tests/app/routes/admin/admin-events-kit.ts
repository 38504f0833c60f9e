import {
  ADMIN_PAGE_LIMITS,
  adminEventInputSchema,
  type AdminEventDetail,
  type AdminEventSummary,
} from '../../../../src/shared/admin/admin-api';
import { EVENT_SCHEMA_VERSION, uuidv7 } from '../../../../src/shared';
import {
  publishedOutcomeSchema,
  type PublishedOutcome,
} from '../../../../src/shared/schemas/outcome.schema';
import { makeEvent } from '../../../fixtures/workshop.factory';
import { apiError, type FakeAdminServer } from './admin-test-kit';

/** An event as the server lists it, made on the console and not published unless told. */
export function makeSummary(overrides: Partial<AdminEventDetail> = {}): AdminEventDetail {
  return {
    event: makeEvent({ deviceId: 'server' }),
    madeOn: 'console',
    publishedAt: null,
    noteCount: 0,
    deviceCount: 0,
    notes: [],
    outcomes: [],
    ...overrides,
  };
}

/**
 * The events part of the admin API over an in-memory list: list, read, create and change
 * (checked with the contract's schema, answering 400 with the fields named, as the server
 * does), publish and unpublish.
 */
export function serveEvents(
  server: FakeAdminServer,
  events: AdminEventDetail[] = [],
  options: { pageSize?: number } = {},
) {
  const summary = ({ notes: _n, outcomes: _o, ...rest }: AdminEventDetail): AdminEventSummary =>
    rest;
  const find = (id: string) => events.find((e) => e.event.id === id);
  const invalid = (body: unknown) => {
    const parsed = adminEventInputSchema.safeParse(body);
    if (parsed.success) return { input: parsed.data };
    const details = parsed.error.issues.map((i) => ({
      field: i.path.map(String).join('.'),
      message: i.message,
    }));
    return { error: apiError(400, 'validation_failed', 'invalid', details) };
  };
  // Pages as the server does (`limit`, else its default, and `next`), with the position in
  // the list as the cursor.
  server.on('GET', '/events', ({ query }) => {
    const size = Number(query.limit ?? options.pageSize ?? ADMIN_PAGE_LIMITS.default);
    const from = query.after === undefined ? 0 : Number(query.after);
    const page = events.slice(from, from + size).map(summary);
    const next = from + size < events.length ? String(from + size) : null;
    return { body: { events: page, next } };
  });
  server.on('GET', '/events/:id', ({ params }) => {
    const found = find(params.id!);
    return found ? { body: found } : apiError(404, 'not_found', 'No such event.');
  });
  server.on('POST', '/events', ({ body }) => {
    const { input, error } = invalid(body);
    if (error) return error;
    const at = '2026-03-01T10:00:00.000Z';
    const made = makeSummary({
      event: {
        ...input,
        id: uuidv7(),
        createdAt: at,
        updatedAt: at,
        deviceId: 'server',
        schemaVersion: EVENT_SCHEMA_VERSION,
      },
    });
    events.unshift(made);
    return { status: 201, body: summary(made) };
  });
  server.on('PUT', '/events/:id', ({ params, body }) => {
    const found = find(params.id!);
    if (!found) return apiError(404, 'not_found', 'No such event.');
    const { input, error } = invalid(body);
    if (error) return error;
    found.event = { ...found.event, ...input };
    return { body: summary(found) };
  });
  for (const action of ['publish', 'unpublish'] as const) {
    server.on('POST', `/events/:id/${action}`, ({ params }) => {
      const found = find(params.id!);
      if (!found) return apiError(404, 'not_found', 'No such event.');
      found.publishedAt = action === 'publish' ? '2026-03-02T09:15:00.000Z' : null;
      return { body: summary(found) };
    });
  }
  return events;
}

/** A published "you said, we did", parsed through the schema. */
export function makeOutcome(overrides: Partial<PublishedOutcome> = {}): PublishedOutcome {
  return publishedOutcomeSchema.parse({
    id: uuidv7(),
    youSaid: 'Training should be co-delivered.',
    weDid: 'Every new starter now has a session led by a carer.',
    themeIds: [],
    evidenceIds: [],
    publishedAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  });
}
