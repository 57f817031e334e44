import { analyze, splitSentences, termVariants, type Span, type Term } from '../arabic/index.ts';
import type { IndexedArticle } from '../index/index.ts';
import type { Passage } from '../retrieval/index.ts';
import { numberSources } from './sources.ts';
import type { Answer, Quote } from './types.ts';

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

export const DEFAULT_ANSWER: AnswerOptions = { maxQuotes: 3, maxChars: 900, minEvidence: 0.32, relativeScoreFloor: 0.4 };

/** What the corpus says about a term: how informative it is, and whether it occurs at all. */
export interface TermStatistics {
  idf(term: string): number;
  has(term: string): boolean;
  /** The idf of a term that occurs once: the weight of a question word the corpus never uses. */
  readonly maxIdf: number;
}

interface QuestionTerm {
  term: string;
  /** The term and, for a word the corpus never uses, the forms it does use. */
  forms: string[];
  weight: number;
}

interface Candidate extends Span {
  articleId: string;
  passageRank: number;
  passageScore: number;
  terms: Term[];
  /** Per question term: match strength in this sentence (0 when absent). */
  strengths: number[];
  positions: number[];
  evidence: number;
  score: number;
}

const PARTIAL_MATCH = 0.7;
const CLOSENESS_WEIGHT = 0.05;
const PASSAGE_WEIGHT = 0.5;
const EXPECTED_TYPE_BONUS = 0.1;
/** A sentence that opens with the question's words is usually about its subject ("X هو ..."). */
const SUBJECT_FIRST_BONUS = 0.1;
/** Evidence kept by a sentence without a number or date when the question asks "when" or "how many". */
const TYPE_MISMATCH = 0.4;
/** A sentence made only of the question's own words restates it rather than answering it. */
const RESTATEMENT_PENALTY = 0.2;

export function composeAnswer(
  question: string,
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  statistics: TermStatistics,
  options: AnswerOptions = DEFAULT_ANSWER,
): Answer {
  const questionTerms = questionTermsOf(question, statistics);
  const candidates = candidateSentences(passages, articleOf, questionTerms);
  scoreCandidates(candidates, questionTerms, asksForNumberOrDate(question));
  const ranked = candidates
    .filter((c) => !options.exclude?.some((e) => e.articleId === c.articleId && e.start < c.end && c.start < e.end))
    .sort((a, b) => b.score - a.score || a.passageRank - b.passageRank || a.start - b.start);
  const evidence = Math.max(0, ...candidates.map((c) => c.evidence));
  const notFound = (): Answer => ({
    status: 'not_found',
    question,
    quotes: [],
    sources: [],
    passages: [...passages],
    suggestions: numberSources(unique(passages.map((p) => p.articleId)), articleOf),
    evidence,
    confidence: 0,
  });
  if (ranked.length === 0 || evidence < options.minEvidence) return notFound();

  const chosen = chooseQuotes(ranked, questionTerms, articleOf, options);
  if (chosen.length === 0) return notFound();
  const sources = numberSources(unique(chosen.map((q) => q.articleId)), articleOf);
  const citation = new Map(sources.map((s) => [s.articleId, s.number]));
  const quotes: Quote[] = chosen.map((q) => ({ ...q, citation: citation.get(q.articleId)!, highlight: null }));
  const usedPassages = passages.filter((p) => chosen.some((q) => q.articleId === p.articleId && q.start < p.end && p.start < q.end));
  return { status: 'answered', question, quotes, sources, passages: usedPassages, suggestions: [], evidence, confidence: Math.min(1, evidence) };
}

function questionTermsOf(question: string, statistics: TermStatistics): QuestionTerm[] {
  const terms = new Map<string, QuestionTerm>();
  for (const { term } of analyze(question)) {
    if (terms.has(term)) continue;
    if (statistics.has(term)) {
      terms.set(term, { term, forms: [term], weight: statistics.idf(term) });
      continue;
    }
    const variants = termVariants(term, (t) => statistics.has(t));
    const weight = variants.length ? Math.max(...variants.map((v) => statistics.idf(v))) : statistics.maxIdf;
    terms.set(term, { term, forms: [term, ...variants], weight });
  }
  return [...terms.values()];
}

const NUMBER_QUESTION = /(^|\s)(كم|متى|متي)(\s|$)|في (اي|أي) (عام|سنه|سنة|يوم|شهر|تاريخ|قرن)|(^|\s)(ما|في) (تاريخ|عدد)/;
const HAS_NUMBER =
  /[0-9\u0660-\u0669]|يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|القرن|عشر|مئة|مائة|ألف|مليون|مليار/;

/** "How many" and "when" questions are answered by sentences holding a number or a date. */
function asksForNumberOrDate(question: string): boolean {
  return NUMBER_QUESTION.test(question.replace(/[\u064B-\u0652\u0670\u0640]/g, ''));
}

/** Match strength of a sentence term for a question term: one of its forms, or sharing a long prefix. */
function matchStrength(q: QuestionTerm, sentenceTerm: string): number {
  if (q.forms.includes(sentenceTerm)) return 1;
  for (const form of q.forms) {
    const [shorter, longer] = form.length <= sentenceTerm.length ? [form, sentenceTerm] : [sentenceTerm, form];
    if (shorter.length >= 3 && longer.startsWith(shorter) && longer.length - shorter.length <= 2) return PARTIAL_MATCH;
  }
  return 0;
}

function candidateSentences(
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  questionTerms: QuestionTerm[],
): Candidate[] {
  const byStart = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  for (const passage of passages) {
    const article = articleOf(passage.articleId);
    for (const span of splitSentences(article.text, passage.start, passage.end)) {
      const key = `${article.id}:${span.start}`;
      const existing = byStart.get(key);
      if (existing) continue;
      const terms = analyze(article.text.slice(span.start, span.end)).map((t) => ({ ...t, start: t.start + span.start, end: t.end + span.start }));
      const strengths: number[] = [];
      const positions: number[] = [];
      for (const q of questionTerms) {
        let best = 0;
        let position = -1;
        for (const t of terms) {
          const s = matchStrength(q, t.term);
          if (s > best) {
            best = s;
            position = t.position;
          }
        }
        strengths.push(best);
        positions.push(position);
      }
      const candidate: Candidate = { ...span, articleId: article.id, passageRank: passage.rank, passageScore: passage.scores.fused, terms, strengths, positions, evidence: 0, score: 0 };
      byStart.set(key, candidate);
      candidates.push(candidate);
    }
  }
  return candidates;
}

/**
 * Evidence: the share of the question's weight (idf) that a sentence covers — cut when the
 * question asks "when" or "how many" and the sentence holds no number or date. Score, for choosing among sentences: the same
 * coverage with each word's weight scaled by how rare it is among the candidate sentences (a name
 * every candidate repeats does not tell them apart), plus the passage's retrieval score, whether
 * the sentence opens with the question's words, closeness of the matched words, and whether a
 * number or date is there when the question asks for one.
 */
function scoreCandidates(candidates: Candidate[], questionTerms: QuestionTerm[], expectsNumber: boolean): void {
  const total = questionTerms.reduce((s, q) => s + q.weight, 0);
  if (total === 0 || candidates.length === 0) return;
  const n = candidates.length;
  const selectionWeights = questionTerms.map((q, i) => {
    const containing = candidates.filter((c) => c.strengths[i]! > 0).length;
    const local = containing === 0 ? 1 : Math.log(1 + n / containing) / Math.log(1 + n);
    return q.weight * (0.3 + 0.7 * local);
  });
  const selectionTotal = selectionWeights.reduce((s, w) => s + w, 0);
  for (const c of candidates) {
    const covered = questionTerms.reduce((s, q, i) => s + q.weight * c.strengths[i]!, 0);
    const hasNumber = c.terms.some((t) => HAS_NUMBER.test(t.term));
    c.evidence =
(covered / total) * (expectsNumber && !hasNumber ? TYPE_MISMATCH : 1);

    const matched = c.positions.filter((p, i) => p >= 0 && c.strengths[i]! > 0);
    if (matched.length === 0) continue;
    const spread = Math.max(...matched) - Math.min(...matched) + 1;
    const closeness = matched.length / spread;
    const selection = selectionWeights.reduce((s, w, i) => s + w * c.strengths[i]!, 0) / selectionTotal;
    const text = c.terms.map((t) => t.term);
    const restates = text.every((t) => questionTerms.some((q) => matchStrength(q, t) > 0));
    const typeBonus = expectsNumber && hasNumber ? EXPECTED_TYPE_BONUS : 0;
    const firstMatch = Math.min(...matched) - (c.terms[0]?.position ?? 0);
    c.score =
      (firstMatch <= 2 ? SUBJECT_FIRST_BONUS : 0) +
      selection + CLOSENESS_WEIGHT * closeness + PASSAGE_WEIGHT * c.passageScore + typeBonus - (restates ? RESTATEMENT_PENALTY : 0);
  }
}

function chooseQuotes(
  ranked: Candidate[],
  questionTerms: QuestionTerm[],
  articleOf: (id: string) => IndexedArticle,
  options: AnswerOptions,
): Array<Omit<Quote, 'citation' | 'highlight'>> {
  const best = ranked[0]!;
  if (best.score <= 0) return [];
  const chosen: Array<Omit<Quote, 'citation' | 'highlight'> & { termSet: Set<string> }> = [];
  let budget = options.maxChars;
  for (const c of ranked) {
    if (chosen.length >= options.maxQuotes) break;
    if (c.score <= 0 || (chosen.length > 0 && c.score < best.score * options.relativeScoreFloor)) break;
    const termSet = new Set(c.terms.map((t) => t.term));
    if (chosen.some((q) => overlap(q.termSet, termSet) > 0.8)) continue;
    const article = articleOf(c.articleId);
    const span = fitSpan(article.text, c, questionTerms, budget);
    if (!span) continue;
    const text = article.text.slice(span.start, span.end);
    chosen.push({ articleId: c.articleId, start: span.start, end: span.end, text, termSet });
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
function fitSpan(text: string, c: Candidate, questionTerms: QuestionTerm[], budget: number): Span | undefined {
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

const CLAUSE_BREAK = /[،,؛;:]\s+/g;

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

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
