import type {
  AdminEventDetail,
  AdminEventSummary,
  AdminOutcome,
} from '../../../../../src/shared/admin/admin-api';
import type { WorkshopEvent } from '../../../../../src/shared/schemas/event.schema';
import type { WorkshopNote } from '../../../../../src/shared/schemas/note.schema';
import type { PublishedOutcome } from '../../../../../src/shared/schemas/outcome.schema';
import { uuidv7 } from '../../../../../src/shared/ids';

const at = '2026-11-21T10:00:00.000Z';

export function eventSummary(event: WorkshopEvent, noteCount = 0): AdminEventSummary {
  return { event, madeOn: 'console', publishedAt: null, noteCount, deviceCount: 1 };
}

export function eventDetail(
  event: WorkshopEvent,
  notes: WorkshopNote[] = [],
  outcomes: PublishedOutcome[] = [],
): AdminEventDetail {
  return { ...eventSummary(event, notes.length), notes, outcomes };
}

/** An outcome as `GET /outcomes` lists it: a draft unless `publishedAt` is given. */
export function makeOutcome(overrides: Partial<AdminOutcome> = {}): AdminOutcome {
  return {
    id: uuidv7(),
    youSaid: 'The waiting room is too noisy.',
    weDid: 'We made a quiet room next to it.',
    themeIds: [],
    evidenceIds: [],
    createdAt: at,
    updatedAt: at,
    publishedAt: null,
    ...overrides,
  };
}
