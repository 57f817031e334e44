import {
  FEATURE_NAMES,
  LIKELY_ANSWER,
  treesProbability,
  type AnswerModel,
  type BoostedTrees,
  type ModelHead,
} from '../../src/answering/index.ts';
import { ANSWERABLE_BOOSTING, fitBoosted } from './boosting.ts';
import type { Row } from './collect.ts';
import { fitLogistic, predictLogistic, type LogisticFit } from './logistic.ts';
import { round, roundDown } from './round.ts';

export const FOLDS = 5;
/** Share of answerable ARCD questions the tiers may refuse (the target is 0.05; the rest is margin). */
export const MAX_FALSE_REFUSAL = 0.04;
/** Share of answerable ARCD questions left without any quote (not_found); the others between the cut-offs are uncertain. */
export const MAX_NOT_FOUND = 0.01;
/** Below the confidence floor, the first quote holds the answer at most this often: 1 in 20. */
export const WRONG_CLAIM_PRECISION = 0.05;
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

const questionOf = (row: Row) => `${row.set}\u0000${row.kind}\u0000${row.questionId}`;

/**
 * Per question (questionOf), the index of the row quoted first: the candidate of highest
 * out-of-fold quote probability, as composeAnswer orders them (the best-scored one on a tie).
 */
function firstQuotes(rows: readonly Row[], outOfFold: Training['outOfFold']): Map<string, number> {
  const firsts = new Map<string, number>();
  rows.forEach((row, i) => {
    const first = firsts.get(questionOf(row));
    if (first === undefined || outOfFold[i]!.quote > outOfFold[first]!.quote) firsts.set(questionOf(row), i);
  });
  return firsts;
}

/** Further candidates of answerable questions (all but the first quote) with their out-of-fold quote probability. */
export function extraCandidates(rows: readonly Row[], outOfFold: Training['outOfFold']): ExtraCandidate[] {
  const firsts = firstQuotes(rows, outOfFold);
  return rows.flatMap((row, i) => {
    const first = firsts.get(questionOf(row))!;
    if (i === first || row.kind !== 'answerable') return [];
    const sameArticle = row.articleId === rows[first]!.articleId;
    return [{ row, p: outOfFold[i]!.quote, sameArticle, firstIsLikely: outOfFold[first]!.quote >= LIKELY_ANSWER }];
  });
}

/** Whether a further candidate is shown under the model's floors (as chooseQuotes decides, widening aside). */
export function extraShown(x: ExtraCandidate, floors: Pick<AnswerModel['thresholds'], 'extraQuote' | 'sameArticleQuote'>): boolean {
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

export interface Training {
  model: AnswerModel;
  /** Out-of-fold probabilities of every row, in row order: quote head and answerable head. */
  outOfFold: Array<{ quote: number; answerable: number }>;
  foldOf: (row: Row) => number;
  /** Per fold, the quote head fitted on the other folds. */
  foldQuoteHeads: LogisticFit[];
}

/** Articles (groups) in sorted order dealt to folds in turn: no article in two folds. */
function foldsOf(rows: readonly Row[]): (row: Row) => number {
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const fold = new Map(groups.map((g, i) => [g, i % FOLDS]));
  return (row) => fold.get(row.group)!;
}

/** Each question's first candidate, with whether the corpus holds the answer: what the answerable head learns from. */
export function answerableExamples(rows: readonly Row[]): { x: number[][]; y: number[] } {
  const first = rows.filter((r) => r.rank === 0);
  return { x: first.map((r) => r.features), y: first.map((r) => (r.kind === 'answerable' ? 1 : 0)) };
}

/**
 * The quote head learns from every candidate whether it holds the answer; the answerable head
 * learns from each question's best-scored candidate whether the corpus holds the answer at all.
 */
function fitHeads(rows: readonly Row[]): { quote: LogisticFit; answerable: BoostedTrees } {
  const { x, y } = answerableExamples(rows);
  return {
    quote: fitLogistic(
      rows.map((r) => r.features),
      rows.map((r) => r.label),
    ),
    answerable: fitBoosted(x, y, ANSWERABLE_BOOSTING),
  };
}

export function train(rows: readonly Row[]): Training {
  const foldOf = foldsOf(rows);
  const outOfFold = rows.map(() => ({ quote: 0, answerable: 0 }));
  const foldQuoteHeads: LogisticFit[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const heads = fitHeads(rows.filter((r) => foldOf(r) !== f));
    foldQuoteHeads.push(heads.quote);
    rows.forEach((r, i) => {
      if (foldOf(r) === f)
        outOfFold[i] = { quote: predictLogistic(heads.quote, r.features), answerable: treesProbability(heads.answerable, r.features) };
    });
  }
  const thresholds = chooseThresholds(rows, outOfFold);
  const heads = fitHeads(rows);
  return {
    model: { features: [...FEATURE_NAMES], quote: toHead(heads.quote), answerable: heads.answerable, thresholds },
    outOfFold,
    foldOf,
    foldQuoteHeads,
  };
}

export interface Scored {
  row: Row;
  quote: number;
  answerable: number;
  /** The question's first quote: its row and out-of-fold quote probability (the answer's confidence). */
  firstQuote: { row: Row; quote: number };
}

/**
 * Each question's best-scored candidate, which the tiers judge, with its out-of-fold probabilities,
 * and the first quote shown (the candidate of highest quote probability).
 */
export function firstCandidates(rows: readonly Row[], outOfFold: Training['outOfFold']): Scored[] {
  const quoted = firstQuotes(rows, outOfFold);
  return rows.flatMap((row, i) => {
    if (row.rank !== 0) return [];
    const q = quoted.get(questionOf(row))!;
    return [{ row, ...outOfFold[i]!, firstQuote: { row: rows[q]!, quote: outOfFold[q]!.quote } }];
  });
}

/**
 * The highest confidence below which the first quote held the answer for at most
 * WRONG_CLAIM_PRECISION of the answerable questions (out of fold): an answer that is almost surely wrong
 * is not claimed, whatever the answerable head says (a near miss has most of the question's words
 * around the wrong fact).
 */
function confidenceFloor(answerable: readonly Scored[]): number {
  const sorted = [...answerable].sort((a, b) => a.quote - b.quote);
  let floor = 0;
  let hits = 0;
  sorted.forEach((x, i) => {
    // Questions below x.quote: the first i.
    if (i > 0 && hits / i <= WRONG_CLAIM_PRECISION) floor = x.quote;
    hits += x.row.label;
  });
  return floor;
}

function chooseThresholds(rows: readonly Row[], outOfFold: Training['outOfFold']): AnswerModel['thresholds'] {
  const first = firstCandidates(rows, outOfFold);
  const answerable = first.filter((x) => x.row.set === 'arcd' && x.row.kind === 'answerable');
  const removal = first.filter((x) => x.row.set === 'arcd' && x.row.kind === 'removal');
  const allowed = Math.floor(MAX_FALSE_REFUSAL * answerable.length);
  // Answered needs both heads above their cut-offs: of the pairs that refuse at most MAX_FALSE_REFUSAL
  // of the answerable questions, the one that refuses the most removal questions.
  // Pairs that also meet the seed set's targets (every answerable question answered, every
  // unanswerable one refused) come first.
  const seedAnswerable = first.filter((x) => x.row.set === 'seed' && x.row.kind === 'answerable');
  const seedUnanswerable = first.filter((x) => x.row.set === 'seed' && x.row.kind === 'unanswerable');
  const floor = confidenceFloor(answerable);
  const confidences = [
    floor,
    ...answerable
      .map((x) => x.quote)
      .sort((a, b) => a - b)
      .slice(0, allowed)
      .filter((c) => c > floor),
  ];
  let best = { answered: 0, minConfidence: 0, seedMet: false, refused: -1 };
  for (const minConfidence of confidences) {
    const kept = answerable
      .filter((x) => x.quote >= minConfidence)
      .map((x) => x.answerable)
      .sort((a, b) => a - b);
    const answered = kept[allowed - (answerable.length - kept.length)] ?? 0;
    const passes = (x: Scored) => x.quote >= minConfidence && x.answerable >= answered;
    const refused = removal.filter((x) => !passes(x)).length;
    const seedMet = seedAnswerable.every(passes) && !seedUnanswerable.some(passes);
    if ((seedMet && !best.seedMet) || (seedMet === best.seedMet && refused > best.refused))
      best = { answered, minConfidence, seedMet, refused };
  }
  // Not found below a lower cut-off, which leaves only MAX_NOT_FOUND of them without any quote.
  const uncertain = answerable.map((x) => x.answerable).sort((a, b) => a - b)[Math.floor(MAX_NOT_FOUND * answerable.length)]!;
  // Extra quotes: the lowest floors above which further candidates hold the answer often enough.
  const extras = extraCandidates(rows, outOfFold);
  return {
    // Rounded down: the questions at a cut-off stay on the side they were counted on.
    answered: roundDown(best.answered),
    minConfidence: roundDown(best.minConfidence),
    uncertain: round(Math.min(uncertain, best.answered)),
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
}

function toHead(fit: LogisticFit): ModelHead {
  return { mean: fit.mean.map(round), scale: fit.scale.map(round), weights: fit.weights.map(round), bias: round(fit.bias) };
}
