import {
  PREFER_NOT_TO_SAY,
  type EQUALITY_CATEGORIES,
  type EqualityCategory,
} from '../../../shared/survey/equality';
import type { PictogramId } from '../../../shared/survey/pictograms';

/** The picture beside each equality-monitoring question. */
export const EQUALITY_CATEGORY_PICTOGRAMS: Record<EqualityCategory, PictogramId> = {
  age: 'calendar',
  ethnicity: 'world',
  disability: 'step-free',
  sex: 'person',
  'sexual-orientation': 'kind',
  religion: 'worship',
  carer: 'carer',
};

/**
 * The picture beside each choice. Easy read puts a picture by every answer; where no picture
 * can say the words (age bands, ethnic groups) the choices share one that says the idea, and
 * the words tell them apart.
 */
const CHOICE_PICTOGRAMS: {
  // Typed by the categories' own values: a new choice without a picture does not compile.
  [C in EqualityCategory]: Record<(typeof EQUALITY_CATEGORIES)[C][number], PictogramId>;
} = {
  age: {
    'under-18': 'child',
    '18-24': 'person',
    '25-34': 'person',
    '35-44': 'person',
    '45-54': 'person',
    '55-64': 'person',
    '65-74': 'older-person',
    '75-plus': 'older-person',
  },
  ethnicity: { asian: 'world', black: 'world', mixed: 'world', white: 'world', other: 'world' },
  disability: { yes: 'yes', no: 'no' },
  sex: { female: 'woman', male: 'man' },
  'sexual-orientation': {
    straight: 'couple-woman-man',
    'gay-or-lesbian': 'rainbow-flag',
    bisexual: 'bisexual-flag',
    other: 'question',
  },
  religion: {
    none: 'none',
    christian: 'latin-cross',
    buddhist: 'dharma-wheel',
    hindu: 'om',
    jewish: 'star-of-david',
    muslim: 'star-and-crescent',
    sikh: 'khanda',
    other: 'worship',
  },
  carer: { yes: 'yes', no: 'no' },
};

/** The picture for one equality choice; "prefer not to say" is the same in every category. */
export function equalityPictogram(category: EqualityCategory, value: string): PictogramId {
  if (value === PREFER_NOT_TO_SAY) return 'not-saying';
  const pictures: Partial<Record<string, PictogramId>> = CHOICE_PICTOGRAMS[category];
  return pictures[value] ?? EQUALITY_CATEGORY_PICTOGRAMS[category];
}
