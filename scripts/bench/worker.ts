/**
 * One benchmark measurement in a fresh process: `node bench-out/worker.mjs <task> <json args>`.
 * run.ts bundles this file (esbuild, the project's sources included) so it runs on plain Node —
 * no TypeScript loader in the process whose memory is measured. Progress goes to stderr; the
 * result is the last line of stdout, as JSON.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { Engine } from '../../src/engine/index.ts';
import type { SelectedEmbedder } from '../../src/embedding/index.ts';
import type { IndexSettings } from '../../src/store/index.ts';
import { loadIndex, updateIndex } from '../../src/store/index.ts';
import { phraseForm, type BenchQuestion } from './corpus.ts';

export type EmbedderKind = 'builtin' | 'tiny';

export interface WorkerArgs {
  corpusDir: string;
  indexDir: string;
  embedder: EmbedderKind;
  /** The tiny model's id; it lives in `<indexDir>/models/<id>/` (the application's modelsDir). */
  modelId?: string;
  /** JSON file of { question, file }[]. */
  questionsFile?: string;
  /** serve: questions timed after the warm-up. */
  questions?: number;
  warmup?: number;
  /** recall: queries compared with exact search. */
  recallQueries?: number;
  /** update: the article file (relative to corpusDir) to change. */
  file?: string;
}

const args = JSON.parse(process.argv[3] ?? '{}') as WorkerArgs;
const task = process.argv[2];
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** The application's settings, as the CLI would have them with --corpus, --index-dir and --embedder. */
function config(): Config {
  return loadConfig({
    CORPUS_DIR: args.corpusDir,
    INDEX_DIR: args.indexDir,
    EMBEDDER: args.embedder === 'builtin' ? 'builtin' : 'transformers',
    EMBEDDING_MODEL: args.modelId,
    ALLOW_REMOTE_MODELS: 'false',
  });
}

async function embedderChoice(c: Config): Promise<{ choice: SelectedEmbedder; load_s: number }> {
  if (args.embedder === 'builtin') return { choice: { kind: 'builtin', dims: c.builtinDims }, load_s: 0 };
  const started = performance.now();
  // Imported only here, as the application does: transformers.js is large and slow to load.
  const { loadTransformersEmbedder } = await import('../../src/embedding/transformers-embedder.ts');
  const embedder = await loadTransformersEmbedder({ model: c.embeddingModel, modelsDir: c.modelsDir, allowRemote: false });
  return { choice: { kind: 'model', embedder }, load_s: (performance.now() - started) / 1000 };
}

function settings(c: Config, embedder: SelectedEmbedder): IndexSettings {
  return {
    corpusDir: c.corpusDir,
    indexDir: c.indexDir,
    chunking: { maxChars: c.chunkMaxChars, overlapSentences: c.chunkOverlapSentences },
    hnsw: c.hnsw,
    embedder,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / Math.max(1, times.length);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean, max: sorted.at(-1) ?? NaN };
}

/** Memory once garbage is really gone: a full GC, a pause (buffers are freed by a background sweeper), another GC. */
async function memory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the worker with --expose-gc');
  gc();
  await sleep(300);
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

async function questions(): Promise<BenchQuestion[]> {
  if (!args.questionsFile) throw new Error('questionsFile is required');
  return JSON.parse(await readFile(args.questionsFile, 'utf8')) as BenchQuestion[];
}

async function build() {
  const c = config();
  const { choice, load_s } = await embedderChoice(c);
  let lastShown = 0;
  const started = performance.now();
  const { index, report } = await updateIndex({
    ...settings(c, choice),
    rebuild: true,
    onProgress: (_stage, done, total) => {
      if (performance.now() - lastShown > 5000) {
        lastShown = performance.now();
        progress(`    embedding ${done}/${total}`);
      }
    },
  });
  const build_s = (performance.now() - started) / 1000;
  const texts = [...index.chunksByLabel.values()].map((ch) => ch.textHash);
  const partBytes = Object.fromEntries(
    Object.entries(index.manifest.files).flatMap(([part, entry]) => (entry ? [[part, entry.bytes]] : [])),
  );
  return {
    articles: report.articles,
    chunks: report.chunks,
    part_bytes: partBytes,
    distinct_chunk_texts: new Set(texts).size,
    embedder_id: report.embedderId,
    dims: index.embedder.dims,
    build_s,
    model_load_s: load_s,
  };
}

/** Opens the engine as the bot does, then measures memory and warm search/ask latency. */
async function serve() {
  const baseline = await memory();
  const started = performance.now();
  const engine = await Engine.open(config(), { log: progress });
  const open_s = (performance.now() - started) / 1000;
  if (!engine.report.upToDate) throw new Error('the index was not up to date: the benchmark would measure a build');
  const qs = await questions();
  const limit = args.questions ?? qs.length;
  const warmup = Math.min(args.warmup ?? 50, qs.length);
  await engine.ask(qs[0]!.question);
  const loaded = await memory();
  for (let i = 0; i < warmup; i++) {
    await engine.search(qs[i]!.question);
    await engine.ask(qs[i]!.question);
  }
  const search: number[] = [];
  const ask: number[] = [];
  let answered = 0;
  let phraseFound = 0;
  const timed = qs.slice(warmup, warmup + limit);
  for (const q of timed) {
    let t = performance.now();
    await engine.search(q.question);
    search.push(performance.now() - t);
    t = performance.now();
    const answer = await engine.ask(q.question);
    ask.push(performance.now() - t);
    if (answer.status === 'answered') answered++;
    if (answer.passages.some((p) => phraseForm(p.text).includes(q.phrase))) phraseFound++;
  }
  const after = await memory();
  return {
    open_s,
    chunks: engine.index.chunksByLabel.size,
    articles: engine.index.articles.size,
    baseline,
    loaded,
    after,
    questions: timed.length,
    search: summary(search),
    ask: summary(ask),
    answered_share: answered / timed.length,
    phrase_in_passages_share: phraseFound / timed.length,
  };
}

/**
 * HNSW recall@10 at the configured ef: for each query vector, the share of the exact 10 nearest
 * (cosine, brute force over every stored vector) that the HNSW search returns. A returned vector
 * tied with the exact 10th (same similarity to 1e-6) counts as found: the corpus has duplicate chunks.
 */
async function recall() {
  const c = config();
  const { choice } = await embedderChoice(c);
  const index = await loadIndex(c.indexDir, { hnsw: c.hnsw, embedder: choice });
  if (!index) throw new Error(`no index in ${c.indexDir}`);
  const labels = [...index.chunksByLabel.keys()];
  const dims = index.vectors.dims;
  const all = new Float32Array(labels.length * dims);
  labels.forEach((label, i) => all.set(normalized(index.vectors.vector(label)), i * dims));
  const qs = (await questions()).slice(0, args.recallQueries ?? 500);
  const K = 10;
  let found = 0;
  let found40 = 0;
  let total40 = 0;
  let exactMs = 0;
  let hnswMs = 0;
  for (const q of qs) {
    const query = normalized(await index.embedder.embedQuery(q.question));
    let t = performance.now();
    const similarities = new Float32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      let dot = 0;
      const offset = i * dims;
      for (let d = 0; d < dims; d++) dot += all[offset + d]! * query[d]!;
      similarities[i] = dot;
    }
    const order = topK(similarities, 40);
    exactMs += performance.now() - t;
    t = performance.now();
    const hits = index.vectors.search(query, K);
    hnswMs += performance.now() - t;
    const kth = similarities[order[K - 1]!]!;
    const exact = new Set(order.slice(0, K).map((i) => labels[i]!));
    for (const h of hits) if (exact.has(h.label) || h.similarity >= kth - 1e-6) found++;
    // What retrieval itself asks for: 40 candidates (ef = max(efSearch, 40)).
    const hits40 = index.vectors.search(query, 40);
    const kth40 = similarities[order[Math.min(40, order.length) - 1]!]!;
    const exact40 = new Set(order.map((i) => labels[i]!));
    for (const h of hits40) if (exact40.has(h.label) || h.similarity >= kth40 - 1e-6) found40++;
    total40 += Math.min(40, labels.length);
  }
  return {
    queries: qs.length,
    ef: c.hnsw.efSearch,
    recall_at_10: found / (qs.length * Math.min(K, labels.length)),
    recall_at_40: found40 / total40,
    exact_ms_per_query: exactMs / qs.length,
    hnsw_ms_per_query: hnswMs / qs.length,
  };
}

function normalized(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return v.map((x) => x * scale);
}

function topK(values: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (best.length === k && values[i]! <= values[best[k - 1]!]!) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(i);
    while (at > 0 && values[best[at - 1]!]! < values[i]!) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = i;
  }
  return best;
}

/**
 * Changes one article (one sentence moved to its end and a word added), brings the index up to
 * date as `isnad index` or /reindex would (the same process: reading the corpus, loading the
 * index, applying the change, writing it), then puts the article back and updates again.
 */
async function update() {
  if (!args.file) throw new Error('file is required');
  const c = config();
  const { choice } = await embedderChoice(c);
  const file = path.join(c.corpusDir, args.file);
  const original = await readFile(file, 'utf8');
  const paragraphs = original.trimEnd().split('\n\n');
  const changed = `${[...paragraphs.slice(0, -1), `${paragraphs.at(-1)} وأضاف المتحدث أن الاجتماع المقبل سيعقد في الربيع.`].join('\n\n')}\n`;
  const timeUpdate = async () => {
    const started = performance.now();
    const { report } = await updateIndex(settings(c, choice));
    return { seconds: (performance.now() - started) / 1000, report };
  };
  await writeFile(file, changed);
  const first = await timeUpdate();
  await writeFile(file, original);
  const second = await timeUpdate();
  const ok = (r: typeof first.report) => r.changed === 1 && r.added === 0 && r.removed === 0 && !r.rebuilt;
  if (!ok(first.report) || !ok(second.report)) throw new Error(`unexpected update report: ${JSON.stringify(first.report)}`);
  return {
    update_one_s: first.seconds,
    update_back_s: second.seconds,
    embedded: first.report.embedded,
    chunks: second.report.chunks,
  };
}

const tasks: Record<string, () => Promise<unknown>> = { build, serve, recall, update };
const run = task ? tasks[task] : undefined;
if (!run) {
  progress(`usage: worker <${Object.keys(tasks).join('|')}> <json args>`);
  process.exit(2);
}
const result = await run();
process.stdout.write(`\n${JSON.stringify(result)}\n`);
// transformers.js keeps native handles open; the result is out, so end now.
process.exit(0);
