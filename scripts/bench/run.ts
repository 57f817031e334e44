/**
 * `npm run bench [-- --quick] [--sizes 1000,10000] [--json FILE] [--report DIR] [--tiny-sizes 1000]`
 *
 * Generates Arabic corpora of several sizes (see corpus.ts), and for each size and embedder builds
 * the index and measures it, every measurement in a fresh child process (worker.ts, bundled to
 * plain JavaScript so the memory figures carry no TypeScript loader): build time, size on disk,
 * memory after loading, cold start of the real CLI, warm search/ask latency, HNSW recall@10
 * against exact search, and the time to re-index after changing one article. Prints a table,
 * writes JSON and a Markdown report with an SVG chart.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { createTinyModel } from '../../tests/helpers/tiny-model.ts';
import { loadConfig } from '../../src/config.ts';
import { generateQuestions, loadSentencePool, writeCorpus } from './corpus.ts';
import { importLine, measureImport } from './import.ts';
import { writeReport, type BenchResult, type BenchRun, type Machine } from './report.ts';
import { describeStartup, measureStartup } from './startup.ts';
import type { EmbedderKind, WorkerArgs } from './worker.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_SIZES = [1000, 10000, 50000];
const QUICK_SIZES = [200, 1000];
const SEED = 20240501;
const TINY_MODEL_ID = 'test/tiny-arabic-bert';
/** e5-small's vector size, so the tiny model's index has the real model's shape. */
const TINY_MODEL_DIMS = 384;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    sizes: { type: 'string' },
    'tiny-sizes': { type: 'string' },
    json: { type: 'string' },
    report: { type: 'string' },
    out: { type: 'string' },
    questions: { type: 'string' },
    'cold-runs': { type: 'string' },
    'no-build': { type: 'boolean' },
    'report-only': { type: 'string' },
    startup: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(
    'usage: npm run bench -- [--quick] [--sizes 1000,10000,50000] [--tiny-sizes 1000] [--questions 500]\n' +
      '                        [--json FILE] [--report DIR] [--out DIR] [--cold-runs 3] [--no-build]\n' +
      '       npm run bench -- --startup   (only the start-up ratios: isnad articles / ask against node -e 0)\n' +
      '       npm run bench -- --report-only RESULTS.json [--report DIR]   (rewrites the report from results)\n',
  );
  process.exit(0);
}

const list = (raw: string | undefined, fallback: number[]) =>
  raw === undefined
    ? fallback
    : raw
        .split(',')
        .filter(Boolean)
        .map((s) => parsePositive(s, 'size'));
function parsePositive(raw: string, what: string): number {
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive whole number, not "${raw}"`);
  return n;
}

const quick = values.quick ?? false;
const sizes = list(values.sizes, quick ? QUICK_SIZES : DEFAULT_SIZES);
/** The tiny model embeds ~150 chunks/s here (character tokens): 1,000 articles take 30-50 s. */
const tinySizes = list(values['tiny-sizes'], [quick ? Math.min(...sizes) : Math.min(1000, Math.max(...sizes))]).filter((n) =>
  sizes.includes(n),
);
const questionCount = values.questions ? parsePositive(values.questions, '--questions') : quick ? 300 : 500;
const warmup = 50;
/** Cold starts per size (median reported): 3, but 1 in quick mode and above 10,000 articles (~9 s each at 50,000). */
const coldRunsFor = (size: number) =>
  values['cold-runs'] ? parsePositive(values['cold-runs'], '--cold-runs') : quick || size > 10000 ? 1 : 3;
const outDir = path.resolve(values.out ?? path.join(ROOT, 'bench-out'));
const isDefaultRun = !quick && values.sizes === undefined;
const reportDir = path.resolve(values.report ?? (isDefaultRun ? path.join(ROOT, 'docs/bench') : path.join(outDir, 'report')));

const log = (line: string) => process.stdout.write(`${line}\n`);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s`;
const step = (line: string) => log(`[${elapsed()}] ${line}`);

async function main(): Promise<void> {
  if (values['report-only']) {
    // Rewrites REPORT.md and the chart from a results file, without measuring anything.
    const result = JSON.parse(await readFile(values['report-only'], 'utf8')) as BenchResult;
    await mkdir(reportDir, { recursive: true });
    await writeReport(reportDir, result);
    log(`report: ${path.relative(process.cwd(), path.join(reportDir, 'REPORT.md'))}`);
    return;
  }
  await mkdir(outDir, { recursive: true });
  step(`sizes ${sizes.join(', ')} (built-in embedder); tiny model at ${tinySizes.join(', ') || 'none'}; ${questionCount} questions`);
  ensureBuilt();
  // 11 rounds even alone (a few seconds): the ratios of medians of 5 swung by ±0.3 on a busy machine.
  const startup = await measureStartup(ROOT, childEnv(), quick ? 5 : 11);
  for (const line of describeStartup(startup)) step(line);
  if (values.startup) return;
  const worker = await bundleWorker();
  const pool = await loadSentencePool([path.join(ROOT, 'corpus'), path.resolve(ROOT, '../shared/eval/arcd/corpus')]);
  step(
    `sentence pool: ${pool.sentences.length} distinct body sentences from ${pool.sources.map((s) => path.relative(ROOT, s)).join(', ')}`,
  );

  const imported = await measureImport(pool, SEED, quick ? 1000 : 3000, outDir);
  step(importLine(imported));

  const machine = machineFacts();
  const runs: BenchRun[] = [];
  for (const size of sizes) {
    const corpusDir = path.join(outDir, `corpus-${size}`);
    const { reused } = await writeCorpus(pool, SEED, size, corpusDir);
    step(`corpus of ${size} articles ${reused ? 'reused' : 'written'}: ${path.relative(ROOT, corpusDir)}`);
    const questionsFile = path.join(outDir, `questions-${size}.json`);
    const questions = generateQuestions(pool, SEED, size, warmup + questionCount, SEED + size);
    await writeFile(questionsFile, JSON.stringify(questions));
    const kinds: EmbedderKind[] = tinySizes.includes(size) ? ['builtin', 'tiny'] : ['builtin'];
    for (const kind of kinds) {
      runs.push(await measure(worker, kind, size, corpusDir, questionsFile, questions[warmup]!.question));
      printTable(runs);
    }
  }

  const result = {
    generated: new Date().toISOString(),
    quick,
    seed: SEED,
    sentence_pool: pool.sentences.length,
    machine,
    startup,
    runs,
    import: imported,
  };
  await mkdir(reportDir, { recursive: true });
  await writeFile(path.join(reportDir, 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (values.json) await writeFile(path.resolve(values.json), `${JSON.stringify(result, null, 2)}\n`);
  await writeReport(reportDir, result);
  step(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  log('');
  printTable(runs);
  log(`\n${importLine(imported)}`);
  log(`\nreport: ${path.relative(process.cwd(), path.join(reportDir, 'REPORT.md'))}` + (values.json ? `, JSON: ${values.json}` : ''));
}

async function measure(
  worker: string,
  kind: EmbedderKind,
  size: number,
  corpusDir: string,
  questionsFile: string,
  coldQuestion: string,
): Promise<BenchRun> {
  const label = kind === 'builtin' ? 'built-in' : 'tiny model';
  const indexDir = path.join(outDir, `index-${size}-${kind}`);
  await mkdir(indexDir, { recursive: true });
  if (kind === 'tiny') await createTinyModel(path.join(indexDir, 'models'), { id: TINY_MODEL_ID, dim: TINY_MODEL_DIMS });
  const args: WorkerArgs = { corpusDir, indexDir, embedder: kind, modelId: kind === 'tiny' ? TINY_MODEL_ID : undefined, questionsFile };

  step(`${size} articles, ${label}: building the index`);
  const built = await runWorker<BuildResult>(worker, 'build', args);
  const disk = await indexBytes(indexDir);
  step(
    `  ${built.chunks} chunks in ${built.build_s.toFixed(1)} s (${Math.round(built.chunks / built.build_s)} chunks/s), ${mb(disk)} on disk`,
  );

  step(`  loading it in a fresh process; ${questionCount} questions, search and ask`);
  const served = await runWorker<ServeResult>(worker, 'serve', { ...args, questions: questionCount, warmup }, ['--expose-gc']);
  step(
    `  RSS ${mb(served.loaded.rss)} (${Math.round(served.loaded.rss / built.chunks)} B/chunk); ask p50 ${ms(served.ask.p50)} p95 ${ms(served.ask.p95)}; search p95 ${ms(served.search.p95)}`,
  );

  const coldRuns = coldRunsFor(size);
  step(`  cold start of the CLI (${coldRuns}×)`);
  const cold = await coldStart(kind, corpusDir, indexDir, coldQuestion, coldRuns);
  step(`  cold start ${cold.median.toFixed(0)} ms`);

  step('  HNSW recall@10 against exact search');
  const recall = await runWorker<RecallResult>(worker, 'recall', { ...args, recallQueries: size >= 50000 ? 200 : 500 });
  step(`  recall@10 ${recall.recall_at_10.toFixed(4)} (recall@40 ${recall.recall_at_40.toFixed(4)}) over ${recall.queries} queries`);

  step('  changing one article and re-indexing');
  const updated = await runWorker<UpdateResult>(worker, 'update', { ...args, file: pickArticle(size) });
  step(`  update ${updated.update_one_s.toFixed(2)} s (${updated.embedded} chunks embedded)`);

  return {
    articles: size,
    chunks: built.chunks,
    embedder: kind === 'builtin' ? 'builtin' : 'tiny-test-model',
    embedder_id: built.embedder_id,
    embedder_note:
      kind === 'builtin'
        ? 'built-in n-gram hashing embedder'
        : `tiny generated model (${TINY_MODEL_DIMS} dims) — pipeline overhead only, not e5 quality/speed`,
    dims: built.dims,
    distinct_chunk_texts: built.distinct_chunk_texts,
    build_s: round(built.build_s, 2),
    chunks_per_s: Math.round(built.chunks / built.build_s),
    model_load_s: round(built.model_load_s, 2),
    disk_bytes: disk,
    part_bytes: built.part_bytes,
    rss_bytes: served.loaded.rss,
    rss_baseline_bytes: served.baseline.rss,
    rss_after_questions_bytes: served.after.rss,
    heap_total_bytes: served.loaded.heapTotal,
    heap_used_bytes: served.loaded.heapUsed,
    external_bytes: served.loaded.external,
    bytes_per_chunk: Math.round(served.loaded.rss / built.chunks),
    marginal_bytes_per_chunk: Math.round((served.loaded.rss - served.baseline.rss) / built.chunks),
    open_s: round(served.open_s, 3),
    cold_start_ms: Math.round(cold.median),
    cold_start_runs_ms: cold.runs.map(Math.round),
    questions: served.questions,
    search_p50_ms: round(served.search.p50, 2),
    search_p95_ms: round(served.search.p95, 2),
    search_p99_ms: round(served.search.p99, 2),
    ask_p50_ms: round(served.ask.p50, 2),
    ask_p95_ms: round(served.ask.p95, 2),
    ask_p99_ms: round(served.ask.p99, 2),
    ask_max_ms: round(served.ask.max, 2),
    answered_share: round(served.answered_share, 3),
    phrase_in_passages_share: round(served.phrase_in_passages_share, 3),
    hnsw_ef: recall.ef,
    hnsw_recall_queries: recall.queries,
    hnsw_recall_at_10: round(recall.recall_at_10, 4),
    hnsw_recall_at_40: round(recall.recall_at_40, 4),
    update_one_s: round(updated.update_one_s, 3),
    update_back_s: round(updated.update_back_s, 3),
  };
}

interface BuildResult {
  articles: number;
  chunks: number;
  part_bytes: Record<string, number>;
  distinct_chunk_texts: number;
  embedder_id: string;
  dims: number;
  build_s: number;
  model_load_s: number;
}
interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}
interface Memory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}
interface ServeResult {
  open_s: number;
  baseline: Memory;
  loaded: Memory;
  after: Memory;
  questions: number;
  search: Latency;
  ask: Latency;
  answered_share: number;
  phrase_in_passages_share: number;
}
interface RecallResult {
  queries: number;
  ef: number;
  recall_at_10: number;
  recall_at_40: number;
}
interface UpdateResult {
  update_one_s: number;
  update_back_s: number;
  embedded: number;
}

/** An article in the middle of the corpus. */
function pickArticle(size: number): string {
  return `a${String(Math.floor(size / 2)).padStart(6, '0')}.txt`;
}

function runWorker<T>(worker: string, task: string, args: WorkerArgs, nodeFlags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, worker, task, JSON.stringify(args)], {
      cwd: outDir,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const line of d.toString().split('\n')) if (line.startsWith('    ')) log(`[${elapsed()}] ${line.trimStart()}`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`worker ${task} exited with ${code}\n${stderr.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`worker ${task} printed no result\n${stdout.slice(-1000)}\n${stderr.slice(-2000)}`));
      }
    });
  });
}

/** Only what the child needs: no isnad settings from this shell leak into the measured process. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...extra };
}

/** Process start → answer printed → exit, with the real CLI (dist/), the index already up to date. */
async function coldStart(kind: EmbedderKind, corpusDir: string, indexDir: string, question: string, coldRuns: number) {
  const cli = path.join(ROOT, 'bin/isnad.mjs');
  const extra: Record<string, string> = kind === 'builtin' ? {} : { EMBEDDING_MODEL: TINY_MODEL_ID, ALLOW_REMOTE_MODELS: 'false' };
  const argv = [
    cli,
    'ask',
    question,
    '--corpus',
    corpusDir,
    '--index-dir',
    indexDir,
    '--embedder',
    kind === 'builtin' ? 'builtin' : 'transformers',
  ];
  const runs: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    const t = performance.now();
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      // cwd is the output folder: no .env there, so the CLI runs on its defaults.
      const child = spawn(process.execPath, argv, { cwd: outDir, env: childEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    runs.push(performance.now() - t);
    if (result.code !== 0 || !result.stdout.trim()) throw new Error(`the CLI failed (${result.code}): ${result.stderr.slice(-1000)}`);
    if (/index|rebuild/i.test(result.stderr)) log(`    (CLI said: ${result.stderr.trim().split('\n')[0]})`);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { runs, median: sorted[Math.floor(sorted.length / 2)]! };
}

async function indexBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(path.join(dir, entry.name))).size;
  }
  return total;
}

/** dist/ is what `npx isnad` (and so the cold start) runs: rebuilt when a source file is newer. */
function ensureBuilt(): void {
  const stamp = path.join(ROOT, 'dist/bundle/cli.js'); // written last by npm run build
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const newest = newestMtime(path.join(ROOT, 'src'));
  if (!values['no-build'] && newest > built) {
    step('dist/ is older than src/: npm run build');
    const result = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('npm run build failed');
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSyncSafe(dir)) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function readdirSyncSafe(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function bundleWorker(): Promise<string> {
  // Inside the repository whatever --out says: the bundle's bare imports resolve from the node_modules above it.
  const outdir = path.join(ROOT, 'bench-out', 'worker');
  await esbuild({
    // The app's own worker threads start name.mjs beside the module that starts them (src/worker-thread.ts).
    entryPoints: {
      worker: path.join(ROOT, 'scripts/bench/worker.ts'),
      'hnsw-worker': path.join(ROOT, 'src/store/hnsw-worker.ts'),
      'scan-worker': path.join(ROOT, 'src/corpus/scan-worker.ts'),
      'index-worker': path.join(ROOT, 'src/engine/index-worker.ts'),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    // Dynamic imports stay lazy (transformers.js is loaded only for the model runs, as in the app).
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    // Bare imports (hnswlib-node, zod, …) resolve from the repository's node_modules.
    absWorkingDir: ROOT,
  });
  return path.join(outdir, 'worker.mjs');
}

function machineFacts(): Machine {
  const cpus = os.cpus();
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' });
  const defaults = loadConfig({ EMBEDDER: 'builtin' }, ROOT);
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory_bytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    commit: `${git.stdout.trim()}${dirty.stdout.trim() ? ' (src modified)' : ''}`,
    settings: {
      builtin_dims: defaults.builtinDims,
      chunk_max_chars: defaults.chunkMaxChars,
      chunk_overlap_sentences: defaults.chunkOverlapSentences,
      hnsw_m: defaults.hnsw.m,
      hnsw_ef_construction: defaults.hnsw.efConstruction,
      hnsw_ef_search: defaults.hnsw.efSearch,
    },
  };
}

function printTable(unordered: BenchRun[]): void {
  const runs = [...unordered].sort(
    (a, b) => Number(a.embedder !== 'builtin') - Number(b.embedder !== 'builtin') || a.articles - b.articles,
  );
  const header = [
    'articles',
    'embedder',
    'chunks',
    'build s',
    'chunks/s',
    'disk MB',
    'RSS MB',
    'B/chunk',
    'cold ms',
    'search p50/p95',
    'ask p50/p95/p99 ms',
    'recall@10',
    'update s',
  ];
  const rows = runs.map((r) => [
    String(r.articles),
    r.embedder,
    String(r.chunks),
    r.build_s.toFixed(1),
    String(r.chunks_per_s),
    (r.disk_bytes / 1e6).toFixed(1),
    (r.rss_bytes / 1e6).toFixed(0),
    String(r.bytes_per_chunk),
    String(r.cold_start_ms),
    `${r.search_p50_ms.toFixed(1)}/${r.search_p95_ms.toFixed(1)}`,
    `${r.ask_p50_ms.toFixed(1)}/${r.ask_p95_ms.toFixed(1)}/${r.ask_p99_ms.toFixed(1)}`,
    r.hnsw_recall_at_10.toFixed(4),
    r.update_one_s.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  log(line(header));
  for (const r of rows) log(line(r));
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

await main();
