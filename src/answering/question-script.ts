// The articles are Arabic: a question written in a Latin-script language is matched with them only
// by an embedder that compares meaning. Every front end tells the asker the same thing.

import { isLatinScript } from '../arabic/index.ts';

/**
 * How a question's script meets the Arabic articles: `arabic` (or nothing to match it with: no
 * article), `foreign` (another script, matched by meaning; the quotes stay Arabic), or
 * `unmatchable` (another script, and the search compares spelling: whether the articles answer
 * it cannot be told, so it is not asked).
 */
export type QuestionScript = 'arabic' | 'foreign' | 'unmatchable';

export function questionScript(question: string, search: { searchesByMeaning: boolean; articleCount: number }): QuestionScript {
  if (search.articleCount === 0 || !isLatinScript(question)) return 'arabic';
  return search.searchesByMeaning ? 'foreign' : 'unmatchable';
}
