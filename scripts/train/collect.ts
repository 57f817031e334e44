import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { FEATURE_NAMES, type AnswerModel, type ModelHead } from '../../src/answering/index.ts';
import { normalizeForMatch } from '../../src/arabic/index.ts';
import { loadConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/index.ts';
import { parseQuestions } from '../../src/evaluation/questions.ts';
import { corpusWithout, removalSets } from '../../src/evaluation/removal.ts';
import { documentTerms, nearMisses } from '../../src/evaluation/near-miss.ts';
import type { EvalQuestion } from '../../src/evaluation/metrics.ts';

export interface EvalSet {
  name: string;
  corpusDir: string;
  qaFile: string;
}

/** One candidate sentence of one question: the model's features and whether it holds an answer. */
export interface Row {
  set: string;
  questionId: string;
  /**
   * answerable: the corpus holds the answer; removal: its article was removed; unanswerable: never had one;
   * near_absent / near_present: a near miss (src/evaluation/near-miss.ts) whose swapped-in term the corpus lacks / holds elsewhere.
   */
  kind: 'answerable' | 'removal' | 'unanswerable' | 'near_absent' | 'near_present';
  /** Cross-validation group: the article the question is about. */
  group: string;
  /** 0 for the best-scored candidate. */
  rank: number;
  /** The candidate's article: a further quote from the first quote's article comes under a lower floor. */
  articleId: string;
  features: number[];
  label: 0 | 1;
}

/** An engine over a corpus with the built-in embedder, its index kept in `indexDir` between runs. */
export function openEngine(corpusDir: string, indexDir: string): Promise<Engine> {
  return Engine.open(loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDER: 'builtin' }), { withoutAnswerModel: true });
}

const UNTRAINED_HEAD: ModelHead = {
  mean: FEATURE_NAMES.map(() => 0),
  scale: FEATURE_NAMES.map(() => 1),
  weights: FEATURE_NAMES.map(() => 0),
  bias: 0,
};
/** Training reads only the features: the committed model may be stale (features added or removed). */
const UNTRAINED: AnswerModel = {
  features: [...FEATURE_NAMES],
  quote: UNTRAINED_HEAD,
  reply: { trees: { depth: 0, base: 0, trees: [] }, calibration: { slope: 1, intercept: 0 } },
  thresholds: { notFound: 0, extraQuote: 0, sameArticleQuote: 0 },
};

/** The seed of the near misses training learns from (`isnad eval --near-miss` defaults to another). */
export const TRAINING_NEAR_MISS_SEED = 1;

async function rowsOf(engine: Engine, set: string, question: EvalQuestion, kind: Row['kind'], group: string): Promise<Row[]> {
  const answers = question.answers.map(normalizeForMatch).filter(Boolean);
  const sentences = await engine.scoreSentences(question.question, UNTRAINED);
  return sentences.map((s, rank) => {
    const text = normalizeForMatch(engine.index.article(s.articleId).text.slice(s.start, s.end));
    const label = kind === 'answerable' && answers.some((a) => text.includes(a)) ? 1 : 0;
    return { set, questionId: question.id, kind, group, rank, articleId: s.articleId, features: s.features, label };
  });
}

/**
 * The training rows of one evaluation set: its questions over the whole corpus, and each
 * removal question over the corpus without its article (one index per removed article, built
 * with the built-in embedder under `workDir` and reused by later runs while the corpus is unchanged).
 */
export async function collectRows(
  set: EvalSet,
  workDir: string,
  limitArticles?: number,
  onProgress?: (line: string) => void,
): Promise<Row[]> {
  const questions = parseQuestions(await readFile(set.qaFile, 'utf8'), set.qaFile);
  const docs = (await readdir(set.corpusDir)).filter((f) => /\.(txt|md)$/.test(f)).sort();
  const texts = new Map(await Promise.all(docs.map(async (d) => [d, await readFile(path.join(set.corpusDir, d), 'utf8')] as const)));
  let sets = removalSets(questions, docs, (d) => texts.get(d));
  const kept = limitArticles === undefined ? undefined : new Set(docs.slice(0, limitArticles));
  if (kept) sets = sets.filter((s) => kept.has(s.articleId));

  const rows: Row[] = [];
  const full = await openEngine(set.corpusDir, path.join(workDir, set.name, 'full'));
  for (const q of questions) {
    if (kept && !q.docs.some((d) => kept.has(d))) continue;
    const kind = q.answerable ? 'answerable' : 'unanswerable';
    rows.push(...(await rowsOf(full, set.name, q, kind, `${set.name}:${q.answerable ? q.docs[0] : `none:${q.id}`}`)));
  }
  // Near misses are asked of the whole corpus, in the fold of the question they were made from.
  for (const near of nearMisses(questions, documentTerms(texts), TRAINING_NEAR_MISS_SEED)) {
    if (kept && !near.original.docs.some((d) => kept.has(d))) continue;
    rows.push(...(await rowsOf(full, set.name, near.question, `near_${near.kind}`, `${set.name}:${near.original.docs[0]}`)));
  }
  for (const [i, removal] of sets.entries()) {
    const dir = path.join(workDir, set.name, 'without', removal.articleId);
    const engine = await openEngine(await corpusWithout(set.corpusDir, removal.articleId, dir), path.join(dir, 'index'));
    for (const q of removal.questions) rows.push(...(await rowsOf(engine, set.name, q, 'removal', `${set.name}:${removal.articleId}`)));
    onProgress?.(`${set.name}: removed ${i + 1}/${sets.length} articles`);
  }
  return rows;
}
