import { normalizeForMatch } from '../arabic/index.ts';

/** A question line of the evaluation sets (../shared/eval/README.md). */
export interface EvalQuestion {
  id: string;
  question: string;
  answers: string[];
  docs: string[];
  answerable: boolean;
}

export interface EvalPassage {
  doc: string;
  start: number;
  end: number;
  text: string;
}

export type EvalQuote = EvalPassage;

/** What the system did for one question. */
export interface EvalOutcome {
  question: EvalQuestion;
  /** Ranked passages, best first (at least the top 10 when available). */
  passages: EvalPassage[];
  refused: boolean;
  quotes: EvalQuote[];
  ms: number;
}

export interface EvalMetrics {
  n: number;
  recall_at_1: number | null;
  recall_at_5: number | null;
  mrr_at_10: number | null;
  quote_hit: number | null;
  verbatim: number | null;
  refusal_ok: number | null;
  false_refusal: number | null;
  mean_passage_chars: number | null;
  mean_answer_chars: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
}

export const MAX_PASSAGE_CHARS = 1500;
export const MAX_ANSWER_CHARS = 900;

/**
 * The metrics of ../shared/eval/README.md. `docText` gives a document's original text, read
 * independently of the system, to check that quotes are verbatim. A metric whose population is
 * empty (e.g. refusal_ok with no unanswerable question) is null.
 */
export function computeMetrics(outcomes: readonly EvalOutcome[], docText: (doc: string) => string | undefined): EvalMetrics {
  const answerable = outcomes.filter((o) => o.question.answerable);
  const unanswerable = outcomes.filter((o) => !o.question.answerable);
  const firstHitRank = (o: EvalOutcome): number | undefined => {
    const answers = o.question.answers.map(normalizeForMatch).filter(Boolean);
    const index = o.passages.findIndex(
      (p) =>
        o.question.docs.includes(p.doc) &&
        p.text.length <= MAX_PASSAGE_CHARS &&
        answers.some((a) => normalizeForMatch(p.text).includes(a)),
    );
    return index < 0 ? undefined : index + 1;
  };
  const ranks = answerable.map(firstHitRank);
  const quoteHit = (o: EvalOutcome): boolean => {
    if (o.refused) return false;
    const total = o.quotes.reduce((s, q) => s + q.text.length, 0);
    if (total > MAX_ANSWER_CHARS) return false;
    const answers = o.question.answers.map(normalizeForMatch).filter(Boolean);
    return o.quotes.some((q) => answers.some((a) => normalizeForMatch(q.text).includes(a)));
  };
  const allQuotes = outcomes.flatMap((o) => o.quotes);
  const allPassages = outcomes.flatMap((o) => o.passages);
  const answered = outcomes.filter((o) => !o.refused);
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    n: outcomes.length,
    recall_at_1: share(ranks, (r) => r !== undefined && r <= 1),
    recall_at_5: share(ranks, (r) => r !== undefined && r <= 5),
    mrr_at_10: mean(ranks.map((r) => (r !== undefined && r <= 10 ? 1 / r : 0))),
    quote_hit: share(answerable, quoteHit),
    verbatim: share(allQuotes, (q) => docText(q.doc)?.slice(q.start, q.end) === q.text),
    refusal_ok: share(unanswerable, (o) => o.refused),
    false_refusal: share(answerable, (o) => o.refused),
    mean_passage_chars: mean(allPassages.map((p) => p.text.length)),
    mean_answer_chars: mean(answered.map((o) => o.quotes.reduce((s, q) => s + q.text.length, 0))),
    p50_ms: percentile(times, 0.5),
    p95_ms: percentile(times, 0.95),
  };
}

function share<T>(items: readonly T[], predicate: (item: T) => boolean): number | null {
  return items.length === 0 ? null : items.filter(predicate).length / items.length;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}
