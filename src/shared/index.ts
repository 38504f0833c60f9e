export * from './ids';
export * from './themes';
export * from './rules';
export * from './playback';
export * from './schemas/record.schema';
export * from './schemas/event.schema';
export * from './schemas/note.schema';
