import { countChars } from '../rules';

/**
 * The easy-read checker the survey and outcome editors run as text is typed (domain.md,
 * "Easy read"): short sentences, short everyday words, no initials, no jargon. It flags and
 * never blocks: a writer may have a good reason, and a person who knows the audience decides.
 */
export type EasyReadFlagKind = 'long-sentence' | 'long-word' | 'acronym' | 'jargon';

export interface EasyReadFlag {
  kind: EasyReadFlagKind;
  /** Where in the text, as UTF-16 offsets, so the editor can point at it. */
  start: number;
  end: number;
  /** The sentence, word, acronym or jargon found. */
  text: string;
  /** For long sentences: how many words. */
  words?: number;
}

export const EASY_READ_LIMITS = {
  /** Easy read keeps a sentence to one idea in 15 words or fewer. */
  sentenceWords: 15,
  /** Words longer than this many letters are flagged as long. */
  wordLetters: 12,
} as const;

/**
 * Service words people who use services rarely say. An organisation adds its own through the
 * console's jargon list.
 */
export const BUILT_IN_JARGON: readonly string[] = [
  'care pathway',
  'pathway',
  'stakeholder',
  'stakeholders',
  'co-production',
  'coproduction',
  'commissioning',
  'commissioner',
  'commissioners',
  'multidisciplinary',
  'MDT',
  'service user',
  'service users',
  'outcomes',
  'deliverables',
  'utilise',
  'facilitate',
  'holistic',
  'person-centred',
  'integrated care',
  'step-down',
  'triage',
  'signposting',
  'signpost',
];

/** Initials people say as words or know on sight, never flagged. */
const KNOWN_INITIALS = new Set(['OK', 'TV']);

// A word: letters and marks, with inner hyphens or apostrophes ("don't", "well-being").
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
// A sentence ends at . ! ? (and the Bengali and Urdu full stops) or a line break.
const SENTENCE = /[^.!?।۔\n]+[.!?।۔]*/gu;
const ACRONYM = /^(?:[A-Z]{2,}s?|[A-Z]+&[A-Z]+)$/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function jargonPattern(words: readonly string[]): RegExp | undefined {
  const cleaned = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 1))];
  if (cleaned.length === 0) return undefined;
  // Longest first, so "care pathway" wins over "pathway".
  cleaned.sort((a, b) => b.length - a.length);
  const alternatives = cleaned.map((w) => escapeRegExp(w).replace(/\s+/g, '\\s+')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Flags in the order they appear (ties: the wider span first). */
export function checkEasyRead(
  text: string,
  options: { jargon?: readonly string[] } = {},
): EasyReadFlag[] {
  const flags: EasyReadFlag[] = [];

  for (const sentence of text.matchAll(SENTENCE)) {
    const words = sentence[0].match(WORD)?.length ?? 0;
    if (words > EASY_READ_LIMITS.sentenceWords) {
      const leading = sentence[0].length - sentence[0].trimStart().length;
      const start = sentence.index + leading;
      const body = sentence[0].trim();
      flags.push({ kind: 'long-sentence', start, end: start + body.length, text: body, words });
    }
  }

  const jargon = jargonPattern([...BUILT_IN_JARGON, ...(options.jargon ?? [])]);
  const jargonSpans: [number, number][] = [];
  if (jargon)
    for (const m of text.matchAll(jargon)) {
      jargonSpans.push([m.index, m.index + m[0].length]);
      flags.push({ kind: 'jargon', start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  const inJargon = (start: number) => jargonSpans.some(([s, e]) => start >= s && start < e);

  // A&E is one acronym: look for it before splitting words at the ampersand.
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])[A-Z]+&[A-Z]+(?![\p{L}\p{N}])/gu))
    if (!inJargon(m.index))
      flags.push({ kind: 'acronym', start: m.index, end: m.index + m[0].length, text: m[0] });

  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const start = m.index;
    if (inJargon(start) || /\d/.test(word)) continue;
    if (text[start - 1] === '&' || text[start + word.length] === '&') continue;
    if (ACRONYM.test(word) && !KNOWN_INITIALS.has(word.replace(/s$/, ''))) {
      flags.push({ kind: 'acronym', start, end: start + word.length, text: word });
      continue;
    }
    const letters = word.replace(/['’-]/g, '');
    if (countChars(letters) > EASY_READ_LIMITS.wordLetters)
      flags.push({ kind: 'long-word', start, end: start + word.length, text: word });
  }

  return flags.sort((a, b) => a.start - b.start || b.end - a.end);
}
