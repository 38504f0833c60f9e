import type { SettingsPort } from '../storage/settings';

/** When this tablet last heard back from the server, kept across reloads and restarts. */
export interface SyncTimes {
  /** When a push last got the server's answer. */
  lastSuccessAt?: string | undefined;
  /** When the tablet last took everything the server had published for it. */
  lastPullAt?: string | undefined;
}

/**
 * Where the sync engine keeps {@link SyncTimes}, so the sync panel can say when the tablet
 * last sent after the page is reloaded or the tablet restarted, not only since.
 */
export interface SyncTimesPort {
  read(): Promise<SyncTimes>;
  write(times: SyncTimes): Promise<void>;
}

const KEY = 'syncTimes';

/** The times in the device's settings, beside the enrolment they were sent with. */
export function settingsSyncTimes(settings: SettingsPort): SyncTimesPort {
  return {
    read: async () => (await settings.get<SyncTimes>(KEY)) ?? {},
    write: (times) => settings.set(KEY, { ...times }),
  };
}
