/**
 * The pictograms Involve ships: a small set from OpenMoji (https://openmoji.org), licensed
 * CC BY-SA 4.0. Only these are copied into the build (see vite.config.ts) and precached, so
 * they show offline. Survey definitions name a pictogram by its id here; the survey builder
 * picks from this list.
 */
export const PICTOGRAMS = {
  'face-very-good': '1F601',
  'face-good': '1F642',
  'face-neither': '1F610',
  'face-poor': '1F641',
  'face-very-poor': '1F62B',
  'dont-know': '1F937',
  yes: '1F44D',
  no: '1F44E',
  'not-sure': '1F914',
  hospital: '1F3E5',
  listen: '1F442',
  decide: '1F91D',
  help: '1F64B',
  speech: '1F5E8',
  writing: '270F',
  food: '1F37D',
  clean: '1F9FC',
  safe: '1F6E1',
  kind: '2764',
  waiting: '23F3',
  people: '1F465',
  calendar: '1F4C5',
  question: '2753',
  thanks: '1F64F',
  star: '2B50',
  person: '1F9D1',
  carer: '1FAC2',
  staff: '1F9D1-200D-2695-FE0F',
  info: '2139',
  // Getting involved: contact, ways of taking part, support, payment.
  email: '2709',
  phone: '1F4DE',
  'text-message': '1F4AC',
  post: '1F4EE',
  home: '1F3E0',
  'sign-name': '270D',
  contact: '1F4C7',
  teaching: '1F9D1-200D-1F3EB',
  leaflet: '1F4C4',
  clipboard: '1F4CB',
  talking: '1F5E3',
  research: '1F52C',
  review: '1F50D',
  'large-print': '1F520',
  'easy-read': '1F4D6',
  interpreter: '1F310',
  'sign-language': '1F91F',
  'hearing-aid': '1F9BB',
  'step-free': '267F',
  bus: '1F68C',
  companion: '1F9D1-200D-1F91D-200D-1F9D1',
  receipt: '1F9FE',
  money: '1F4B7',
  none: '1F6AB',
  agree: '2705',
  announce: '1F4E2',
  news: '1F4F0',
  // Equality monitoring: a picture for every category and choice. Ethnic groups share one
  // picture (a world map): a face or skin colour would stand for a group, which no picture can.
  child: '1F9D2',
  'older-person': '1F9D3',
  world: '1F5FA',
  woman: '1F469',
  man: '1F468',
  'couple-woman-man': '1F46B',
  'rainbow-flag': '1F3F3-FE0F-200D-1F308',
  'bisexual-flag': 'E423',
  worship: '1F6D0',
  'latin-cross': '271D',
  'dharma-wheel': '2638',
  om: '1F549',
  'star-of-david': '2721',
  'star-and-crescent': '262A',
  khanda: '1FAAF',
  'not-saying': '1F910',
} as const;

export type PictogramId = keyof typeof PICTOGRAMS;
export const PICTOGRAM_IDS = Object.keys(PICTOGRAMS) as PictogramId[];

/** Where the app serves a pictogram from. */
export function pictogramUrl(id: PictogramId): string {
  return `/pictograms/${id}.svg`;
}

export const PICTOGRAM_CREDIT = {
  name: 'OpenMoji',
  url: 'https://openmoji.org',
  licence: 'CC BY-SA 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by-sa/4.0/',
} as const;
