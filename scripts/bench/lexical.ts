/**
 * `npm run bench:lexical [-- --sizes 10000,50000] [--questions 400] [--k 40] [--json FILE]`
 *
 * Lexical search alone, exhaustive against pruned (MaxScore, LexicalIndex.search): the articles of
 * the benchmark's corpora (corpus.ts: real Arabic sentences, the same seed as `npm run bench`), cut
 * into chunks and analysed as the index does, held by a LexicalIndex and by the exhaustive scorer
 * of the tests (tests/helpers/exhaustive-bm25.ts, the search as it was before pruning). The
 * questions are the benchmark's (a question word and 4–8 words of a sentence), expanded as
 * retrieval expands them, so they hold the corpus's frequent words. Reports postings read per
 * question and latency p50/p95, unfiltered and with a filter that accepts one article in ten (as
 * an outlet filter might), and checks that both give the same hits.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { analyzeToTerms } from '../../src/arabic/index.ts';
import { chunkArticle } from '../../src/chunking/index.ts';
import { loadConfig } from '../../src/config.ts';
import { expandQuery, DEFAULT_SEARCH } from '../../src/retrieval/index.ts';
import { LexicalIndex } from '../../src/store/lexical.ts';
import type { LexicalHit, WeightedTerm } from '../../src/store/index.ts';
import { ExhaustiveBm25 } from '../../tests/helpers/exhaustive-bm25.ts';
import { generateArticle, generateQuestions, loadSentencePool } from './corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The seed of `npm run bench`, so the articles are the same. */
const SEED = 20240501;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,50000' },
    questions: { type: 'string', default: '400' },
    k: { type: 'string', default: String(DEFAULT_SEARCH.candidates) },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write('usage: npm run bench:lexical -- [--sizes 10000,50000] [--questions 400] [--k 40] [--json FILE]\n');
  process.exit(0);
}
const sizes = values.sizes.split(',').map(Number);
const questionCount = Number(values.questions);
const k = Number(values.k);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(questionCount >= 1) || !(k >= 1))
  throw new Error('sizes, questions and k must be positive whole numbers');

const config = loadConfig({});
const chunking = { maxChars: config.chunkMaxChars, overlapSentences: config.chunkOverlapSentences };
const pool = await loadSentencePool([path.join(ROOT, 'corpus'), path.resolve(ROOT, '../shared/eval/arcd/corpus')]);

interface Timing {
  p50: number;
  p95: number;
  postingsPerQuestion: number;
}

const results = [];
for (const size of sizes) {
  const index = new LexicalIndex();
  const exhaustive = new ExhaustiveBm25();
  let label = 0;
  const articleOf: number[] = [];
  for (let i = 0; i < size; i++) {
    const article = generateArticle(pool, SEED, i);
    const paragraphs = article.paragraphs.map((p) => p.join(' '));
    const text = paragraphs.join('\n\n');
    let at = 0;
    const body = paragraphs.map((p) => {
      const span = { start: at, end: at + p.length };
      at += p.length + 2;
      return span;
    });
    const titleTerms = analyzeToTerms(article.title);
    for (const chunk of chunkArticle({ id: article.file, text, body }, chunking)) {
      // What the index holds for a chunk: its words and its article's title (store/build.ts).
      const terms = [...analyzeToTerms(chunk.text), ...titleTerms];
      index.add(label, terms);
      exhaustive.add(label, terms);
      articleOf[label] = i;
      label++;
    }
  }
  const questions = generateQuestions(pool, SEED, size, questionCount, SEED + size).map((q) =>
    expandQuery(q.question, (t) => index.has(t)),
  );
  const largestDf = questions.map((terms) => Math.max(0, ...terms.map((t) => index.documentFrequency(t.term)))).sort((a, b) => a - b);
  // Warm-up: both searches compiled and their arrays touched before timing.
  for (const terms of questions.slice(0, 50)) {
    index.search(terms, k);
    exhaustive.search(terms, k);
  }
  let mismatches = 0;
  const time = (search: (terms: WeightedTerm[]) => LexicalHit[], read: () => number): { timing: Timing; hits: LexicalHit[][] } => {
    const before = read();
    const times: number[] = [];
    const hits: LexicalHit[][] = [];
    for (const terms of questions) {
      const start = process.hrtime.bigint();
      hits.push(search(terms));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    return { timing: { p50: at(0.5), p95: at(0.95), postingsPerQuestion: (read() - before) / questions.length }, hits };
  };
  const compare = (accept?: (label: number) => boolean) => {
    const slow = time(
      (terms) => exhaustive.search(terms, k, accept),
      () => exhaustive.postingsRead,
    );
    const fast = time(
      (terms) => index.search(terms, k, accept),
      () => index.postingsRead,
    );
    slow.hits.forEach((expected, q) => {
      const got = fast.hits[q]!;
      const same = got.length === expected.length && got.every((h, i) => h.label === expected[i]!.label && h.score === expected[i]!.score);
      if (!same) mismatches++;
    });
    return { exhaustive: slow.timing, pruned: fast.timing };
  };
  const unfiltered = compare();
  const filtered = compare((l) => articleOf[l]! % 10 === 0);
  const result = {
    articles: size,
    chunks: label,
    questions: questions.length,
    k,
    medianLargestDf: largestDf[Math.floor(largestDf.length / 2)]!,
    unfiltered,
    filtered,
    mismatches,
  };
  results.push(result);
  const ms = (t: Timing) =>
    `p50 ${t.p50.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms, ${Math.round(t.postingsPerQuestion).toLocaleString('en')} postings read`;
  process.stdout.write(
    `${size.toLocaleString('en')} articles, ${label.toLocaleString('en')} chunks, ${questions.length} questions, k ${k} ` +
      `(median of each question's most frequent term: in ${result.medianLargestDf.toLocaleString('en')} chunks)\n` +
      `  exhaustive: ${ms(unfiltered.exhaustive)}\n  pruned:     ${ms(unfiltered.pruned)}\n` +
      `  one article in ten accepted, exhaustive: ${ms(filtered.exhaustive)}\n  one article in ten accepted, pruned:     ${ms(filtered.pruned)}\n` +
      `  different hits: ${mismatches}\n`,
  );
}
if (values.json) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
}
if (results.some((r) => r.mismatches > 0)) process.exitCode = 1;
