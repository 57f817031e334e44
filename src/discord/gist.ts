// /sources shows, per passage, the one or two sentences around the question's words instead of
// the whole passage, so five passages fit on one screen.

import { analyzeToTerms, splitSentences } from '../arabic/index.ts';
import type { Passage } from '../retrieval/index.ts';
import type { CitationNumbers, CitedArticle } from './citations.ts';

export interface Gist {
  /** [start, end) in the article's text, inside the passage. */
  start: number;
  end: number;
  text: string;
  /** Whether the passage goes on before / after the gist. */
  cutBefore: boolean;
  cutAfter: boolean;
}

/** A second sentence is added only while the gist stays this short. */
const PAIR_MAX_CHARS = 320;

/**
 * The sentence of the passage holding most of the question's words (the earlier one on a tie),
 * with its better neighbour when both together stay short.
 */
export function passageGist(passage: Pick<Passage, 'text' | 'start'>, questionTerms: ReadonlySet<string>): Gist {
  const sentences = splitSentences(passage.text, 0, passage.text.length, { maxChars: Infinity });
  if (sentences.length === 0) return gistOf(passage, 0, passage.text.length);
  const scores = sentences.map((s) => new Set(analyzeToTerms(passage.text.slice(s.start, s.end)).filter((t) => questionTerms.has(t))).size);
  let best = 0;
  for (let i = 1; i < sentences.length; i++) if (scores[i]! > scores[best]!) best = i;
  let first = best;
  let last = best;
  const neighbours = [best + 1, best - 1].filter((i) => i >= 0 && i < sentences.length).sort((a, b) => scores[b]! - scores[a]!);
  for (const n of neighbours) {
    const start = sentences[Math.min(n, best)]!.start;
    const end = sentences[Math.max(n, best)]!.end;
    if (end - start <= PAIR_MAX_CHARS) {
      first = Math.min(n, best);
      last = Math.max(n, best);
      break;
    }
  }
  return gistOf(passage, sentences[first]!.start, sentences[last]!.end);
}

function gistOf(passage: Pick<Passage, 'text' | 'start'>, start: number, end: number): Gist {
  return {
    start: passage.start + start,
    end: passage.start + end,
    text: passage.text.slice(start, end),
    cutBefore: passage.text.slice(0, start).trim() !== '',
    cutAfter: passage.text.slice(end).trim() !== '',
  };
}

function questionTerms(question: string): Set<string> {
  return new Set(analyzeToTerms(question));
}

/** One passage of /sources: its citation, its article and the sentences shown. */
export interface SourceEntry {
  number: number;
  article: CitedArticle;
  gist: Gist;
}

/**
 * The passages worth listing for a question: the `max` best, numbered as the answer numbers its
 * sources and listed by number (parts of one article together); a passage whose sentences overlap
 * ones already listed from its article is skipped.
 */
export function sourceEntries(
  question: string,
  passages: readonly Passage[],
  citations: CitationNumbers,
  articles: ReadonlyMap<string, CitedArticle>,
  max: number,
): SourceEntry[] {
  const terms = questionTerms(question);
  const entries: SourceEntry[] = [];
  for (const passage of passages) {
    if (entries.length === max) break;
    const gist = passageGist(passage, terms);
    const overlaps = entries.some((e) => e.article.articleId === passage.articleId && e.gist.start < gist.end && gist.start < e.gist.end);
    if (overlaps) continue;
    const article = articles.get(passage.articleId) ?? { articleId: passage.articleId, title: passage.title, outlet: passage.outlet };
    entries.push({ number: citations.numberFor(passage.articleId), article, gist });
  }
  return entries.sort((a, b) => a.number - b.number);
}
