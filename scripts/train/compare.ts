/**
 * The answerable head's learners compared out of fold on the same folds: logistic regression and
 * boosted trees on the first candidate's features, and boosted trees given also a few
 * question-level features aggregated over all the question's candidates. Measured for the report
 * (the bound on removal_refusal); only the chosen one is in the model.
 */
import { FEATURE_NAMES, treesProbability } from '../../src/answering/index.ts';
import { ANSWERABLE_BOOSTING, fitBoosted } from './boosting.ts';
import type { Row } from './collect.ts';
import { fitLogistic, predictLogistic } from './logistic.ts';
import { answerableExamples, FOLDS, type Training } from './model.ts';

export interface AnswerableVariant {
  name: string;
  /** Out-of-fold answerable probability of each question's first candidate, keyed by that row. */
  probability: ReadonlyMap<Row, number>;
}

const EVIDENCE = FEATURE_NAMES.indexOf('evidence');
const RAREST_WORDS = FEATURE_NAMES.indexOf('rarest_words');

/**
 * Over all the question's candidates: the best quote probability, how many articles the first
 * three come from, the first candidate's evidence minus the best of another article's, and the
 * best match of the question's rarest words.
 */
function questionLevelFeatures(candidates: readonly Row[], quote: readonly number[]): number[] {
  const first = candidates[0]!;
  const others = candidates.filter((c) => c.articleId !== first.articleId);
  return [
    Math.max(...quote),
    new Set(candidates.slice(0, 3).map((c) => c.articleId)).size,
    first.features[EVIDENCE]! - Math.max(0, ...others.map((c) => c.features[EVIDENCE]!)),
    Math.max(...candidates.map((c) => c.features[RAREST_WORDS]!)),
  ];
}

export function answerableVariants(rows: readonly Row[], training: Training): AnswerableVariant[] {
  const { foldOf, foldQuoteHeads } = training;
  const byQuestion = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.set}\u0000${row.kind}\u0000${row.questionId}`;
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), row]);
  }
  const questions = [...byQuestion.values()].map((candidates) => candidates.sort((a, b) => a.rank - b.rank));
  const chosen = new Map(rows.flatMap((row, i) => (row.rank === 0 ? [[row, training.outOfFold[i]!.answerable] as const] : [])));
  const logistic = new Map<Row, number>();
  const withQuestion = new Map<Row, number>();
  for (let f = 0; f < FOLDS; f++) {
    const train = rows.filter((r) => foldOf(r) !== f);
    const { x, y } = answerableExamples(train);
    const fit = fitLogistic(x, y);
    const head = foldQuoteHeads[f]!;
    const widened = (candidates: readonly Row[]) => [
      ...candidates[0]!.features,
      ...questionLevelFeatures(
        candidates,
        candidates.map((c) => predictLogistic(head, c.features)),
      ),
    ];
    const trainQuestions = questions.filter((q) => foldOf(q[0]!) !== f);
    const trees = fitBoosted(
      trainQuestions.map(widened),
      trainQuestions.map((q) => (q[0]!.kind === 'answerable' ? 1 : 0)),
      ANSWERABLE_BOOSTING,
    );
    for (const q of questions.filter((c) => foldOf(c[0]!) === f)) {
      logistic.set(q[0]!, predictLogistic(fit, q[0]!.features));
      withQuestion.set(q[0]!, treesProbability(trees, widened(q)));
    }
  }
  return [
    { name: 'logistic regression', probability: logistic },
    { name: 'boosted trees (chosen)', probability: chosen },
    { name: 'boosted trees + question-level features', probability: withQuestion },
  ];
}

/** Share of removal questions refused when a single cut on `probability` refuses `falseRefusal` of the answerable ones. */
export function removalRefusedAt(
  answerable: readonly Row[],
  removal: readonly Row[],
  probability: ReadonlyMap<Row, number>,
  falseRefusal: number,
): number {
  const sorted = answerable.map((r) => probability.get(r)!).sort((a, b) => a - b);
  const cut = sorted[Math.floor(falseRefusal * sorted.length)] ?? 0;
  return removal.filter((r) => probability.get(r)! < cut).length / removal.length;
}

/** The quote head's Brier score out of fold, over every candidate and over first candidates: logistic (chosen) and boosted trees. */
export function quoteHeadBrier(rows: readonly Row[], training: Training): Array<{ name: string; all: number; first: number }> {
  const boosted = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < FOLDS; f++) {
    const train = rows.filter((r) => training.foldOf(r) !== f);
    const trees = fitBoosted(
      train.map((r) => r.features),
      train.map((r) => r.label),
      ANSWERABLE_BOOSTING,
    );
    rows.forEach((r, i) => {
      if (training.foldOf(r) === f) boosted[i] = treesProbability(trees, r.features);
    });
  }
  const brier = (p: (i: number) => number, keep: (r: Row) => boolean) => {
    const kept = rows.map((r, i) => ({ r, i })).filter(({ r }) => keep(r));
    return kept.reduce((s, { r, i }) => s + (p(i) - r.label) ** 2, 0) / kept.length;
  };
  return [
    { name: 'logistic regression (chosen)', p: (i: number) => training.outOfFold[i]!.quote },
    { name: 'boosted trees', p: (i: number) => boosted[i]! },
  ].map(({ name, p }) => ({ name, all: brier(p, () => true), first: brier(p, (r) => r.rank === 0) }));
}
