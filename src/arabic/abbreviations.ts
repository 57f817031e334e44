/**
 * Abbreviations written with dots that do not end a sentence: Latin ones (Dr. Smith, Inc.) and
 * Latin letters spelled in Arabic letters, as news writes call signs, channels and flight numbers
 * (إم.اتش 17, بي.بي.سي, سي.إن.إن). A one-letter abbreviation (د. محمد, U.S.) needs no list.
 */
import { normalizeArabic } from './normalize.ts';

export const LATIN_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'vs',
  'no',
  'fig',
  'vol',
  'pp',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'gov',
  'sen',
  'rep',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'approx',
]);

/** The names of the Latin letters A–Z in Arabic script, in the spellings news copy uses. */
const SPELLED_LATIN_LETTERS = [
  'إيه',
  'أي',
  'بي',
  'سي',
  'دي',
  'إي',
  'إف',
  'جي',
  'إتش',
  'اتش',
  'إيتش',
  'آي',
  'جيه',
  'جاي',
  'كيه',
  'كي',
  'كاي',
  'إل',
  'إم',
  'إن',
  'أو',
  'كيو',
  'آر',
  'إس',
  'تي',
  'يو',
  'في',
  'دبليو',
  'إكس',
  'واي',
  'زد',
  'زي',
];

const SPELLED_LATIN_LETTER_KEYS: ReadonlySet<string> = new Set(SPELLED_LATIN_LETTERS.map((name) => normalizeArabic(name)));

/** Whether `word` (Arabic letters, any hamza form or diacritics) is the Arabic spelling of a Latin letter: إم, اتش, بي. */
export function isSpelledLatinLetter(word: string): boolean {
  return SPELLED_LATIN_LETTER_KEYS.has(normalizeArabic(word));
}
