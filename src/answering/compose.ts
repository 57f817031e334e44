import { analyze, splitSentences, type Span, type Term } from '../arabic/index.ts';
import type { IndexedArticle } from '../index/index.ts';
import type { Passage } from '../retrieval/index.ts';
import type { Answer, Quote, Source } from './types.ts';

export interface AnswerOptions {
  maxQuotes: number;
  maxChars: number;
  /** Below this evidence (the best sentence's weighted coverage of the question) the answer is not_found. */
  minEvidence: number;
  /** A further quote must score at least this share of the best one. */
  relativeScoreFloor: number;
  /** Quotes already shown (for "more quotes"): skipped. */
  exclude?: ReadonlyArray<{ articleId: string; start: number; end: number }>;
}

export const DEFAULT_ANSWER: AnswerOptions = { maxQuotes: 3, maxChars: 900, minEvidence: 0.5, relativeScoreFloor: 0.55 };

/** How informative a term is in this corpus (BM25's idf over chunks). */
export type TermWeight = (term: string) => number;

interface QuestionTerm {
  term: string;
  weight: number;
}

interface ScoredSentence extends Span {
  articleId: string;
  passageRank: number;
  coverage: number;
  score: number;
  matched: Set<string>;
  terms: Term[];
}

export function composeAnswer(
  question: string,
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  termWeight: TermWeight,
  options: AnswerOptions = DEFAULT_ANSWER,
): Answer {
  const questionTerms = weightedTerms(question, termWeight);
  const expectsNumber = asksForNumberOrDate(question);
  const sentences = candidateSentences(passages, articleOf, questionTerms, expectsNumber, options);
  const best = sentences[0];
  const evidence = best?.coverage ?? 0;
  const notFound = (): Answer => ({
    status: 'not_found',
    question,
    quotes: [],
    sources: [],
    passages: [...passages],
    suggestions: numberSources(uniqueArticles(passages.map((p) => p.articleId)), articleOf),
    evidence,
  });
  if (!best || evidence < options.minEvidence) return notFound();

  const chosen = chooseQuotes(sentences, articleOf, options);
  if (chosen.length === 0) return notFound();
  const sources = numberSources(uniqueArticles(chosen.map((q) => q.articleId)), articleOf);
  const citation = new Map(sources.map((s) => [s.articleId, s.number]));
  const quotes: Quote[] = chosen.map((q) => ({ ...q, citation: citation.get(q.articleId)! }));
  const usedPassages = passages.filter((p) => chosen.some((q) => q.articleId === p.articleId && q.start < p.end && p.start < q.end));
  return { status: 'answered', question, quotes, sources, passages: usedPassages, suggestions: [], evidence };
}

function weightedTerms(question: string, termWeight: TermWeight): QuestionTerm[] {
  const seen = new Map<string, QuestionTerm>();
  for (const t of analyze(question)) {
    if (!seen.has(t.term)) seen.set(t.term, { term: t.term, weight: termWeight(t.term) });
  }
  return [...seen.values()];
}

const NUMBER_QUESTION = /(^|\s)(كم|متى|متي)(\s|$)|في اي (عام|سنه|سنة|عامي|يوم|شهر|تاريخ)|(^|\s)(ما|في) (تاريخ|عدد)/;

/** "How many" and "when" questions are answered by sentences holding a number or a date. */
function asksForNumberOrDate(question: string): boolean {
  const normalised = analyzeSurface(question);
  return NUMBER_QUESTION.test(normalised);
}

function analyzeSurface(text: string): string {
  return text
    .replace(/[\u064B-\u0652\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي');
}

/** Match strength of a sentence term for a question term: same stem, or one stem prefixing the other. */
function matchStrength(questionTerm: string, sentenceTerm: string): number {
  if (questionTerm === sentenceTerm) return 1;
  const [shorter, longer] = questionTerm.length <= sentenceTerm.length ? [questionTerm, sentenceTerm] : [sentenceTerm, questionTerm];
  if (shorter.length >= 3 && longer.startsWith(shorter) && longer.length - shorter.length <= 2) return 0.7;
  return 0;
}

const HAS_NUMBER = /[0-9\u0660-\u0669]|(يناير|فبراير|مارس|ابريل|أبريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين)/;

function candidateSentences(
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  questionTerms: QuestionTerm[],
  expectsNumber: boolean,
  options: AnswerOptions,
): ScoredSentence[] {
  const totalWeight = questionTerms.reduce((s, t) => s + t.weight, 0);
  if (totalWeight === 0) return [];
  const seen = new Set<string>();
  const scored: ScoredSentence[] = [];
  for (const passage of passages) {
    const article = articleOf(passage.articleId);
    for (const span of splitSentences(article.text, passage.start, passage.end)) {
      const key = `${article.id}:${span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (options.exclude?.some((e) => e.articleId === article.id && e.start < span.end && span.start < e.end)) continue;
      const text = article.text.slice(span.start, span.end);
      const terms = analyze(text).map((t) => ({ ...t, start: t.start + span.start, end: t.end + span.start }));
      const matched = new Set<string>();
      let covered = 0;
      const positions: number[] = [];
      for (const q of questionTerms) {
        let strength = 0;
        let position = -1;
        for (const t of terms) {
          const s = matchStrength(q.term, t.term);
          if (s > strength) {
            strength = s;
            position = t.position;
          }
        }
        if (strength > 0) {
          matched.add(q.term);
          covered += q.weight * strength;
          positions.push(position);
        }
      }
      if (matched.size === 0) continue;
      const coverage = covered / totalWeight;
      const spread = positions.length > 1 ? Math.max(...positions) - Math.min(...positions) + 1 : 1;
      const closeness = positions.length / spread;
      const typeBonus = expectsNumber && HAS_NUMBER.test(text) ? 0.1 : 0;
      const novelty = terms.some((t) => !questionTerms.some((q) => matchStrength(q.term, t.term) > 0)) ? 0 : -0.2;
      const score = coverage + 0.15 * closeness + 0.1 / passage.rank + typeBonus + novelty;
      scored.push({ ...span, articleId: article.id, passageRank: passage.rank, coverage, score, matched, terms });
    }
  }
  return scored.sort((a, b) => b.score - a.score || a.passageRank - b.passageRank || a.start - b.start);
}

function chooseQuotes(
  sentences: ScoredSentence[],
  articleOf: (id: string) => IndexedArticle,
  options: AnswerOptions,
): Array<Omit<Quote, 'citation'>> {
  const best = sentences[0]!;
  const chosen: Array<Omit<Quote, 'citation'>> = [];
  let budget = options.maxChars;
  const seenTexts = new Set<string>();
  for (const s of sentences) {
    if (chosen.length >= options.maxQuotes) break;
    if (chosen.length > 0 && s.score < best.score * options.relativeScoreFloor) break;
    const article = articleOf(s.articleId);
    const span = fitSpan(article.text, s, s.terms, budget);
    if (!span) continue;
    const text = article.text.slice(span.start, span.end);
    const key = text.replace(/\s+/g, ' ');
    if (seenTexts.has(key)) continue;
    seenTexts.add(key);
    chosen.push({ articleId: s.articleId, start: span.start, end: span.end, text });
    budget -= text.length;
  }
  return chosen;
}

/**
 * The sentence itself when it fits the budget, otherwise its clauses (cut at commas and similar)
 * around the question's terms, as long a run as fits.
 */
function fitSpan(text: string, sentence: ScoredSentence, terms: Term[], budget: number): Span | undefined {
  if (sentence.end - sentence.start <= budget) return sentence;
  const clauses = clauseSpans(text, sentence);
  const hits = clauses.map((c) => terms.filter((t) => sentence.matched.has(t.term) && t.start >= c.start && t.end <= c.end).length);
  let bestSpan: Span | undefined;
  let bestHits = -1;
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
  return bestHits > 0 ? bestSpan : undefined;
}

const CLAUSE_BREAK = /[،,؛;:]\s+/g;

function clauseSpans(text: string, sentence: Span): Span[] {
  const clauses: Span[] = [];
  const slice = text.slice(sentence.start, sentence.end);
  let from = 0;
  for (const m of slice.matchAll(CLAUSE_BREAK)) {
    clauses.push({ start: sentence.start + from, end: sentence.start + m.index + 1 });
    from = m.index + m[0].length;
  }
  clauses.push({ start: sentence.start + from, end: sentence.end });
  return clauses.filter((c) => c.end > c.start);
}

function uniqueArticles(ids: string[]): string[] {
  return [...new Set(ids)];
}

function numberSources(ids: string[], articleOf: (id: string) => IndexedArticle): Source[] {
  return ids.map((id, i) => {
    const a = articleOf(id);
    return { number: i + 1, articleId: id, title: a.title, outlet: a.outlet };
  });
}
