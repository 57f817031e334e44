import { CLAUSE_BREAK, type Span } from '../arabic/index.ts';
import type { IndexedArticle } from '../store/index.ts';
import { followsDirectly, matchStrength, type Candidate, type QuestionTerm } from './candidates.ts';
import { LIKELY_ANSWER, type AnswerModel } from './model.ts';
import type { Quote } from './types.ts';

export interface QuoteLimits {
  maxQuotes: number;
  maxChars: number;
  /** A further quote must score at least this share of the best one. */
  relativeScoreFloor: number;
}

export interface ChosenQuote extends Omit<Quote, 'citation' | 'highlight'> {
  /** The quote head's probability that this sentence holds the answer. */
  probability: number;
  candidate: Candidate;
}

type Floors = Pick<AnswerModel['thresholds'], 'extraQuote' | 'sameArticleQuote'>;

/**
 * The probability a further quote needs (a sentence that widens a quote needs only the lower
 * floor: it is read as that quote's context). Other sentences of the first quote's story (it
 * cannot mislead about which event is meant) come under the lower floor too, but only while the
 * first quote may well miss the answer: beside a likely answer they would be filler.
 */
function extraQuoteFloor(first: ChosenQuote, articleId: string, widensAQuote: boolean, floors: Floors): number {
  const lowFloor = widensAQuote || (articleId === first.articleId && first.probability < LIKELY_ANSWER);
  return lowFloor ? floors.sameArticleQuote : floors.extraQuote;
}

/**
 * Candidates in order of probability. The first that fits is the first quote, whatever its
 * probability (the tiers judge it); a further one only when the model gives it a probability of its
 * own above the extra-quote floor (a lower one for the first quote's own article while the first
 * quote may well miss the answer).
 */
export function chooseQuotes(
  ranked: Candidate[],
  probability: (c: Candidate) => number,
  floors: Floors,
  questionTerms: readonly QuestionTerm[],
  articleOf: (id: string) => IndexedArticle,
  limits: QuoteLimits,
): ChosenQuote[] {
  const best = ranked[0];
  const bestScore = Math.max(0, ...ranked.map((c) => c.score));
  if (!best || bestScore <= 0) return [];
  const chosen: Array<ChosenQuote & { termSet: Set<string> }> = [];
  let budget = limits.maxChars;
  for (const c of ranked) {
    if (chosen.length >= limits.maxQuotes) break;
    // The score floor guards against filler from other stories; the first quote's own article is judged by the model alone.
    if (c.articleId !== best.articleId && (c.score <= 0 || c.score < bestScore * limits.relativeScoreFloor)) continue;
    const termSet = new Set(c.terms.map((t) => t.term));
    if (chosen.some((q) => overlap(q.termSet, termSet) > 0.8)) continue;
    const article = articleOf(c.articleId);
    // A sentence right before or after a quote widens it: one passage to read, and no quote slot used.
    const neighbour = chosen.find(
      (q) =>
        q.articleId === c.articleId &&
        (followsDirectly(q, c, article.text) || followsDirectly(c, q, article.text)) &&
        article.body.some((b) => b.start <= Math.min(q.start, c.start) && Math.max(q.end, c.end) <= b.end),
    );
    const p = probability(c);
    if (chosen.length > 0 && p < extraQuoteFloor(chosen[0]!, c.articleId, neighbour !== undefined, floors)) continue;
    if (neighbour) {
      const start = Math.min(neighbour.start, c.start);
      const end = Math.max(neighbour.end, c.end);
      const added = end - start - (neighbour.end - neighbour.start);
      if (added > budget) continue;
      Object.assign(neighbour, { start, end, text: article.text.slice(start, end) });
      for (const t of termSet) neighbour.termSet.add(t);
      budget -= added;
      continue;
    }
    const span = fitSpan(article.text, c, questionTerms, budget);
    if (!span) continue;
    const text = article.text.slice(span.start, span.end);
    chosen.push({ articleId: c.articleId, start: span.start, end: span.end, text, probability: p, candidate: c, termSet });
    budget -= text.length;
  }
  return chosen.map(({ termSet: _termSet, ...quote }) => quote);
}

/** Share of the smaller set found in the other: near-duplicate sentences (a paragraph filed twice) score near 1. */
function overlap(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}

/**
 * The sentence itself when it fits the budget, otherwise its clauses (cut at commas and similar)
 * around the question's words, as long a run as fits.
 */
function fitSpan(text: string, c: Candidate, questionTerms: readonly QuestionTerm[], budget: number): Span | undefined {
  if (c.end - c.start <= budget) return c;
  const clauses = clauseSpans(text, c);
  const matching = c.terms.filter((t) => questionTerms.some((q) => matchStrength(q, t.term) > 0));
  const hits = clauses.map((cl) => matching.filter((t) => t.start >= cl.start && t.end <= cl.end).length);
  let bestSpan: Span | undefined;
  let bestHits = 0;
  for (let i = 0; i < clauses.length; i++) {
    let hitSum = 0;
    for (let j = i; j < clauses.length; j++) {
      const span = { start: clauses[i]!.start, end: clauses[j]!.end };
      if (span.end - span.start > budget) break;
      hitSum += hits[j]!;
      if (hitSum > bestHits) {
        bestHits = hitSum;
        bestSpan = span;
      }
    }
  }
  return bestSpan;
}

function clauseSpans(text: string, sentence: Span): Span[] {
  const clauses: Span[] = [];
  const slice = text.slice(sentence.start, sentence.end);
  let from = 0;
  for (const m of slice.matchAll(CLAUSE_BREAK)) {
    clauses.push({ start: sentence.start + from, end: sentence.start + m.index });
    from = m.index + m[0].length;
  }
  clauses.push({ start: sentence.start + from, end: sentence.end });
  return clauses.filter((c) => c.end > c.start);
}
