import type * as z from 'zod/mini';
import { eventSchema } from '../schemas/event.schema';
import { workshopNoteSchema } from '../schemas/note.schema';
import type { RecordKind } from '../schemas/record.schema';

/**
 * Every record kind and the schema versions the server accepts for it: the current one
 * and the one before (design.md, "Sync"). When a kind moves to v2, add v2 here, keep v1
 * with an upgrade to v2, and drop v0.
 */
export const RECORD_REGISTRY = {
  event: { current: 1, schemas: { 1: eventSchema } },
  'workshop-note': { current: 1, schemas: { 1: workshopNoteSchema } },
} as const satisfies Record<
  RecordKind,
  { current: number; schemas: Record<number, z.ZodMiniType> }
>;

export function schemaFor(kind: string, version: number): z.ZodMiniType | undefined {
  if (!Object.hasOwn(RECORD_REGISTRY, kind)) return undefined;
  const entry = RECORD_REGISTRY[kind as RecordKind];
  return Object.hasOwn(entry.schemas, version)
    ? (entry.schemas as Record<number, z.ZodMiniType>)[version]
    : undefined;
}

/** The event a record belongs to, for grouping on the server and in the sync panel. */
export function eventIdOf(kind: RecordKind, data: { id: string; eventId?: string }): string {
  return kind === 'event' ? data.id : (data.eventId ?? '');
}
