/**
 * The zod-free part of src/shared: what the client may import on its first-paint and
 * capture paths. Record types come along as types only; the schemas themselves load
 * lazily (see src/app/storage/record-schemas.ts).
 */
export * from './ids';
export * from './themes';
export * from './rules';
export * from './playback';
export type { Theme, WorkshopEvent } from './schemas/event.schema';
export type { WorkshopNote } from './schemas/note.schema';
export type { RecordKind } from './schemas/record.schema';
