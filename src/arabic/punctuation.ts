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
