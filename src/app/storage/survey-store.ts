import type { Answer } from '../../shared/schemas/survey-response.schema';
import type {
  EqualityMonitoring,
  SurveyResponse,
} from '../../shared/schemas/survey-response.schema';
import type { PublishedOutcome } from '../../shared/schemas/outcome.schema';
import type { SurveyDefinition } from '../../shared/schemas/survey.schema';
import type { LanguageCode } from '../../shared/survey/languages';
import type { AnsweredBy, Presentation } from '../../shared/survey/survey-rules';
import type { Live } from './live';
import type { AvailableSurvey } from './survey-catalogue';

export type { AvailableSurvey } from './survey-catalogue';

/** What the runner hands over when a person submits or leaves. */
export interface ResponseInput {
  /** Made when the person starts, so saving the same response twice stores it once. */
  id?: string | undefined;
  surveyId: string;
  surveyVersion: number;
  language: LanguageCode;
  presentation: Presentation;
  location?: string | undefined;
  eventId?: string | undefined;
  kiosk: boolean;
  answeredBy?: AnsweredBy | undefined;
  status: 'complete' | 'partial';
  answers: Answer[];
}

export interface EqualityInput {
  surveyId?: string | undefined;
  eventId?: string | undefined;
  location?: string | undefined;
  answers: EqualityMonitoring['answers'];
}

/**
 * Survey answers on the device. A response is written once, straight into the outbox, and
 * is gone from the tablet when the server has it: nothing on any screen lists earlier
 * answers. Writes validate with the shared schemas and settle after commit.
 *
 * Also what the organisation published for respondents (pulled from the server): survey
 * definitions, read from the tablet so they run offline, and "you said, we did" outcomes.
 */
export interface SurveyStore {
  saveResponse(input: ResponseInput): Promise<SurveyResponse>;
  /** Stored apart from the answers, with no link to them (see EqualityMonitoring). */
  saveEquality(input: EqualityInput): Promise<EqualityMonitoring>;
  /** Loads what saving needs (the schemas) now, so a tablet that goes offline can still save. */
  prepare?(): Promise<void>;
  /** Survey responses waiting to be sent. */
  liveWaiting(): Live<number>;
  /** Equality records held back until several can be sent together. */
  liveHeldEquality?(): Live<number>;

  /**
   * The surveys to offer, newest version of each: built-in ones (replaced by a published
   * survey of the same id) and then the organisation's published ones.
   */
  liveSurveys(): Live<AvailableSurvey[]>;
  /** The newest version of one survey as `liveSurveys` offers it; undefined if none. */
  liveSurvey(surveyId: string): Live<AvailableSurvey | undefined>;
  /**
   * A survey to run: that version (published, else built-in), or without a version the
   * newest on offer. Undefined when the tablet does not have it.
   */
  findSurvey(surveyId: string, version?: number): Promise<SurveyDefinition | undefined>;
  /** The newest `limit` published outcomes, newest first (for the kiosk's welcome). */
  liveLatestOutcomes(limit: number): Live<PublishedOutcome[]>;
}
