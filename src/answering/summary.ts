import { analyze, splitSentences, type Span } from '../arabic/index.ts';
import type { IndexedArticle } from '../store/index.ts';
import type { Passage } from '../retrieval/index.ts';
/** How informative a term is in this corpus (BM25's idf over chunks). */
export type TermWeight = (term: string) => number;
import { citedArticle, numberSources } from './cited-articles.ts';
import type { Quote, Source } from './types.ts';

export interface Summary {
  kind: 'article' | 'topic';
  /** The article's title, or the topic as asked. */
  heading: string;
  /** Grouped by source, in document order within each source. */
  quotes: Quote[];
  sources: Source[];
}

export interface SummaryOptions {
  sentences: number;
  /** Total characters of all quotes; the default leaves room in one Discord embed (4,096). */
  maxChars: number;
}

export const DEFAULT_SUMMARY: SummaryOptions = { sentences: 4, maxChars: 3000 };

interface Candidate extends Span {
  articleId: string;
  vector: Map<string, number>;
  /** How central (and, for topics, how on-topic) the sentence is. */
  salience: number;
}

/** Shorter "sentences" are datelines, captions and fragments, not statements worth quoting. */
const MIN_SENTENCE_CHARS = 25;
/** Longer ones would take most of a summary's budget (DEFAULT_SUMMARY.maxChars) on one sentence. */
const MAX_SENTENCE_CHARS = 700;
/**
 * MMR trade-off between salience and novelty: 0.7 is the usual setting since Carbonell & Goldstein
 * (1998), leaning on salience while still skipping a sentence that repeats one already chosen.
 */
const MMR_LAMBDA = 0.7;
// The bonuses and cut below are set by hand, not measured: ../shared/eval has no summary set to
// measure them on. They are kept small beside cosine similarities (0–1), so they only break near-ties.
/** News puts the essentials first: a mild lead bonus, 0.15 for the first sentence, halving by the second. */
const LEAD_BONUS = 0.15;
/** A topic sentence from a higher-ranked passage (rank 1: +0.05, rank 2: +0.025 …). */
const RANK_BONUS = 0.05;
/** A topic sentence this far from the topic (cosine) shares hardly a word with it. */
const MIN_TOPIC_SALIENCE = 0.05;
/** A topic summary prefers a sentence from an article not yet quoted. */
const SAME_ARTICLE_PENALTY = 0.1;

/** 3–5 sentences that together cover the article (centroid salience + MMR), in document order. */
export function summarizeArticle(article: IndexedArticle, termWeight: TermWeight, options: SummaryOptions = DEFAULT_SUMMARY): Summary {
  const spans = article.body.flatMap((b) => splitSentences(article.text, b.start, b.end));
  const candidates = spans
    .filter((s) => s.end - s.start >= MIN_SENTENCE_CHARS && s.end - s.start <= MAX_SENTENCE_CHARS)
    .map((s, i) => ({
      ...s,
      articleId: article.id,
      vector: termVector(article.text.slice(s.start, s.end), termWeight),
      salience: 0,
      order: i,
    }));
  const centroid = sumVectors(candidates.map((c) => c.vector));
  for (const c of candidates) {
    c.salience = cosine(c.vector, centroid) + LEAD_BONUS / (1 + c.order);
  }
  const picked = pickDiverse(candidates, options);
  const source: Source = { number: 1, ...citedArticle(article) };
  const quotes = picked
    .sort((a, b) => a.start - b.start)
    .map((c) => ({
      articleId: article.id,
      start: c.start,
      end: c.end,
      text: article.text.slice(c.start, c.end),
      citation: 1,
      highlight: null,
    }));
  return { kind: 'article', heading: article.title, quotes, sources: [source] };
}

/** Diverse, on-topic sentences from the passages retrieved for a topic, grouped by article. */
export function summarizeTopic(
  topic: string,
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  termWeight: TermWeight,
  options: SummaryOptions = DEFAULT_SUMMARY,
): Summary {
  const topicVector = termVector(topic, termWeight);
  const candidates: Candidate[] = [];
  for (const p of passages) {
    const article = articleOf(p.articleId);
    for (const s of splitSentences(article.text, p.start, p.end)) {
      if (s.end - s.start < MIN_SENTENCE_CHARS || s.end - s.start > MAX_SENTENCE_CHARS) continue;
      if (candidates.some((c) => c.articleId === article.id && c.start === s.start)) continue;
      const vector = termVector(article.text.slice(s.start, s.end), termWeight);
      candidates.push({ ...s, articleId: article.id, vector, salience: cosine(vector, topicVector) + RANK_BONUS / p.rank });
    }
  }
  const relevant = candidates.filter((c) => c.salience > MIN_TOPIC_SALIENCE);
  const picked = pickDiverse(relevant, options, true);
  const order = [...new Set(picked.map((c) => c.articleId))];
  const sources = numberSources(order, articleOf);
  const quotes = picked
    .sort((a, b) => order.indexOf(a.articleId) - order.indexOf(b.articleId) || a.start - b.start)
    .map((c) => ({
      articleId: c.articleId,
      start: c.start,
      end: c.end,
      text: articleOf(c.articleId).text.slice(c.start, c.end),
      citation: order.indexOf(c.articleId) + 1,
      highlight: null,
    }));
  return { kind: 'topic', heading: topic, quotes, sources };
}

function pickDiverse(candidates: Candidate[], options: SummaryOptions, spreadArticles = false): Candidate[] {
  const picked: Candidate[] = [];
  let budget = options.maxChars;
  const pool = [...candidates];
  while (picked.length < options.sentences && pool.length > 0) {
    let bestIndex = -1;
    let bestScore = -Infinity;
    pool.forEach((c, i) => {
      if (c.end - c.start > budget) return;
      const redundancy = Math.max(0, ...picked.map((p) => cosine(c.vector, p.vector)));
      const sameArticle = spreadArticles && picked.some((p) => p.articleId === c.articleId) ? SAME_ARTICLE_PENALTY : 0;
      const score = MMR_LAMBDA * c.salience - (1 - MMR_LAMBDA) * redundancy - sameArticle;
      if (score > bestScore) {
        bestScore = score;
        bestIndex = i;
      }
    });
    if (bestIndex < 0) break;
    const [chosen] = pool.splice(bestIndex, 1);
    picked.push(chosen!);
    budget -= chosen!.end - chosen!.start;
  }
  return picked;
}

function termVector(text: string, termWeight: TermWeight): Map<string, number> {
  const v = new Map<string, number>();
  for (const t of analyze(text)) v.set(t.term, (v.get(t.term) ?? 0) + 1);
  for (const [term, tf] of v) v.set(term, (1 + Math.log(tf)) * termWeight(term));
  return v;
}

function sumVectors(vectors: Map<string, number>[]): Map<string, number> {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [t, w] of v) sum.set(t, (sum.get(t) ?? 0) + w);
  return sum;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, w] of a) {
    na += w * w;
    const other = b.get(t);
    if (other !== undefined) dot += w * other;
  }
  for (const w of b.values()) nb += w * w;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
