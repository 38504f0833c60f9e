import type { WorkshopEvent } from '../../shared/domain';
import type { PublishedOutcome } from '../../shared/schemas/outcome.schema';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';

/** The kinds of change a device takes from the pull feed; any other kind is skipped. */
export const PULL_KINDS = ['event', 'survey', 'outcome'] as const;
export type PullKind = (typeof PULL_KINDS)[number];

/** One change from the pull feed, checked with the shared schema for its kind. */
export type PulledRecord =
  | {
      kind: 'event';
      seq: number;
      event: WorkshopEvent;
      /**
       * Set when an admin unpublished the event: drop it if it only came from the feed;
       * keep one made or used on this tablet, marked withdrawn on this tablet only.
       */
      withdrawnAt?: string | undefined;
    }
  | { kind: 'survey'; seq: number; survey: SurveyDefinition }
  | { kind: 'outcome'; seq: number; outcome: PublishedOutcome };

/**
 * A change the device could not use: it is skipped and shown on the sync panel. The same
 * version of Involve does not try it again; another version reads the feed again from the
 * start, so it is tried then (and the problem cleared if it is now used).
 */
export interface PullProblem {
  seq: number;
  kind: string;
  id: string;
  /** The path of the field at fault, when the schema named one. */
  field?: string | undefined;
  reason: string;
}

/** One page of the feed, sorted into what to apply and what to report. */
export interface PulledPage {
  records: PulledRecord[];
  problems: PullProblem[];
  /** Changes of kinds this version of Involve does not know, counted per kind. */
  skippedKinds: Record<string, number>;
  /** Where the next pull starts; stored only with the page's changes. */
  cursor: string;
}

/** What pulling has left to say: skipped kinds and changes that could not be used. */
export interface PullReport {
  skippedKinds: Record<string, number>;
  /** Newest last; the oldest drop off once there are many. */
  problems: PullProblem[];
}

/**
 * The device side of pull, as the sync engine needs it. `apply` must store a page's changes
 * and its cursor in one transaction, so the cursor never moves past a change that is not on
 * the tablet; a failure leaves both as they were and the same page is asked for again.
 */
export interface InboxPort {
  /** The cursor of the last page applied, or undefined before the first pull. */
  cursor(): Promise<string | undefined>;
  apply(page: PulledPage): Promise<void>;
}
