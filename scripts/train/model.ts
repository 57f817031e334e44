import {
  FEATURE_NAMES,
  LIKELY_ANSWER,
  treesMargin,
  type AnswerModel,
  type BoostedTrees,
  type ModelHead,
} from '../../src/answering/index.ts';
import { REPLY_BOOSTING, fitBoosted } from './boosting.ts';
import type { Row } from './collect.ts';
import { fitLogistic, predictLogistic, type LogisticFit } from './logistic.ts';
import { round } from './round.ts';

export const FOLDS = 5;
/** Share of answerable ARCD questions left without any quote (not_found); the others below LIKELY_ANSWER are uncertain. */
export const MAX_NOT_FOUND = 0.02;
/** A second or third quote from another article must hold the answer at least this often, among those shown… */
export const EXTRA_QUOTE_PRECISION = 0.3;
/**
 * …and one from the first quote's article this often, while the first quote is not likely to hold
 * the answer (below LIKELY_ANSWER): the same story cannot mislead about which event is meant, so a
 * lower bar buys back answers that sit in the next sentence or paragraph.
 */
export const SAME_ARTICLE_QUOTE_PRECISION = 0.12;

export interface ExtraCandidate {
  row: Row;
  /** Its out-of-fold quote probability. */
  p: number;
  /** Whether it comes from the first quote's article. */
  sameArticle: boolean;
  /** Whether its question's first quote more likely than not holds the answer (out of fold). */
  firstIsLikely: boolean;
}

export const questionOf = (row: Row) => `${row.set}\u0000${row.kind}\u0000${row.questionId}`;

/**
 * Per question (questionOf), the index of the row quoted first: the candidate of highest
 * out-of-fold quote probability, as composeAnswer orders them (the best-scored one on a tie).
 */
function firstQuotes(rows: readonly Row[], quote: readonly number[]): Map<string, number> {
  const firsts = new Map<string, number>();
  rows.forEach((row, i) => {
    const first = firsts.get(questionOf(row));
    if (first === undefined || quote[i]! > quote[first]!) firsts.set(questionOf(row), i);
  });
  return firsts;
}

/** Further candidates of answerable questions (all but the first quote) with their out-of-fold quote probability. */
export function extraCandidates(rows: readonly Row[], quote: readonly number[]): ExtraCandidate[] {
  const firsts = firstQuotes(rows, quote);
  return rows.flatMap((row, i) => {
    const first = firsts.get(questionOf(row))!;
    if (i === first || row.kind !== 'answerable') return [];
    const sameArticle = row.articleId === rows[first]!.articleId;
    return [{ row, p: quote[i]!, sameArticle, firstIsLikely: quote[first]! >= LIKELY_ANSWER }];
  });
}

type Floors = Pick<AnswerModel['thresholds'], 'extraQuote' | 'sameArticleQuote'>;

/** Whether a further candidate is shown under the model's floors (as chooseQuotes decides, widening aside). */
export function extraShown(x: ExtraCandidate, floors: Floors): boolean {
  return x.p >= (x.sameArticle && !x.firstIsLikely ? floors.sameArticleQuote : floors.extraQuote);
}

/** The lowest floor above which candidates hold the answer at least `precision` of the time. */
function lowestFloor(candidates: readonly ExtraCandidate[], precision: number): number {
  const floors = [...new Set(candidates.map((x) => round(x.p)))].sort((a, b) => a - b);
  return (
    floors.find((floor) => {
      const shown = candidates.filter((x) => x.p >= floor);
      return shown.filter((x) => x.row.label === 1).length / shown.length >= precision;
    }) ?? 1
  );
}

/** One question as the reply head sees it: its first quote's features and quote probability, and whether the reply holds the answer. */
export interface ReplyExample {
  /** The first quote's row. */
  row: Row;
  x: number[];
  /** The reply (first quote, and the further quotes the floors let through) holds the answer. */
  y: 0 | 1;
}

/**
 * Per question, the reply as composeAnswer would give it (the likeliest candidate first, then up to
 * two more that reach their floors; the character budget and near-duplicates aside) and whether it
 * holds the answer.
 */
export function replyExamples(rows: readonly Row[], quote: readonly number[], floors: Floors): ReplyExample[] {
  const byQuestion = new Map<string, number[]>();
  rows.forEach((row, i) => byQuestion.set(questionOf(row), [...(byQuestion.get(questionOf(row)) ?? []), i]));
  const examples: ReplyExample[] = [];
  for (const indices of byQuestion.values()) {
    const ordered = [...indices].sort((a, b) => quote[b]! - quote[a]! || a - b);
    const first = ordered[0]!;
    const firstRow = rows[first]!;
    const likely = quote[first]! >= LIKELY_ANSWER;
    const shown = [
      first,
      ...ordered
        .slice(1)
        .filter((i) => quote[i]! >= (rows[i]!.articleId === firstRow.articleId && !likely ? floors.sameArticleQuote : floors.extraQuote))
        .slice(0, 2),
    ];
    const y = firstRow.kind === 'answerable' && shown.some((i) => rows[i]!.label === 1) ? 1 : 0;
    examples.push({ row: firstRow, x: [...firstRow.features, round(quote[first]!)], y });
  }
  return examples;
}

export interface Training {
  model: AnswerModel;
  /** Out-of-fold quote probability of every row, in row order. */
  quote: number[];
  /** Every question's reply example with its out-of-fold confidence (calibrated reply probability). */
  replies: Array<ReplyExample & { confidence: number }>;
  foldOf: (row: Row) => number;
}

/** Articles (groups) in sorted order dealt to folds in turn: no article in two folds. */
function foldsOf(rows: readonly Row[]): (row: Row) => number {
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const fold = new Map(groups.map((g, i) => [g, i % FOLDS]));
  return (row) => fold.get(row.group)!;
}

function fitQuote(rows: readonly Row[]): LogisticFit {
  return fitLogistic(
    rows.map((r) => r.features),
    rows.map((r) => r.label),
  );
}

function fitReply(examples: readonly ReplyExample[]): BoostedTrees {
  return fitBoosted(
    examples.map((e) => e.x),
    examples.map((e) => e.y),
    REPLY_BOOSTING,
  );
}

/** Platt scaling: the slope and intercept that make σ(slope × margin + intercept) calibrated on (margin, label) pairs. */
function plattScaling(margins: readonly number[], labels: readonly number[]): { slope: number; intercept: number } {
  const fit = fitLogistic(
    margins.map((m) => [m]),
    labels,
  );
  const slope = fit.weights[0]! / fit.scale[0]!;
  return { slope: round(slope), intercept: round(fit.bias - slope * fit.mean[0]!) };
}

export function train(rows: readonly Row[]): Training {
  const foldOf = foldsOf(rows);
  // 1. The quote head, out of fold: it orders the candidates.
  const quote = rows.map(() => 0);
  for (let f = 0; f < FOLDS; f++) {
    const head = fitQuote(rows.filter((r) => foldOf(r) !== f));
    rows.forEach((r, i) => {
      if (foldOf(r) === f) quote[i] = predictLogistic(head, r.features);
    });
  }
  // 2. The floors of further quotes, from those out-of-fold probabilities.
  const extras = extraCandidates(rows, quote);
  const floors: Floors = {
    extraQuote: round(
      lowestFloor(
        extras.filter((x) => !x.sameArticle),
        EXTRA_QUOTE_PRECISION,
      ),
    ),
    sameArticleQuote: round(
      lowestFloor(
        extras.filter((x) => x.sameArticle && !x.firstIsLikely),
        SAME_ARTICLE_QUOTE_PRECISION,
      ),
    ),
  };
  // 3. The reply head, out of fold, then its margins calibrated.
  const examples = replyExamples(rows, quote, floors);
  const margins = examples.map(() => 0);
  for (let f = 0; f < FOLDS; f++) {
    const trees = fitReply(examples.filter((e) => foldOf(e.row) !== f));
    examples.forEach((e, i) => {
      if (foldOf(e.row) === f) margins[i] = treesMargin(trees, e.x);
    });
  }
  const calibration = plattScaling(
    margins,
    examples.map((e) => e.y),
  );
  const replies = examples.map((e, i) => ({
    ...e,
    confidence: 1 / (1 + Math.exp(-(calibration.slope * margins[i]! + calibration.intercept))),
  }));
  // 4. Not found below the cut that leaves at most MAX_NOT_FOUND of the answerable ARCD questions without a quote.
  const answerable = replies
    .filter((r) => r.row.set === 'arcd' && r.row.kind === 'answerable')
    .map((r) => r.confidence)
    .sort((a, b) => a - b);
  const notFound = round(Math.min(answerable[Math.floor(MAX_NOT_FOUND * answerable.length)] ?? 0, LIKELY_ANSWER) - 0.0001);
  const model: AnswerModel = {
    features: [...FEATURE_NAMES],
    quote: toHead(fitQuote(rows)),
    reply: { trees: fitReply(examples), calibration },
    thresholds: { notFound: Math.max(0, notFound), ...floors },
  };
  return { model, quote, replies, foldOf };
}

function toHead(fit: LogisticFit): ModelHead {
  return { mean: fit.mean.map(round), scale: fit.scale.map(round), weights: fit.weights.map(round), bias: round(fit.bias) };
}
