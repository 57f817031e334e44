import { normalizeArabic, stem, type Term } from '../arabic/index.ts';

/**
 * Words that state a quantity or a date. (آب, August in the Levant, is left out: its analysed
 * form is that of أب "father".)
 */
const NUMBER_AND_DATE_WORDS = [
  'يناير',
  'فبراير',
  'مارس',
  'أبريل',
  'مايو',
  'يونيو',
  'يوليو',
  'أغسطس',
  'سبتمبر',
  'أكتوبر',
  'نوفمبر',
  'ديسمبر',
  'كانون',
  'شباط',
  'آذار',
  'نيسان',
  'أيار',
  'حزيران',
  'تموز',
  'أيلول',
  'تشرين',
  'القرن',
  'عشر',
  'عشرات',
  'مئة',
  'مائة',
  'مئات',
  'ألف',
  'آلاف',
  'مليون',
  'ملايين',
  'مليار',
  'مليارات',
  'ثلاث',
  'أربع',
  'خمس',
  'ست',
  'سبع',
  'ثماني',
  'تسع',
];

interface NumberWord {
  /** The word as analysed (stemmed). */
  term: string;
  /** The normalised word without its article, which every spelling of it in a text contains. */
  core: string;
}

/**
 * The words in analysed form. Light10 cuts several of them to stems shared with unrelated words
 * (مليون → مل, كانون → كان "was", مائة → ما), so a text's word counts only when its stem is the
 * word's stem and its normalised spelling contains the word.
 */
const NUMBER_WORDS: ReadonlyMap<string, readonly NumberWord[]> = (() => {
  const byTerm = new Map<string, NumberWord[]>();
  for (const word of NUMBER_AND_DATE_WORDS) {
    const normal = normalizeArabic(word);
    const entry = { term: stem(normal), core: normal.startsWith('ال') && normal.length > 4 ? normal.slice(2) : normal };
    byTerm.set(entry.term, [...(byTerm.get(entry.term) ?? []), entry]);
  }
  return byTerm;
})();

/** Terms are normalised: Arabic-Indic and Persian digits are ASCII by now. */
const DIGIT = /[0-9]/;

/** Whether the word `text.slice(term.start, term.end)`, analysed as `term.term`, is a number or a number/date word. */
export function isNumberOrDate(term: Term, text: string): boolean {
  if (DIGIT.test(term.term)) return true;
  const words = NUMBER_WORDS.get(term.term);
  if (!words) return false;
  const spelled = normalizeArabic(text.slice(term.start, term.end));
  return words.some((w) => spelled.includes(w.core));
}
