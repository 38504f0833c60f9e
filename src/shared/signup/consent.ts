import type { LanguageCode } from '../survey/languages';

/**
 * The consent wording, versioned. A sign-up keeps the version and language it agreed to,
 * so what a person was told can always be shown again. Change the words: add a version.
 * Each text says who holds the data, why, for how long, and how to withdraw.
 */
export interface ConsentText {
  /** Required: keep my details and contact me about involvement. */
  contact: { standard: string; easyRead: string };
  /** Optional: news and membership. */
  news: { standard: string; easyRead: string };
  /** Who holds the data, why, how long, how to withdraw. */
  notice: { standard: string; easyRead: string };
  needsReview?: boolean;
}

export const CONSENT_VERSION = '2026-11-v1';

export const CONSENT_TEXTS: Record<
  string,
  Partial<Record<LanguageCode, ConsentText>> & { en: ConsentText }
> = {
  [CONSENT_VERSION]: {
    en: {
      contact: {
        standard:
          'Keep my details and contact me about ways to get involved. (You must agree to this to sign up.)',
        easyRead: 'Yes, keep my details. You can contact me about getting involved.',
      },
      news: {
        standard: 'Also send me news about the service and about becoming a member. (Optional.)',
        easyRead: 'Yes, send me news too. You do not have to say yes.',
      },
      notice: {
        standard:
          'The involvement team of the organisation running this service holds your details. We use them only to invite you to take part and to tell you what changed because of what people said. We keep them until you ask us to stop, and check every two years that you still want to hear from us. To withdraw, tell any member of staff, or contact the involvement team; we will delete your details.',
        easyRead:
          'The involvement team keeps your details safe. We only use them to ask you to take part. We also tell you what we changed. We keep them until you say stop. To stop, tell a member of staff. We will delete your details.',
      },
    },
  },
};
