import type { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { startWorker } from '../worker-thread.ts';
import { selectEmbedder } from '../embedding/index.ts';
import { IndexUpdateStopped, readManifest, updateIndex, type IndexReport, type IndexSettings, type SearchIndex } from '../store/index.ts';
import { searchPassages, type ArticleFilter, type Passage } from '../retrieval/index.ts';
import {
  answerModel,
  citeSameStories,
  composeAnswer,
  withCopies,
  DEFAULT_ANSWER,
  DEFAULT_SUMMARY,
  scoreSentences,
  summarizeArticle,
  summarizeTopic,
  type Answer,
  type AnswerModel,
  type AnswerOptions,
  type ScoredSentence,
  type Summary,
  type TermStatistics,
  questionScript,
  type QuestionScript,
} from '../answering/index.ts';
import { normalizeArabic } from '../arabic/index.ts';
import { articleInfos, type ArticleInfo } from './article-list.ts';
import type { IndexWorkerInput, IndexWorkerMessage } from './index-worker.ts';
import { indexSettingsOf } from './index-settings.ts';

/** Passages an answer is composed from. */
const ANSWER_PASSAGES = 5;
/** Passages a topic summary draws on. */
const TOPIC_PASSAGES = 8;

export interface EngineOptions {
  /** One-line human messages: skipped files, embedder fallback, rebuild reasons. */
  log?: (line: string) => void;
  onProgress?: (stage: string, done: number, total: number) => void;
  rebuild?: boolean;
  /** Update even when that would drop most of the indexed articles (see IndexSettings.force). */
  force?: boolean;
  /** What to do when another process is writing the index (see IndexSettings.whenLocked). */
  whenLocked?: IndexSettings['whenLocked'];
  /** Serve the index as it is, never write (after an update that could not be made). */
  readOnly?: boolean;
  /** Polled during an update: true stops it (IndexUpdateStopped), the index on disk left as it was. */
  shouldStop?: () => boolean;
  /** Skip checking the committed answer model (npm run train, which replaces a stale one, reads only features). */
  withoutAnswerModel?: boolean;
}

export interface ReindexOptions extends Omit<EngineOptions, 'shouldStop' | 'readOnly' | 'whenLocked'> {
  /** Aborting stops the update (IndexUpdateStopped); the index on disk is left as it was. */
  signal?: AbortSignal;
}

/**
 * The one object the CLI and the Discord bot hold: an index brought up to date with the corpus,
 * and the questions it can answer. `reindex()` returns a new Engine; the old one keeps serving.
 */
export class Engine {
  private constructor(
    readonly config: Config,
    readonly index: SearchIndex,
    readonly report: IndexReport,
  ) {}

  static async open(config: Config, options: EngineOptions = {}): Promise<Engine> {
    if (!options.withoutAnswerModel) answerModel(); // a stale or damaged answer model stops here, before any work
    const log = options.log ?? (() => {});
    // Read once: whether there is an index, then what the update compares the corpus with.
    const manifest = readManifest(config.indexDir);
    manifest.catch(() => {}); // a damaged manifest is reported by the update, not here
    const hasIndex = !options.rebuild && (await manifest.catch(() => undefined)) !== undefined;
    const embedder = await selectEmbedder(config, log, !hasIndex, options.onProgress);
    const { index, report } = await updateIndex({
      ...indexSettingsOf(config),
      embedder,
      log,
      onProgress: options.onProgress,
      rebuild: options.rebuild,
      force: options.force,
      whenLocked: options.whenLocked,
      readOnly: options.readOnly,
      maxRemovedShare: config.indexMaxRemovedShare,
      shouldStop: options.shouldStop,
      manifest,
    });
    return new Engine(config, index, report);
  }

  /**
   * A new Engine over the corpus as it is now; this one keeps serving meanwhile. The index is
   * brought up to date on a worker thread, so the thread this engine answers on stays free (a bot
   * must acknowledge each interaction within 3 s), then loaded here. Where no worker thread can be
   * started, it is done on this thread, as Engine.open does.
   */
  async reindex(options: ReindexOptions = {}): Promise<Engine> {
    const started = performance.now();
    const log = options.log ?? (() => {});
    const fromWorker = new Set<string>();
    let built: IndexReport;
    try {
      built = await updateIndexInWorker(
        this.config,
        { rebuild: options.rebuild ?? false, force: options.force ?? false },
        {
          log: (line) => {
            fromWorker.add(line);
            log(line);
          },
          onProgress: options.onProgress,
          signal: options.signal,
        },
      );
    } catch (error) {
      if (!(error instanceof WorkerUnavailableError)) throw error;
      log(`indexing on the main thread: ${error.message}`);
      return Engine.open(this.config, { ...options, shouldStop: () => options.signal?.aborted ?? false });
    }
    // Up to date now unless the corpus changed again meanwhile; what the worker said is not repeated.
    // An index the worker could not update is loaded as it is, not tried again on this thread.
    const opened = await Engine.open(this.config, {
      log: (line) => fromWorker.has(line) || log(line),
      onProgress: options.onProgress,
      readOnly: built.stale !== undefined,
      force: options.force,
    });
    const report = opened.report.upToDate || built.stale ? { ...built, seconds: (performance.now() - started) / 1000 } : opened.report;
    return new Engine(opened.config, opened.index, report);
  }

  /** `filter`: only passages of the articles of these dates and outlet. */
  search(question: string, k = 5, filter?: ArticleFilter): Promise<Passage[]> {
    return searchPassages(this.index, question, { k, lexicalWeight: this.config.lexicalWeight, filter });
  }

  /** Quotes that answer the question, or not_found; `exclude` skips quotes already shown. */
  async ask(
    question: string,
    options: { k?: number; exclude?: AnswerOptions['exclude']; filter?: ArticleFilter; model?: AnswerModel } = {},
  ): Promise<Answer> {
    const passages = await this.search(question, options.k ?? ANSWER_PASSAGES, options.filter);
    const answer = composeAnswer(question, passages, this.articleOf, this.termStatistics, {
      ...DEFAULT_ANSWER,
      exclude: options.exclude && withCopies(options.exclude, this.articleOf),
      ...(options.model && { model: options.model }),
    });
    return citeSameStories(answer, this.articleOf);
  }

  /** The answer model's view of a question's best candidate sentences: what `npm run train` learns from. */
  async scoreSentences(question: string, model?: AnswerModel): Promise<ScoredSentence[]> {
    const passages = await this.search(question, ANSWER_PASSAGES);
    return scoreSentences(question, passages, (id) => this.index.article(id), this.termStatistics, model);
  }

  private readonly articleOf = (id: string) => this.index.article(id);

  /**
   * Articles matching `query`, most specific kind of match first: the exact id, ids that start
   * with it, titles that contain it (normalised), then ids that contain it.
   */
  findArticles(query: string, filter?: ArticleFilter): ArticleInfo[] {
    const wanted = query.trim();
    const needle = normalizeArabic(wanted);
    if (!needle) return [];
    const all = this.articles(filter);
    const tiers = [
      (a: ArticleInfo) => a.id === wanted,
      (a: ArticleInfo) => a.id.startsWith(wanted),
      (a: ArticleInfo) => normalizeArabic(a.title).includes(needle),
      (a: ArticleInfo) => a.id.includes(wanted),
    ];
    for (const matches of tiers) {
      const found = all.filter(matches);
      if (found.length) return found;
    }
    return [];
  }

  summarizeArticle(articleId: string, sentences = DEFAULT_SUMMARY.sentences): Summary {
    const summary = summarizeArticle(this.index.article(articleId), this.termWeight, { ...DEFAULT_SUMMARY, sentences });
    return citeSameStories(summary, this.articleOf, 'by source, in document order');
  }

  async summarizeTopic(topic: string, sentences = DEFAULT_SUMMARY.sentences, filter?: ArticleFilter): Promise<Summary> {
    const passages = await this.search(topic, TOPIC_PASSAGES, filter);
    const summary = summarizeTopic(topic, passages, this.articleOf, this.termWeight, { ...DEFAULT_SUMMARY, sentences });
    return citeSameStories(summary, this.articleOf, 'by source, in document order');
  }

  private readonly termWeight = (term: string): number => this.index.lexical.idf(term);

  private get termStatistics(): TermStatistics {
    const { lexical } = this.index;
    return {
      idf: (t) => lexical.idf(t),
      has: (t) => lexical.has(t),
      maxIdf: lexical.idfOfSingleton(),
      chunksWith: (t, articleId) => this.index.chunksOf(articleId).filter((c) => lexical.holds(t, c.label)),
    };
  }

  /** Whether the embedder in use compares meaning (a model), not only character n-grams (the built-in one). */
  /** How the question's script meets the Arabic articles (see answering's questionScript): every front end says the same. */
  questionScript(question: string): QuestionScript {
    return questionScript(question, this);
  }

  get searchesByMeaning(): boolean {
    return this.index.embedder.id.startsWith('transformers:');
  }

  /** How many articles the index holds. */
  get articleCount(): number {
    return this.index.articles.size;
  }

  /** The articles (those passing `filter`), newest first; undated ones last; then by id. */
  articles(filter?: ArticleFilter): ArticleInfo[] {
    const chunkCounts = new Map<string, number>();
    for (const c of this.index.chunksByLabel.values()) chunkCounts.set(c.articleId, (chunkCounts.get(c.articleId) ?? 0) + 1);
    const listed = [...this.index.articles.values()].map((a) => ({ ...a, characters: a.text.length, chunks: chunkCounts.get(a.id) ?? 0 }));
    return articleInfos(listed, filter);
  }
}

/** How long a worker asked to stop may take to finish its step and release the index lock. */
const STOP_GRACE_MS = 5000;

class WorkerUnavailableError extends Error {
  override name = 'WorkerUnavailableError';
}

/** Runs updateIndex (through Engine.open) in src/engine/index-worker; resolves with its report. */
function updateIndexInWorker(
  config: Config,
  update: Pick<IndexWorkerInput, 'rebuild' | 'force'>,
  handlers: Required<Pick<EngineOptions, 'log'>> & Pick<ReindexOptions, 'onProgress' | 'signal'>,
): Promise<IndexReport> {
  return new Promise<IndexReport>((resolve, reject) => {
    let worker: Worker;
    // Set to 1 to stop the update: read by the worker between steps, even while it never yields.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    try {
      const workerData: IndexWorkerInput = { config, ...update, stop };
      worker = startWorker(import.meta.url, 'index-worker', { workerData });
    } catch (error) {
      reject(new WorkerUnavailableError(error instanceof Error ? error.message : String(error)));
      return;
    }
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    const abort = () => {
      Atomics.store(stop, 0, 1);
      // A worker stuck in one long step is ended; a lock it held is then taken over as stale.
      setTimeout(() => settle(() => reject(new IndexUpdateStopped())), STOP_GRACE_MS).unref();
    };
    if (handlers.signal?.aborted) abort();
    else handlers.signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'log') handlers.log(message.line);
      else if (message.type === 'progress') handlers.onProgress?.(message.stage, message.done, message.total);
      else if (message.type === 'done') settle(() => resolve(message.report));
      else settle(() => reject(message.stopped ? new IndexUpdateStopped() : new Error(message.message)));
    });
    worker.on('error', (error) => settle(() => reject(new WorkerUnavailableError(`the index worker failed: ${error.message}`))));
    worker.on('exit', (code) => settle(() => reject(new WorkerUnavailableError(`the index worker exited with code ${code}`))));
  });
}
