import type { AnsweredSurvey, PublishedSurvey } from '../surveys/survey-lookup';
import type { PackedPush } from './read-push';

/** What the serving thread sends a push-reading thread, for job `id`. */
export type ToPushThread =
  /** Read this push body; `now` (ms since the epoch) is the server's time for its checks. */
  | { type: 'read'; id: number; bytes: Uint8Array; now: number }
  /** The organisation's published versions among those the thread asked for. */
  | { type: 'surveys'; id: number; published: PublishedSurvey[] }
  /** Forget the job: its survey versions could not be found. */
  | { type: 'drop'; id: number };

/** What a push-reading thread answers, for job `id`. */
export type FromPushThread =
  /** Read: the prepared push. */
  | { type: 'read'; id: number; push: PackedPush }
  /** These survey versions are needed first (answer with `surveys`). */
  | { type: 'surveys'; id: number; wanted: AnsweredSurvey[] }
  /** Not a push body: the `ApiError` (400) to answer with. */
  | { type: 'refused'; id: number; status: number; code: string; message: string; details: unknown }
  /** The thread failed unexpectedly (a bug): the error's name and stack frames, not its message. */
  | { type: 'failed'; id: number; name: string; frames: string };
