import { normalize, normalizeForMatch } from '../arabic/index.ts';

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

export interface EvalQuote extends EvalPassage {
  /** The marked words, [start, end) in the doc; null or absent when none. */
  highlight?: { start: number; end: number } | null;
}

export type AnswerStatus = 'answered' | 'uncertain' | 'not_found';

/** What the system did for one question. */
export interface EvalOutcome {
  question: EvalQuestion;
  /** Ranked passages, best first (at least the top 10 when available). */
  passages: EvalPassage[];
  /** Anything but `answered` is a refusal: uncertain makes no claim. */
  status: AnswerStatus;
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
  /** Over answerable questions: answered, and the first quote holds an answer. */
  first_quote_hit: number | null;
  /** Over answered answerable questions whose first quote marks words: the mark overlaps an answer in it. */
  highlight_hit: number | null;
  /** Over answered answerable questions: the share whose first quote marks words (so highlight_hit cannot be won by marking little). */
  highlight_rate: number | null;
  /** Over answerable questions: the share answered `uncertain`. */
  uncertain_rate: number | null;
  /** Over answerable questions: the share given as `answered`. */
  answered_rate: number | null;
  /** Over answerable questions given as `answered`: the share whose quotes hold an answer. */
  answered_precision: number | null;
  /** Over answerable questions: the share answered `not_found` (nothing quoted). */
  not_found_rate: number | null;
}

/** Questions asked of the corpus without their article (`--remove-gold`): none should be answered. */
export interface RemovalMetrics {
  removal_refusal: number | null;
  removal_n: number;
}

export const MAX_PASSAGE_CHARS = 1500;
export const MAX_ANSWER_CHARS = 900;

/**
 * The metrics of ../shared/eval/README.md. `docText` gives a document's original text, read
 * independently of the system, to check that quotes are verbatim. A metric whose population is
 * empty (e.g. refusal_ok with no unanswerable question) is null.
 */
export function computeMetrics(outcomes: readonly EvalOutcome[], docText: (doc: string) => string | undefined): EvalMetrics {
  const refused = (o: EvalOutcome) => o.status !== 'answered';
  const answerable = outcomes.filter((o) => o.question.answerable);
  const unanswerable = outcomes.filter((o) => !o.question.answerable);
  const firstHitRank = (o: EvalOutcome): number | undefined => {
    const answers = o.question.answers.map(normalizeForMatch).filter(Boolean);
    const index = o.passages.findIndex(
      (p) =>
        o.question.docs.includes(p.doc) && p.text.length <= MAX_PASSAGE_CHARS && answers.some((a) => normalizeForMatch(p.text).includes(a)),
    );
    return index < 0 ? undefined : index + 1;
  };
  const ranks = answerable.map(firstHitRank);
  // Any reply that quotes (answered or uncertain): what a reader sees.
  const quoteHit = (o: EvalOutcome): boolean => {
    if (o.quotes.length === 0) return false;
    const total = o.quotes.reduce((s, q) => s + q.text.length, 0);
    if (total > MAX_ANSWER_CHARS) return false;
    const answers = o.question.answers.map(normalizeForMatch).filter(Boolean);
    return o.quotes.some((q) => answers.some((a) => normalizeForMatch(q.text).includes(a)));
  };
  const allQuotes = outcomes.flatMap((o) => o.quotes);
  const allPassages = outcomes.flatMap((o) => o.passages);
  const answered = outcomes.filter((o) => !refused(o));
  const containsAnswer = (o: EvalOutcome, q: EvalQuote | undefined) =>
    q !== undefined && o.question.answers.map(normalizeForMatch).some((a) => a && normalizeForMatch(q.text).includes(a));
  const highlighted = answerable.filter((o) => !refused(o) && o.quotes[0]?.highlight);
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    n: outcomes.length,
    recall_at_1: share(ranks, (r) => r !== undefined && r <= 1),
    recall_at_5: share(ranks, (r) => r !== undefined && r <= 5),
    mrr_at_10: mean(ranks.map((r) => (r !== undefined && r <= 10 ? 1 / r : 0))),
    quote_hit: share(answerable, quoteHit),
    verbatim: share(allQuotes, (q) => docText(q.doc)?.slice(q.start, q.end) === q.text),
    refusal_ok: share(unanswerable, refused),
    false_refusal: share(answerable, refused),
    mean_passage_chars: mean(allPassages.map((p) => p.text.length)),
    mean_answer_chars: mean(answered.map((o) => o.quotes.reduce((s, q) => s + q.text.length, 0))),
    p50_ms: percentile(times, 0.5),
    p95_ms: percentile(times, 0.95),
    first_quote_hit: share(answerable, (o) => !refused(o) && containsAnswer(o, o.quotes[0])),
    highlight_hit: share(highlighted, (o) => highlightOverlapsAnswer(o.quotes[0]!, o.question.answers)),
    highlight_rate: share(
      answerable.filter((o) => !refused(o)),
      (o) => Boolean(o.quotes[0]?.highlight),
    ),
    uncertain_rate: share(answerable, (o) => o.status === 'uncertain'),
    answered_rate: share(answerable, (o) => o.status === 'answered'),
    answered_precision: share(
      answerable.filter((o) => o.status === 'answered'),
      (o) => o.quotes.some((q) => containsAnswer(o, q)),
    ),
    not_found_rate: share(answerable, (o) => o.status === 'not_found'),
  };
}

/** Near misses (`--near-miss`), by kind: none should be answered. */
export interface NearMissMetrics {
  near_miss_refusal_absent: number | null;
  near_miss_absent_n: number;
  near_miss_refusal_present: number | null;
  near_miss_present_n: number;
}

export function nearMissMetrics(outcomes: ReadonlyArray<{ kind: 'absent' | 'present'; outcome: EvalOutcome }>): NearMissMetrics {
  const of = (kind: 'absent' | 'present') => outcomes.filter((o) => o.kind === kind).map((o) => o.outcome);
  const refused = (o: EvalOutcome) => o.status !== 'answered';
  return {
    near_miss_refusal_absent: share(of('absent'), refused),
    near_miss_absent_n: of('absent').length,
    near_miss_refusal_present: share(of('present'), refused),
    near_miss_present_n: of('present').length,
  };
}

export function removalMetrics(outcomes: readonly EvalOutcome[]): RemovalMetrics {
  return { removal_refusal: share(outcomes, (o) => o.status !== 'answered'), removal_n: outcomes.length };
}

/**
 * Whether the quote's highlight overlaps an occurrence of an answer in the quote. Both are
 * normalised alike (the search normalisation, whitespace collapsed) and the occurrences are
 * mapped back to offsets in the doc.
 */
export function highlightOverlapsAnswer(quote: EvalQuote, answers: readonly string[]): boolean {
  const mark = quote.highlight;
  if (!mark) return false;
  const { text, toOriginal } = collapsedNormal(quote.text);
  return answers.some((answer) => {
    const needle = collapsedNormal(answer).text.trim();
    if (!needle) return false;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const start = quote.start + toOriginal[at]!;
      const end = quote.start + toOriginal[at + needle.length - 1]! + 1;
      if (start < mark.end && mark.start < end) return true;
    }
    return false;
  });
}

/** normalize() with runs of whitespace collapsed to one space, keeping the map to the input. */
function collapsedNormal(input: string): { text: string; toOriginal: number[] } {
  const n = normalize(input);
  let text = '';
  const toOriginal: number[] = [];
  for (let i = 0; i < n.text.length; i++) {
    const space = /\s/.test(n.text[i]!);
    if (space && (text.length === 0 || text.endsWith(' '))) continue;
    text += space ? ' ' : n.text[i];
    toOriginal.push(n.toOriginal[i]!);
  }
  return { text, toOriginal };
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
