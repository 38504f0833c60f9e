import type { SettingsPort } from '../storage/settings';

/** What this device keeps after enrolling. The token is shown by the server only once. */
export interface Enrolment {
  token: string;
  /** The server's id for this device (not the device id that stamps records). */
  serverDeviceId: string;
  name: string;
  organisationName: string;
  enrolledAt: string;
}

const KEY = 'enrolment';

export interface EnrolmentPort {
  get(): Promise<Enrolment | undefined>;
  set(enrolment: Enrolment): Promise<void>;
  /**
   * Changes the enrolment made with `token` in one transaction; an enrolment made since (a
   * new token) is left as it is.
   */
  amend(token: string, change: (enrolment: Enrolment) => Enrolment): Promise<void>;
  clear(): Promise<void>;
}

export function settingsEnrolment(settings: SettingsPort): EnrolmentPort {
  return {
    get: () => settings.get<Enrolment>(KEY),
    set: (enrolment) => settings.set(KEY, { ...enrolment }),
    amend: (token, change) =>
      settings.update<Enrolment | undefined>(KEY, (current) =>
        current?.token === token ? { ...change(current) } : current,
      ),
    clear: () => settings.delete(KEY),
  };
}
