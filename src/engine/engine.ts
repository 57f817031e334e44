import type { Config } from '../config.ts';
import { selectEmbedder } from '../embedding/select.ts';
import { readManifest, updateIndex, type IndexReport, type SearchIndex } from '../index/index.ts';
import { searchPassages, type Passage } from '../retrieval/index.ts';
import {
  composeAnswer,
  DEFAULT_ANSWER,
  DEFAULT_SUMMARY,
  summarizeArticle,
  summarizeTopic,
  type Answer,
  type AnswerOptions,
  type Summary,
  type TermStatistics,
} from '../answering/index.ts';
import { normalizeArabic } from '../arabic/index.ts';

/** Passages an answer is composed from. */
const ANSWER_PASSAGES = 5;
/** Passages a topic summary draws on. */
const TOPIC_PASSAGES = 8;

export interface EngineOptions {
  /** One-line human messages: skipped files, embedder fallback, rebuild reasons. */
  log?: (line: string) => void;
  onProgress?: (stage: string, done: number, total: number) => void;
  rebuild?: boolean;
}

export interface ArticleInfo {
  id: string;
  title: string;
  outlet: string | null;
  characters: number;
  chunks: number;
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
    const log = options.log ?? (() => {});
    const hasIndex = !options.rebuild && (await readManifest(config.embeddingsDir).catch(() => undefined)) !== undefined;
    const embedder = await selectEmbedder(config, log, !hasIndex, options.onProgress);
    const { index, report } = await updateIndex({
      corpusDir: config.corpusDir,
      indexDir: config.embeddingsDir,
      chunking: { maxChars: config.chunkMaxChars, overlapSentences: config.chunkOverlapSentences },
      hnsw: config.hnsw,
      embedder,
      log,
      onProgress: options.onProgress,
      rebuild: options.rebuild,
    });
    return new Engine(config, index, report);
  }

  reindex(options: EngineOptions = {}): Promise<Engine> {
    return Engine.open(this.config, options);
  }

  search(question: string, k = 5): Promise<Passage[]> {
    return searchPassages(this.index, question, { k, lexicalWeight: this.config.lexicalWeight });
  }

  /** Quotes that answer the question, or not_found; `exclude` skips quotes already shown. */
  async ask(question: string, options: { k?: number; exclude?: AnswerOptions['exclude'] } = {}): Promise<Answer> {
    const passages = await this.search(question, options.k ?? ANSWER_PASSAGES);
    return composeAnswer(question, passages, (id) => this.index.article(id), this.termStatistics, {
      ...DEFAULT_ANSWER,
      exclude: options.exclude,
    });
  }

  /** The passages behind a question and the articles they come from, without composing an answer. */
  async sources(question: string, k = 5): Promise<{ passages: Passage[] }> {
    return { passages: await this.search(question, k) };
  }

  /**
   * Articles matching `query`, most specific kind of match first: the exact id, ids that start
   * with it, titles that contain it (normalised), then ids that contain it.
   */
  findArticles(query: string): ArticleInfo[] {
    const wanted = query.trim();
    const needle = normalizeArabic(wanted);
    if (!needle) return [];
    const all = this.articles();
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
    return summarizeArticle(this.index.article(articleId), this.termWeight, { ...DEFAULT_SUMMARY, sentences });
  }

  async summarizeTopic(topic: string, sentences = DEFAULT_SUMMARY.sentences): Promise<Summary> {
    const passages = await this.search(topic, TOPIC_PASSAGES);
    return summarizeTopic(topic, passages, (id) => this.index.article(id), this.termWeight, { ...DEFAULT_SUMMARY, sentences });
  }

  private readonly termWeight = (term: string): number => this.index.lexical.idf(term);

  private get termStatistics(): TermStatistics {
    const lexical = this.index.lexical;
    return { idf: (t) => lexical.idf(t), has: (t) => lexical.has(t), maxIdf: lexical.idfOfSingleton() };
  }

  /** How many articles the index holds. */
  get articleCount(): number {
    return this.index.articles.size;
  }

  articles(): ArticleInfo[] {
    const chunkCounts = new Map<string, number>();
    for (const c of this.index.chunksByLabel.values()) chunkCounts.set(c.articleId, (chunkCounts.get(c.articleId) ?? 0) + 1);
    return [...this.index.articles.values()].map((a) => ({
      id: a.id,
      title: a.title,
      outlet: a.outlet,
      characters: a.text.length,
      chunks: chunkCounts.get(a.id) ?? 0,
    }));
  }
}
