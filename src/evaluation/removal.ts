import { mkdir, readdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { normalizeForMatch } from '../arabic/index.ts';
import type { EvalQuestion } from './metrics.ts';

/** One removed article and the questions about it that the rest of the corpus cannot answer. */
export interface RemovalSet {
  articleId: string;
  questions: EvalQuestion[];
}

/**
 * The removal procedure of ../shared/eval/README.md: for each article, its questions (about it
 * alone) whose every answer, normalised, occurs in no other article. `docText` reads a document
 * of the corpus. With `sample`, that many articles are drawn (seeded, so a run can be repeated).
 */
export function removalSets(
  questions: readonly EvalQuestion[],
  docs: readonly string[],
  docText: (doc: string) => string | undefined,
  sample?: { n: number; seed: number },
): RemovalSet[] {
  const normalised = new Map(docs.map((d) => [d, normalizeForMatch(docText(d) ?? '')]));
  const byArticle = new Map<string, EvalQuestion[]>();
  for (const q of questions) {
    if (!q.answerable || q.docs.length !== 1 || !normalised.has(q.docs[0]!)) continue;
    const article = q.docs[0]!;
    const answers = q.answers.map(normalizeForMatch).filter(Boolean);
    if (answers.length === 0) continue;
    const elsewhere = answers.some((a) => docs.some((d) => d !== article && normalised.get(d)!.includes(a)));
    if (elsewhere) continue;
    byArticle.set(article, [...(byArticle.get(article) ?? []), q]);
  }
  let articles = [...byArticle.keys()].sort();
  if (sample && sample.n < articles.length) articles = seededShuffle(articles, sample.seed).slice(0, sample.n).sort();
  return articles.map((articleId) => ({ articleId, questions: byArticle.get(articleId)! }));
}

/**
 * A corpus folder holding every article of `corpusDir` but one, as symbolic links (the corpus
 * reader follows them), made afresh under `workDir`.
 */
export async function corpusWithout(corpusDir: string, articleId: string, workDir: string): Promise<string> {
  const dir = path.join(workDir, 'corpus');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(corpusDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath, entry.name);
    const id = path.relative(corpusDir, source).split(path.sep).join('/');
    if (id === articleId) continue;
    const target = path.join(dir, id);
    await mkdir(path.dirname(target), { recursive: true });
    await symlink(path.resolve(source), target);
  }
  return dir;
}

/** Fisher–Yates with mulberry32: the same order for the same seed on every machine. */
function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
