import type { Span } from '../arabic/index.ts';
import type { IndexedArticle } from '../store/index.ts';
import type { Passage } from '../retrieval/index.ts';
import {
  candidateSentences,
  followsDirectly,
  questionTermsOf,
  scoreCandidates,
  type Candidate,
  type TermStatistics,
} from './candidates.ts';
import { candidateFeatures, featureContext, featureVector, missingTerms, type FeatureContext } from './features.ts';
import { answerHighlight } from './highlight.ts';
import { answerModel, headProbability, LIKELY_ANSWER, replyProbability, type AnswerModel } from './model.ts';
import { asksForNumberOrDate } from './question-kind.ts';
import { chooseQuotes, type QuoteLimits } from './quotes.ts';
import { numberSources } from './cited-articles.ts';
import type { Answer, Quote } from './types.ts';

export interface AnswerOptions extends QuoteLimits {
  /** Decides how likely each candidate sentence is to hold the answer, and the tiers (default: the committed model). */
  model?: AnswerModel;
  /** Quotes already shown (for "more quotes"): skipped. */
  exclude?: ReadonlyArray<{ articleId: string; start: number; end: number }>;
}

export const DEFAULT_ANSWER: AnswerOptions = { maxQuotes: 3, maxChars: 900, relativeScoreFloor: 0.4 };

/** A candidate sentence as the answer model sees it (for training and inspection). */
export interface ScoredSentence extends Span {
  articleId: string;
  /** Its features in FEATURE_NAMES order. */
  features: number[];
  /** The quote head's probability that this sentence holds the answer. */
  probability: number;
}

/**
 * Candidates the answer model is trained on and asked about: the best few by score, and the
 * sentences right before and after the best one. Past the third, the answer is mostly in a
 * sentence of the first quote's article, often the next one.
 */
export const MODELLED_CANDIDATES = 8;

interface Ranking {
  ranked: Candidate[];
  evidence: number;
  context: FeatureContext;
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
  return { ranked, evidence, context: featureContext(statistics, questionTerms, expectsNumber, candidates, passages, articleOf) };
}

/** The best few candidate sentences with the answer model's features and quote probability: the one code path training uses. */
export function scoreSentences(
  question: string,
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  statistics: TermStatistics,
  model: AnswerModel = answerModel(),
): ScoredSentence[] {
  const { ranked, context } = rankCandidates(question, passages, articleOf, statistics, undefined);
  return modelledCandidates(ranked, articleOf).map((c) => {
    const features = featureVector(candidateFeatures(c, ranked, context));
    return { articleId: c.articleId, start: c.start, end: c.end, features, probability: headProbability(model.quote, features) };
  });
}

export function composeAnswer(
  question: string,
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  statistics: TermStatistics,
  options: AnswerOptions = DEFAULT_ANSWER,
): Answer {
  const { ranked, evidence, context } = rankCandidates(question, passages, articleOf, statistics, options.exclude);
  const model = options.model ?? answerModel();
  const vectors = new Map(modelledCandidates(ranked, articleOf).map((c) => [c, featureVector(candidateFeatures(c, ranked, context))]));
  const probabilities = new Map([...vectors].map(([c, v]) => [c, headProbability(model.quote, v)]));
  // The quote head, not the hand-set score, decides which sentence is quoted first: it weighs what the score cannot (the
  // question's words beyond its subject, a number where one is asked for) and ranks the answer first more often.
  const byProbability = [...probabilities.keys()].sort((a, b) => probabilities.get(b)! - probabilities.get(a)!);
  const chosen = chooseQuotes(byProbability, (c) => probabilities.get(c)!, model.thresholds, context.questionTerms, articleOf, options);
  const first = chosen[0];
  const likeliest = byProbability[0];
  // One number: the reply head's calibrated probability that the reply's quotes hold the answer. The tier follows from it.
  // Rounded as shown, so that the tier is the one the shown number says.
  const confidence = first && likeliest ? round3(replyProbability(model.reply, vectors.get(likeliest)!, probabilities.get(likeliest)!)) : 0;
  const missing = missingTerms(likeliest, context);
  // "More quotes" continues a question already judged: the next passages are offered, never as not found.
  const continuing = (options.exclude?.length ?? 0) > 0;
  if (!first || (confidence < model.thresholds.notFound && !continuing)) {
    return {
      status: 'not_found',
      question,
      quotes: [],
      sources: [],
      passages: [...passages],
      suggestions: numberSources(unique(passages.map((p) => p.articleId)), articleOf),
      evidence,
      confidence,
      missingTerms: missing,
    };
  }
  const status = confidence >= LIKELY_ANSWER ? 'answered' : 'uncertain';
  const sources = numberSources(unique(chosen.map((q) => q.articleId)), articleOf);
  const citation = new Map(sources.map((s) => [s.articleId, s.number]));
  const quotes: Quote[] = chosen.map(({ probability: _p, candidate, ...q }, i) => ({
    ...q,
    citation: citation.get(q.articleId)!,
    highlight:
      // A mark says "this is the answer": only on the first quote of an answered reply that more likely than not holds it.
      i === 0 && status === 'answered' && first.probability >= LIKELY_ANSWER
        ? answerHighlight(question, articleOf(q.articleId).text, q, candidate.terms, (t) => candidate.fromQuestion.has(t))
        : null,
  }));
  const usedPassages = passages.filter((p) => chosen.some((q) => q.articleId === p.articleId && q.start < p.end && p.start < q.end));
  return {
    status,
    question,
    quotes,
    sources,
    passages: usedPassages,
    suggestions: [],
    evidence,
    confidence,
    missingTerms: status === 'answered' ? [] : missing,
  };
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

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
