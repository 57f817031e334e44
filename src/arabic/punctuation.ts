/**
 * Arabic punctuation beside its Latin counterpart, as strings of characters to put in a character
 * class or test with includes(): a rule about commas or question marks holds for both scripts.
 */

/** , and the Arabic comma ، (U+060C). */
export const COMMAS = ',\u060C';
/** ; and the Arabic semicolon ؛ (U+061B). */
export const SEMICOLONS = ';\u061B';
/** ? and the Arabic question mark ؟ (U+061F). */
export const QUESTION_MARKS = '?\u061F';
/** . , and the Arabic decimal separator ٫ (U+066B), between the digits of a number. */
export const DECIMAL_SEPARATORS = '.,\u066B';

/** Punctuation that ends a phrase, in both scripts: a highlight never runs across it. */
export const PHRASE_BREAK = /[،,.:؛;()[\]«»"“”!?؟\n]/;
/** A clause boundary inside a sentence: a comma, semicolon or colon of either script and the blanks after it. */
export const CLAUSE_BREAK = /[،,؛;:]\s+/g;
