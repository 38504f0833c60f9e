import type { Answer } from '../../shared/schemas/survey-response.schema';
import type {
  EqualityMonitoring,
  SurveyResponse,
} from '../../shared/schemas/survey-response.schema';
import type { LanguageCode } from '../../shared/survey/languages';
import type { AnsweredBy, Presentation } from '../../shared/survey/survey-rules';
import type { Live } from './live';

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
 */
export interface SurveyStore {
  saveResponse(input: ResponseInput): Promise<SurveyResponse>;
  /** Stored apart from the answers, with no link to them (see EqualityMonitoring). */
  saveEquality(input: EqualityInput): Promise<EqualityMonitoring>;
  /** Loads what saving needs (the schemas) now, so a tablet that goes offline can still save. */
  prepare?(): Promise<void>;
  /** Survey responses waiting to be sent. */
  liveWaiting(): Live<number>;
}
