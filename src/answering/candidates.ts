import { analyze, splitSentences, termVariants, type Span, type Term } from '../arabic/index.ts';
import type { IndexedArticle } from '../store/index.ts';
import type { Passage } from '../retrieval/index.ts';
import { isNumberOrDate } from './numbers.ts';

/** What the corpus says about a term: how informative it is, and whether it occurs at all. */
export interface TermStatistics {
  idf(term: string): number;
  has(term: string): boolean;
  /** The idf of a term that occurs once: the weight of a question word the corpus never uses. */
  readonly maxIdf: number;
  /**
   * The article's indexed chunks that hold the term: where in it the term occurs. Asked per article, so
   * its cost follows the article's length, not how many articles of the archive use the term.
   */
  chunksWith(term: string, articleId: string): ReadonlyArray<{ start: number; end: number }>;
}

export interface QuestionTerm {
  term: string;
  /** The term and, for a word the corpus never uses, the forms it does use. */
  forms: string[];
  weight: number;
  /** Neither the term nor any of its variants occurs in the corpus. */
  unknown: boolean;
  /** The word as the question writes it. */
  text: string;
}

/** A sentence of a retrieved passage, scored against the question. */
export interface Candidate extends Span {
  articleId: string;
  passageRank: number;
  /** The passage's BM25 score as a share of the best retrieved passage's: the embedder plays no part in it. */
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

export function questionTermsOf(question: string, statistics: TermStatistics): QuestionTerm[] {
  const terms = new Map<string, QuestionTerm>();
  for (const { term, start, end } of analyze(question)) {
    if (terms.has(term)) continue;
    const text = question.slice(start, end);
    if (statistics.has(term)) {
      terms.set(term, { term, forms: [term], weight: statistics.idf(term), unknown: false, text });
      continue;
    }
    const variants = termVariants(term, (t) => statistics.has(t));
    const weight = variants.length ? Math.max(...variants.map((v) => statistics.idf(v))) : statistics.maxIdf;
    terms.set(term, { term, forms: [term, ...variants], weight, unknown: variants.length === 0, text });
  }
  return [...terms.values()];
}

/** Match strength of a sentence term for a question term: one of its forms, or sharing a long prefix. */
export function matchStrength(q: Pick<QuestionTerm, 'forms'>, sentenceTerm: string): number {
  if (q.forms.includes(sentenceTerm)) return 1;
  for (const form of q.forms) {
    const [shorter, longer] = form.length <= sentenceTerm.length ? [form, sentenceTerm] : [sentenceTerm, form];
    if (shorter.length >= 3 && longer.startsWith(shorter) && longer.length - shorter.length <= 2) return PARTIAL_MATCH;
  }
  return 0;
}

/** Whether only blanks separate `next` from the end of `sentence`. */
export function followsDirectly(sentence: Span, next: Span, text: string): boolean {
  return next.start >= sentence.end && text.slice(sentence.end, next.start).trim() === '';
}

/** Every sentence of the passages, once, with how it matches each question term. */
export function candidateSentences(
  passages: readonly Passage[],
  articleOf: (id: string) => IndexedArticle,
  questionTerms: QuestionTerm[],
): Candidate[] {
  const byStart = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  const bestLexical = Math.max(0, ...passages.map((p) => p.scores.lexical));
  for (const passage of passages) {
    const article = articleOf(passage.articleId);
    for (const span of splitSentences(article.text, passage.start, passage.end)) {
      const key = `${article.id}:${span.start}`;
      if (byStart.has(key)) continue;
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
        passageScore: bestLexical > 0 ? passage.scores.lexical / bestLexical : 0,
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
export function scoreCandidates(candidates: Candidate[], questionTerms: QuestionTerm[], expectsNumber: boolean): void {
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
