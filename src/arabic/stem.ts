/**
 * Light10 light stemmer (Larkey, Ballesteros & Connell 2007), with the length guards of
 * Lucene's ArabicStemmer. Input must already be normalised (ة → ه, ى → ي, أ → ا ...), which
 * is why the ة / ية suffixes of the paper appear here as ه / يه.
 *
 * 1. Remove a leading و if at least 3 chars remain.
 * 2. Remove the first matching article prefix (وال بال كال فال لل ال) if at least 2 chars remain.
 * 3. One pass over the suffixes ها ان ات ون ين يه ه ي in that order, removing each one that
 *    matches the end of what is left, if at least 2 chars remain.
 *
 * Words that are not all Arabic letters (digits, Latin) come back unchanged.
 */

import { isArabicLetter } from './characters.ts';

/** Article prefixes in Light10's order of preference. */
const PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'] as const;

/** Suffixes in the order Light10 tries them. */
const SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'] as const;

const WAW = 0x0648;

function isArabicWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (!isArabicLetter(word.charCodeAt(i))) return false;
  return true;
}

export function stem(normalisedToken: string): string {
  const word = normalisedToken;
  if (word.length < 3 || !isArabicWord(word)) return word;
  let start = 0;
  let end = word.length;

  if (word.charCodeAt(0) === WAW && end >= 4) start = 1;

  for (const prefix of PREFIXES) {
    if (end - start >= prefix.length + 2 && word.startsWith(prefix, start)) {
      start += prefix.length;
      break;
    }
  }

  for (const suffix of SUFFIXES) {
    if (end - start >= suffix.length + 2 && word.endsWith(suffix, end)) end -= suffix.length;
  }

  return start === 0 && end === word.length ? word : word.slice(start, end);
}
