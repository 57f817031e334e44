/**
 * Which script a text or a character is written in, for direction and language decisions: the
 * right-to-left letters (Arabic and Hebrew blocks, their presentation forms), the Latin ones, and
 * the Latin runs an Arabic line must isolate so their punctuation stays on their side.
 */

/** A right-to-left letter: Hebrew, Arabic, Syriac, Thaana, NKo and the Arabic supplements and presentation forms. */
const RIGHT_TO_LEFT_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/u;
const RIGHT_TO_LEFT_LETTERS = new RegExp(RIGHT_TO_LEFT_LETTER.source, 'gu');
const LATIN_LETTERS = /\p{Script=Latin}/gu;
const ANY_LETTER = /\p{L}/u;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/** A character of the Arabic script (letters, marks, Arabic digits and punctuation). */
/** The Arabic words (letters U+0621–U+064A, with ASCII digits) of a text, with their offsets. */
export function arabicWords(text: string): IterableIterator<RegExpExecArray> {
  return text.matchAll(/[\u0621-\u064A0-9]+/g);
}

export function isArabicScript(ch: string): boolean {
  return ARABIC_SCRIPT.test(ch);
}

export function isRightToLeftLetter(ch: string): boolean {
  return RIGHT_TO_LEFT_LETTER.test(ch);
}

export function rightToLeftLetterCount(text: string): number {
  return text.match(RIGHT_TO_LEFT_LETTERS)?.length ?? 0;
}

export function latinLetterCount(text: string): number {
  return text.match(LATIN_LETTERS)?.length ?? 0;
}

/** The first letter of `text`, of any script, or undefined. */
export function firstLetter(text: string): string | undefined {
  return ANY_LETTER.exec(text)?.[0];
}

/** True when `text` is written in a Latin-script language: more Latin letters than right-to-left ones. */
export function isLatinScript(text: string | null | undefined): boolean {
  if (!text) return false;
  return latinLetterCount(text) > rightToLeftLetterCount(text);
}

const LATIN = '\\p{Script=Latin}';
/** Inside a Latin run: Latin letters, ASCII digits and the punctuation names and addresses use. */
const LATIN_RUN_INNER = `[${LATIN}0-9.'’&/:+-]`;

/**
 * A Latin run in right-to-left text: a word or several (a command name's slash in front), with the
 * digits and punctuation inside them (MH17, U.S, google.com, Dr. Smith, Paris, France); it ends on a letter
 * or digit, so a full stop after it stays with the sentence.
 */
export const LATIN_RUN_SOURCE = `\\/?${LATIN}(?:${LATIN_RUN_INNER}*[${LATIN}0-9])?(?:[.,;:!?]? +[${LATIN}0-9](?:${LATIN_RUN_INNER}*[${LATIN}0-9])?)*`;
