// The analysis layer every later stage builds on. characters.ts holds the character classes and
// the folding; each filter below is a pure function over its input, composed by analyze.
export { isBlank, isLineBreak, isWhitespace } from './characters.ts';
export { normalize, normalizeArabic, normalizeForMatch, normalizeKey, originalRange, stripDiacritics } from './normalize.ts';
export type { NormalizedText } from './normalize.ts';
export { tokenize, visitTokens } from './tokenize.ts';
export type { Token, TokenVisitor } from './tokenize.ts';
export { STOP_WORDS, isStopWord } from './stopwords.ts';
export { stem } from './stem.ts';
export { termVariants } from './variants.ts';
export { skeleton } from './skeleton.ts';
export { splitSentences } from './sentences.ts';
export type { SentenceOptions, Span } from './sentences.ts';
export { analyze, analyzeToTerms } from './analyze.ts';
export type { Term } from './analyze.ts';
export {
  arabicWords,
  firstLetter,
  isArabicScript,
  isLatinScript,
  isRightToLeftLetter,
  LATIN_RUN_SOURCE,
  latinLetterCount,
  rightToLeftLetterCount,
} from './script.ts';
export { CLAUSE_BREAK, COMMAS, DECIMAL_SEPARATORS, PHRASE_BREAK, QUESTION_MARKS, SEMICOLONS } from './punctuation.ts';
export { escapeControls, stripControls } from './controls.ts';
