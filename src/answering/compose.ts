import { analyze, splitSentences, stripDiacritics, termVariants, type Span, type Term } from '../arabic/index.ts';
import type { IndexedArticle } from '../store/index.ts';
import type { Passage } from '../retrieval/index.ts';
import { answerHighlight } from './highlight.ts';
import { answerModel, headProbability, LIKELY_ANSWER, type AnswerModel } from './model.ts';
import { isNumberOrDate } from './numbers.ts';
import { numberSources } from './cited-articles.ts';
import { treesProbability } from './trees.ts';
import type { Answer, Quote } from './types.ts';

export interface AnswerOptions {
  maxQuotes: number;
  maxChars: number;
  /** A further quote must score at least this share of the best one. */
  relativeScoreFloor: number;
  /** Decides how likely each candidate sentence is to hold the answer, and the tiers (default: the committed model). */
  model?: AnswerModel;
  /** Quotes already shown (for "more quotes"): skipped. */
  exclude?: ReadonlyArray<{ articleId: string; start: number; end: number }>;
}

export const DEFAULT_ANSWER: AnswerOptions = { maxQuotes: 3, maxChars: 900, relativeScoreFloor: 0.4 };

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
  /** Neither the term nor any of its variants occurs in the corpus. */
  unknown: boolean;
}

interface Candidate extends Span {
  articleId: string;
  passageRank: number;
  passageScore: number;
  terms: Term[];
  /** Per question term: match strength in this sentence (0 when absent). */
  strengths: number[];
  positions: number[];
  /** The sentence's terms that match one of the question's. */
  fromQuestion: ReadonlySet<Term>;
  /** Whether the sentence holds a number or a date that the question does not. */
  hasNumber: boolean;
  evidence: number;
  closeness: number;
  /** Share of the sentence's words that are not the question's. */
  newWords: number;
  score: number;
}

/** A candidate sentence as the answer model sees it (for training and inspection). */
export interface ScoredSentence extends Span {
  articleId: string;
  features: number[];
  /** The model's probability that this sentence holds the answer. */
  probability: number;
  /** The model's probability, from this sentence's features, that the corpus answers the question. */
  answerable: number;
}

/**
 * Candidates the answer model is trained on and asked about: the best few by score, and the
 * sentences right before and after the best one. Past the third, the answer is mostly in a
 * sentence of the first quote's article, often the next one.
 */
export const MODELLED_CANDIDATES = 8;

// The sentence score's weights, measured on ARCD and seed (commit bef96fb): adding PASSAGE_WEIGHT lifted ARCD
// quote_hit from .787 to .798 and SUBJECT_FIRST_BONUS to .811; TYPE_MISMATCH set the refusal threshold's margin.
// PARTIAL_MATCH, CLOSENESS_WEIGHT, EXPECTED_TYPE_BONUS and RESTATEMENT_PENALTY were set by hand and not varied.
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
/** The question's words of highest weight whose presence is a feature of its own. */
const RAREST_WORDS = 2;

interface Ranking {
  questionTerms: QuestionTerm[];
  ranked: Candidate[];
  evidence: number;
  /** The model's features of a ranked candidate. */
  featuresOf: (c: Candidate) => number[];
}

function rankCandidates(
  question: string,
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  statistics: TermStatistics,
  exclude: AnswerOptions['exclude'],
): Ranking {
  const questionTerms = questionTermsOf(question, statistics);
  const expectsNumber = asksForNumberOrDate(question);
  const candidates = candidateSentences(passages, articleOf, questionTerms);
  scoreCandidates(candidates, questionTerms, expectsNumber);
  const ranked = candidates
    .filter((c) => !exclude?.some((e) => e.articleId === c.articleId && e.start < c.end && c.start < e.end))
    .sort((a, b) => b.score - a.score || a.passageRank - b.passageRank || a.start - b.start);
  const evidence = Math.max(0, ...candidates.map((c) => c.evidence));
  const context = featureContext(questionTerms, expectsNumber, candidates, passages, articleOf);
  return { questionTerms, ranked, evidence, featuresOf: (c) => candidateFeatures(c, ranked, context) };
}

/** The best few candidate sentences with the answer model's features and probability: the one code path training uses. */
export function scoreSentences(
  question: string,
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  statistics: TermStatistics,
  model: AnswerModel = answerModel(),
): ScoredSentence[] {
  const { ranked, featuresOf } = rankCandidates(question, passages, articleOf, statistics, undefined);
  return modelledCandidates(ranked, articleOf).map((c) => {
    const features = featuresOf(c);
    return {
      articleId: c.articleId,
      start: c.start,
      end: c.end,
      features,
      probability: headProbability(model.quote, features),
      answerable: treesProbability(model.answerable, features),
    };
  });
}

export function composeAnswer(
  question: string,
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  statistics: TermStatistics,
  options: AnswerOptions = DEFAULT_ANSWER,
): Answer {
  const { questionTerms, ranked, evidence, featuresOf } = rankCandidates(question, passages, articleOf, statistics, options.exclude);
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
  const model = options.model ?? answerModel();
  const probabilities = new Map(modelledCandidates(ranked, articleOf).map((c) => [c, headProbability(model.quote, featuresOf(c))]));
  // The model, not the hand-set score, decides which sentence is quoted first: it weighs what the score cannot (the
  // question's words beyond its subject, a number where one is asked for) and ranks the answer first more often.
  const byProbability = [...probabilities.keys()].sort((a, b) => probabilities.get(b)! - probabilities.get(a)!);
  const chosen = chooseQuotes(byProbability, (c) => probabilities.get(c)!, model.thresholds, questionTerms, articleOf, options);
  const first = chosen[0];
  const { thresholds } = model;
  // The tier is judged on the best-scored candidate, as the answerable head was fitted: the best
  // by probability is picked from several, so it looks likelier than it is when nothing answers.
  const judged = ranked[0];
  const answerable = first && judged ? treesProbability(model.answerable, featuresOf(judged)) : 0;
  // "More quotes" continues a question already judged: the next passages are offered, as uncertain at best.
  const continuing = (options.exclude?.length ?? 0) > 0;
  if (!first || (answerable < thresholds.uncertain && !continuing)) return notFound();
  const status = answerable >= thresholds.answered && probabilities.get(judged!)! >= thresholds.minConfidence ? 'answered' : 'uncertain';
  const sources = numberSources(unique(chosen.map((q) => q.articleId)), articleOf);
  const citation = new Map(sources.map((s) => [s.articleId, s.number]));
  const quotes: Quote[] = chosen.map(({ probability: _p, candidate, ...q }, i) => ({
    ...q,
    citation: citation.get(q.articleId)!,
    highlight:
      // A mark says "this is the answer": only on a first quote that more likely than not holds it.
      i === 0 && first.probability >= LIKELY_ANSWER
        ? answerHighlight(question, articleOf(q.articleId).text, q, candidate.terms, (t) => candidate.fromQuestion.has(t))
        : null,
  }));
  const usedPassages = passages.filter((p) => chosen.some((q) => q.articleId === p.articleId && q.start < p.end && p.start < q.end));
  return { status, question, quotes, sources, passages: usedPassages, suggestions: [], evidence, confidence: round3(first.probability) };
}

/** The best MODELLED_CANDIDATES by score, then the best one's neighbouring sentences when they rank lower. */
function modelledCandidates(ranked: readonly Candidate[], articleOf: (id: string) => IndexedArticle): Candidate[] {
  const best = ranked[0];
  if (!best) return [];
  const text = articleOf(best.articleId).text;
  const neighbours = ranked
    .slice(MODELLED_CANDIDATES)
    .filter((c) => c.articleId === best.articleId && (followsDirectly(best, c, text) || followsDirectly(c, best, text)));
  return [...ranked.slice(0, MODELLED_CANDIDATES), ...neighbours];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

interface FeatureContext {
  expectsNumber: boolean;
  /** Indices of the question's words of highest weight. */
  rarest: number[];
  /** Share of the question's weight found in an article's title. */
  titleCoverage: (articleId: string) => number;
  /** Per article: share of the question's weight found in its retrieved sentences taken together. */
  articleCoverage: ReadonlyMap<string, number>;
  /** Per article: share of the retrieved passages that come from it. */
  articleShare: ReadonlyMap<string, number>;
  /** Per article: its best passage's score minus the best passage's score of any other article. */
  articleMargin: ReadonlyMap<string, number>;
  /** The best passage's BM25 score per unit of the question's idf weight. */
  lexicalStrength: number;
  /** Share of the question's weight in words the corpus never uses (in any form): its subject is often missing. */
  unknownWords: number;
  articleOf: (id: string) => IndexedArticle;
  /** The candidate's topic-free coverage (topicFreeCoverage). */
  topicFree: (c: Candidate) => number;
}

/** Above every value in the training data (ARCD and seed, removed-article questions included). */
const MAX_LEXICAL_STRENGTH = 3;

function featureContext(
  questionTerms: QuestionTerm[],
  expectsNumber: boolean,
  candidates: readonly Candidate[],
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
): FeatureContext {
  const total = questionTerms.reduce((s, q) => s + q.weight, 0) || 1;
  const strengths = new Map<string, number[]>();
  for (const c of candidates) {
    const best = strengths.get(c.articleId) ?? questionTerms.map(() => 0);
    strengths.set(
      c.articleId,
      best.map((s, i) => Math.max(s, c.strengths[i]!)),
    );
  }
  const articleCoverage = new Map(
    [...strengths].map(([id, s]) => [id, questionTerms.reduce((sum, q, i) => sum + q.weight * s[i]!, 0) / total]),
  );
  const articleShare = new Map<string, number>();
  const bestScore = new Map<string, number>();
  for (const p of passages) {
    articleShare.set(p.articleId, (articleShare.get(p.articleId) ?? 0) + 1 / passages.length);
    bestScore.set(p.articleId, Math.max(bestScore.get(p.articleId) ?? 0, p.scores.fused));
  }
  const articleMargin = new Map(
    [...bestScore].map(([id, score]) => [id, score - Math.max(0, ...[...bestScore].filter(([other]) => other !== id).map(([, s]) => s))]),
  );
  const rarest = questionTerms
    .map((q, i) => ({ weight: q.weight, i }))
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .slice(0, RAREST_WORDS)
    .map((x) => x.i);
  const titles = new Map<string, number[]>();
  const titleStrengths = (articleId: string) => {
    let strengths = titles.get(articleId);
    if (strengths === undefined) {
      const titleTerms = analyze(articleOf(articleId).title).map((t) => t.term);
      strengths = questionTerms.map((q) => Math.max(0, ...titleTerms.map((t) => matchStrength(q, t))));
      titles.set(articleId, strengths);
    }
    return strengths;
  };
  const titleCoverage = (articleId: string) => titleStrengths(articleId).reduce((s, t, i) => s + questionTerms[i]!.weight * t, 0) / total;
  // BM25 adds up repeated query words, so a question pasted many times over would score far beyond
  // anything the model was fitted on; capped at the top of the training range.
  const lexicalStrength = Math.min(MAX_LEXICAL_STRENGTH, Math.max(0, ...passages.map((p) => p.scores.lexical)) / total);
  const unknownWords = questionTerms.reduce((s, q) => s + (q.unknown ? q.weight : 0), 0) / total;
  const topicFree = (c: Candidate) => topicFreeCoverage(c.strengths, questionTerms, titleStrengths(c.articleId));
  return {
    expectsNumber,
    rarest,
    titleCoverage,
    articleCoverage,
    articleShare,
    articleMargin,
    lexicalStrength,
    unknownWords,
    topicFree,
    articleOf,
  };
}

/**
 * Share of the question's weight outside its subject — the words the sentence's article title
 * already matches — that the sentence covers: "بماذا اتهم أردوغان" is answered in the article on
 * Erdoğan by the sentence with اتهم, not by the one that names him most fully. 0 when the title
 * covers every question word.
 */
export function topicFreeCoverage(
  strengths: readonly number[],
  questionTerms: readonly { weight: number }[],
  titleStrengths: readonly number[],
): number {
  let covered = 0;
  let total = 0;
  questionTerms.forEach((q, i) => {
    const weight = q.weight * (1 - titleStrengths[i]!);
    covered += weight * strengths[i]!;
    total += weight;
  });
  return total > 0 ? covered / total : 0;
}

/** Whether the sentence is the first of the article's body: only blanks come before it. */
function opensBody(article: IndexedArticle, sentence: Span): boolean {
  const body = article.body[0];
  if (body === undefined || sentence.start < body.start) return false;
  for (let i = body.start; i < sentence.start; i++) if (article.text[i]!.trim() !== '') return false;
  return true;
}

/** The features of FEATURE_NAMES, in that order. */
function candidateFeatures(c: Candidate, ranked: readonly Candidate[], context: FeatureContext): number[] {
  const best = ranked[0]!;
  const lead = c === best ? c.score - (ranked[1]?.score ?? 0) : c.score - best.score;
  const rarest = context.rarest.length ? context.rarest.reduce((s, i) => s + c.strengths[i]!, 0) / context.rarest.length : 0;
  return [
    c.evidence,
    rarest,
    context.articleCoverage.get(c.articleId) ?? 0,
    context.articleShare.get(c.articleId) ?? 0,
    context.articleMargin.get(c.articleId) ?? 0,
    context.lexicalStrength,
    context.expectsNumber && c.hasNumber ? 1 : 0,
    context.expectsNumber && !c.hasNumber ? 1 : 0,
    context.titleCoverage(c.articleId),
    c.passageScore,
    lead,
    c.closeness,
    c.newWords,
    context.unknownWords,
    c.articleId === best.articleId ? 1 : 0,
    c.articleId === best.articleId && followsDirectly(best, c, context.articleOf(c.articleId).text) ? 1 : 0,
    context.topicFree(c),
    Math.log(1 + c.terms.length),
    opensBody(context.articleOf(c.articleId), c) ? 1 : 0,
  ];
}

/** Whether only blanks separate `next` from the end of `sentence`. */
function followsDirectly(sentence: Span, next: Span, text: string): boolean {
  return next.start >= sentence.end && text.slice(sentence.end, next.start).trim() === '';
}

function questionTermsOf(question: string, statistics: TermStatistics): QuestionTerm[] {
  const terms = new Map<string, QuestionTerm>();
  for (const { term } of analyze(question)) {
    if (terms.has(term)) continue;
    if (statistics.has(term)) {
      terms.set(term, { term, forms: [term], weight: statistics.idf(term), unknown: false });
      continue;
    }
    const variants = termVariants(term, (t) => statistics.has(t));
    const weight = variants.length ? Math.max(...variants.map((v) => statistics.idf(v))) : statistics.maxIdf;
    terms.set(term, { term, forms: [term, ...variants], weight, unknown: variants.length === 0 });
  }
  return [...terms.values()];
}

const NUMBER_QUESTION = /(^|\s)(كم|متى|متي)(\s|$)|في (اي|أي) (عام|سنه|سنة|يوم|شهر|تاريخ|قرن)|(^|\s)(ما|في) (تاريخ|عدد)/;

/** "How many" and "when" questions are answered by sentences holding a number or a date. */
function asksForNumberOrDate(question: string): boolean {
  return NUMBER_QUESTION.test(stripDiacritics(question));
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
      const terms = analyze(article.text.slice(span.start, span.end)).map((t) => ({
        ...t,
        start: t.start + span.start,
        end: t.end + span.start,
      }));
      const strengths: number[] = [];
      const positions: number[] = [];
      const fromQuestion = new Set<Term>();
      for (const q of questionTerms) {
        let best = 0;
        let position = -1;
        for (const t of terms) {
          const s = matchStrength(q, t.term);
          if (s > 0) fromQuestion.add(t);
          if (s > best) {
            best = s;
            position = t.position;
          }
        }
        strengths.push(best);
        positions.push(position);
      }
      const candidate: Candidate = {
        ...span,
        articleId: article.id,
        passageRank: passage.rank,
        passageScore: passage.scores.fused,
        terms,
        strengths,
        positions,
        fromQuestion,
        hasNumber: terms.some((t) => !fromQuestion.has(t) && isNumberOrDate(t, article.text)),
        evidence: 0,
        closeness: 0,
        newWords: 0,
        score: 0,
      };
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
    const hasNumber = c.hasNumber;
    c.evidence = (covered / total) * (expectsNumber && !hasNumber ? TYPE_MISMATCH : 1);

    const matched = c.positions.filter((p, i) => p >= 0 && c.strengths[i]! > 0);
    if (matched.length === 0) continue;
    const spread = Math.max(...matched) - Math.min(...matched) + 1;
    const closeness = matched.length / spread;
    const selection = selectionWeights.reduce((s, w, i) => s + w * c.strengths[i]!, 0) / selectionTotal;
    c.newWords = c.terms.length ? 1 - c.fromQuestion.size / c.terms.length : 0;
    c.closeness = closeness;
    const restates = c.newWords === 0;
    const typeBonus = expectsNumber && hasNumber ? EXPECTED_TYPE_BONUS : 0;
    const firstMatch = Math.min(...matched) - (c.terms[0]?.position ?? 0);
    c.score =
      (firstMatch <= 2 ? SUBJECT_FIRST_BONUS : 0) +
      selection +
      CLOSENESS_WEIGHT * closeness +
      PASSAGE_WEIGHT * c.passageScore +
      typeBonus -
      (restates ? RESTATEMENT_PENALTY : 0);
  }
}

interface ChosenQuote extends Omit<Quote, 'citation' | 'highlight'> {
  probability: number;
  candidate: Candidate;
}

/**
 * The probability a further quote needs (a sentence that widens a quote needs only the lower
 * floor: it is read as that quote's context). Other sentences of the first quote's story (it
 * cannot mislead about which event is meant) come under the lower floor too, but only while the
 * first quote may well miss the answer: beside a likely answer they would be filler.
 */
function extraQuoteFloor(
  first: ChosenQuote,
  articleId: string,
  widensAQuote: boolean,
  floors: Pick<AnswerModel['thresholds'], 'extraQuote' | 'sameArticleQuote'>,
): number {
  const lowFloor = widensAQuote || (articleId === first.articleId && first.probability < LIKELY_ANSWER);
  return lowFloor ? floors.sameArticleQuote : floors.extraQuote;
}

/**
 * Candidates in order of probability. The first that fits is the first quote, whatever its
 * probability (the tiers judge it); a further one only when the model gives it a probability of its
 * own above the extra-quote floor (a lower one for the first quote's own article while the first
 * quote may well miss the answer).
 */
function chooseQuotes(
  ranked: Candidate[],
  probability: (c: Candidate) => number,
  floors: Pick<AnswerModel['thresholds'], 'extraQuote' | 'sameArticleQuote'>,
  questionTerms: QuestionTerm[],
  articleOf: (id: string) => IndexedArticle,
  options: AnswerOptions,
): ChosenQuote[] {
  const best = ranked[0];
  const bestScore = Math.max(0, ...ranked.map((c) => c.score));
  if (!best || bestScore <= 0) return [];
  const chosen: Array<ChosenQuote & { termSet: Set<string> }> = [];
  let budget = options.maxChars;
  for (const c of ranked) {
    if (chosen.length >= options.maxQuotes) break;
    // The score floor guards against filler from other stories; the first quote's own article is judged by the model alone.
    if (c.articleId !== best.articleId && (c.score <= 0 || c.score < bestScore * options.relativeScoreFloor)) continue;
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
