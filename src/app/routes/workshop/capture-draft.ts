import type { KeyQuestionId, Polarity, Voice } from '../../../shared/themes';
import type { SettingsPort } from '../../storage/settings';

/** What the capture screen keeps between reloads, crashes and flat batteries. */
export interface CaptureDraft {
  themeId: string;
  questionId: KeyQuestionId;
  polarity?: Polarity | undefined;
  voice?: Voice | undefined;
  group?: string | undefined;
  text: string;
}

const key = (eventId: string) => `draft:capture:${eventId}`;

export function loadCaptureDraft(settings: SettingsPort, eventId: string) {
  return settings.get<CaptureDraft>(key(eventId));
}

export function saveCaptureDraft(settings: SettingsPort, eventId: string, draft: CaptureDraft) {
  // $state proxies cannot be structured-cloned into IndexedDB: store a plain copy.
  return settings.set(key(eventId), { ...draft });
}
