import { analyze, skeleton, type Span } from '../arabic/index.ts';
import type { IndexedArticle } from '../store/index.ts';
import type { Passage } from '../retrieval/index.ts';
import { followsDirectly, matchStrength, type Candidate, type QuestionTerm, type TermStatistics } from './candidates.ts';
import { FEATURE_NAMES, type FeatureName } from './model.ts';
import { sameFamily, skeletonsAlike, specificTerms, termKind, type SpecificTerm, type TermStatus } from './specific-terms.ts';

/** A candidate sentence's features, by name (FEATURE_NAMES says what each means and the order the model stores them in). */
export type Features = Record<FeatureName, number>;

/** The features in the order of FEATURE_NAMES: what the model file's weights and trees index. */
export function featureVector(features: Features): number[] {
  return FEATURE_NAMES.map((name) => features[name]);
}

/** The question's words of highest weight whose presence is a feature of its own. */
const RAREST_WORDS = 2;
/** Above every value in the training data (ARCD and seed, removed-article questions included). */
const MAX_LEXICAL_STRENGTH = 3;

export interface FeatureContext {
  expectsNumber: boolean;
  questionTerms: readonly QuestionTerm[];
  /** Indices of the question's words of highest weight. */
  rarest: number[];
  /** Share of the question's weight found in an article's title. */
  titleCoverage: (articleId: string) => number;
  /** Per article: share of the question's weight found in its retrieved sentences taken together. */
  articleCoverage: ReadonlyMap<string, number>;
  /** Per article: share of the retrieved passages that come from it. */
  articleShare: ReadonlyMap<string, number>;
  /** Per article: its best passage's lexical score share minus the best of any other article. */
  articleMargin: ReadonlyMap<string, number>;
  /** The best passage's BM25 score per unit of the question's idf weight. */
  lexicalStrength: number;
  /** Share of the question's weight in words the corpus never uses (in any form): its subject is often missing. */
  unknownWords: number;
  articleOf: (id: string) => IndexedArticle;
  /** The candidate's topic-free coverage (topicFreeCoverage). */
  topicFree: (c: Candidate) => number;
  /** The question's specific terms (names, numbers, rare words). */
  specific: readonly SpecificTerm[];
  /** Where each specific term stands for a candidate. */
  statuses: (c: Candidate) => TermStatus[];
}

export function featureContext(
  statistics: TermStatistics,
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
  const bestLexical = Math.max(0, ...passages.map((p) => p.scores.lexical));
  for (const p of passages) {
    articleShare.set(p.articleId, (articleShare.get(p.articleId) ?? 0) + 1 / passages.length);
    const lexical = bestLexical > 0 ? p.scores.lexical / bestLexical : 0;
    bestScore.set(p.articleId, Math.max(bestScore.get(p.articleId) ?? 0, lexical));
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
  const lexicalStrength = Math.min(MAX_LEXICAL_STRENGTH, bestLexical / total);
  const unknownWords = questionTerms.reduce((s, q) => s + (q.unknown ? q.weight : 0), 0) / total;
  const topicFree = (c: Candidate) => topicFreeCoverage(c.strengths, questionTerms, titleStrengths(c.articleId));
  const specific = specificTerms(questionTerms);
  return {
    expectsNumber,
    questionTerms,
    rarest,
    titleCoverage,
    articleCoverage,
    articleShare,
    articleMargin,
    lexicalStrength,
    unknownWords,
    topicFree,
    articleOf,
    specific,
    statuses: specificStatuses(questionTerms, specific, articleOf, titleStrengths, statistics),
  };
}

/**
 * For a candidate, where each of the question's specific terms stands (TermStatus): in the
 * sentence; contradicted by another term of its family in the sentence; near it (the article's
 * title, the sentence's paragraph); elsewhere in its article; or absent from it.
 */
function specificStatuses(
  questionTerms: readonly QuestionTerm[],
  specific: readonly SpecificTerm[],
  articleOf: (id: string) => IndexedArticle,
  titleStrengths: (articleId: string) => number[],
  statistics: TermStatistics,
): (c: Candidate) => TermStatus[] {
  // Where each specific term occurs in an article: the index's chunks of it that hold one of the term's forms
  // (no article is read), looked up once per article the candidates come from.
  const occurrences = new Map<string, Array<ReadonlyArray<{ start: number; end: number }>>>();
  const occurrencesIn = (articleId: string) => {
    let found = occurrences.get(articleId);
    if (!found) {
      found = specific.map((s) => questionTerms[s.index]!.forms.flatMap((f) => statistics.chunksWith(f, articleId)));
      occurrences.set(articleId, found);
    }
    return found;
  };
  const asked = questionTerms.map((q) => skeleton(q.term));
  const skeletons = new Map<string, string>();
  const skeletonOf = (term: string) => {
    let x = skeletons.get(term);
    if (x === undefined) skeletons.set(term, (x = skeleton(term)));
    return x;
  };
  return (c) => {
    if (specific.length === 0) return [];
    const article = articleOf(c.articleId);
    const paragraph: Span = article.body.find((b) => b.start <= c.start && c.end <= b.end) ?? c;
    const title = titleStrengths(c.articleId);
    // The sentence's words that name something of a kind and are none of the question's words, in any spelling.
    const others = c.terms.filter((t) => !c.fromQuestion.has(t) && !asked.some((a) => skeletonsAlike(a, skeletonOf(t.term))));
    const otherKinds = others.map((t) => termKind(t.term)).filter((k) => k !== undefined);
    return specific.map((s, k): TermStatus => {
      const own = asked[s.index]!;
      if (c.strengths[s.index]! > 0 || c.terms.some((t) => skeletonsAlike(own, skeletonOf(t.term)))) return 'sentence';
      const kind = s.kind;
      if (kind !== 'rare' && otherKinds.some((other) => sameFamily(kind, other))) return 'contradicted';
      const inArticle = occurrencesIn(c.articleId)[k]!;
      if (title[s.index]! > 0 || inArticle.some((o) => o.start < paragraph.end && paragraph.start < o.end)) return 'near';
      return inArticle.length > 0 ? 'article' : 'absent';
    });
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

/** Share of the specific terms whose status is one of `statuses` (0 when the question has none). */
function statusShare(statuses: readonly TermStatus[], wanted: readonly TermStatus[]): number {
  return statuses.length ? statuses.filter((s) => wanted.includes(s)).length / statuses.length : 0;
}

/**
 * 1 when a name, year or month of the question has one of `statuses`. Not a merely rare word, nor a plain number:
 * digits come with pasted noise too (a mention's <@123>), and a count is what "how many" asks, not what it names.
 */
function namedWith(specific: readonly SpecificTerm[], statuses: readonly TermStatus[], wanted: readonly TermStatus[]): number {
  return specific.some((s, k) => s.kind !== 'rare' && s.kind !== 'number' && wanted.includes(statuses[k]!)) ? 1 : 0;
}

/** A ranked candidate's features. */
export function candidateFeatures(c: Candidate, ranked: readonly Candidate[], context: FeatureContext): Features {
  const best = ranked[0]!;
  const lead = c === best ? c.score - (ranked[1]?.score ?? 0) : c.score - best.score;
  const rarest = context.rarest.length ? context.rarest.reduce((s, i) => s + c.strengths[i]!, 0) / context.rarest.length : 0;
  const statuses = context.statuses(c);
  return {
    evidence: c.evidence,
    rarest_words: rarest,
    article_coverage: context.articleCoverage.get(c.articleId) ?? 0,
    article_share: context.articleShare.get(c.articleId) ?? 0,
    article_margin: context.articleMargin.get(c.articleId) ?? 0,
    lexical_strength: context.lexicalStrength,
    number_present: context.expectsNumber && c.hasNumber ? 1 : 0,
    number_missing: context.expectsNumber && !c.hasNumber ? 1 : 0,
    title: context.titleCoverage(c.articleId),
    passage: c.passageScore,
    lead,
    closeness: c.closeness,
    new_words: c.newWords,
    unknown_words: context.unknownWords,
    first_article: c.articleId === best.articleId ? 1 : 0,
    follows_first: c.articleId === best.articleId && followsDirectly(best, c, context.articleOf(c.articleId).text) ? 1 : 0,
    topic_free: context.topicFree(c),
    length: Math.log(1 + c.terms.length),
    opening: opensBody(context.articleOf(c.articleId), c) ? 1 : 0,
    specific_absent: statusShare(statuses, ['absent']),
    specific_contradicted: statusShare(statuses, ['contradicted']),
    specific_elsewhere: statusShare(statuses, ['near', 'article']),
    name_absent: namedWith(context.specific, statuses, ['absent']),
    name_contradicted: namedWith(context.specific, statuses, ['contradicted']),
  };
}

/**
 * The question's specific terms that the candidate's article lacks or its sentence contradicts, as
 * the question writes them; without a candidate, those the corpus never uses.
 */
export function missingTerms(c: Candidate | undefined, context: FeatureContext): string[] {
  if (!c) return context.specific.filter((s) => context.questionTerms[s.index]!.unknown).map((s) => s.text);
  const statuses = context.statuses(c);
  return context.specific.filter((_, k) => statuses[k] === 'absent' || statuses[k] === 'contradicted').map((s) => s.text);
}
