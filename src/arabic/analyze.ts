import { stem } from './stem.ts';
import { isStopWord } from './stopwords.ts';
import { visitTokens } from './tokenize.ts';

export interface Term {
  /** Stemmed normalised token. */
  term: string;
  /** [start, end): offsets of the token in the original input. */
  start: number;
  end: number;
  /** Index of the token in tokenize(input), stop words included, so proximity can be measured. */
  position: number;
}

/**
 * Stems of recently seen tokens. Besides skipping the stemmer (Zipf: most tokens repeat), it
 * makes equal terms share one string instance, which matters when an index holds millions.
 */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 100_000;

function cachedStem(token: string): string {
  let term = stemCache.get(token);
  if (term === undefined) {
    term = stem(token);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(token, term);
  }
  return term;
}

/** tokenize → drop stop words → stem → drop empty. */
export function analyze(input: string): Term[] {
  const terms: Term[] = [];
  let position = 0;
  visitTokens(input, (text, start, end) => {
    const index = position++;
    if (isStopWord(text)) return;
    const term = cachedStem(text);
    if (term.length > 0) terms.push({ term, start, end, position: index });
  });
  return terms;
}

/** The terms of analyze(input), without offsets. */
export function analyzeToTerms(input: string): string[] {
  const terms: string[] = [];
  visitTokens(input, (text) => {
    if (isStopWord(text)) return;
    const term = cachedStem(text);
    if (term.length > 0) terms.push(term);
  });
  return terms;
}
