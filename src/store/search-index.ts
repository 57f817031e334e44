import type { Article } from '../corpus/index.ts';
import type { Embedder } from '../embedding/index.ts';
import type { LexicalIndex } from './lexical.ts';
import type { Manifest } from './store.ts';
import type { VectorIndex } from './vectors.ts';

/** What the index keeps of an article: enough to quote it exactly and to cite it. */
export type IndexedArticle = Pick<
  Article,
  'id' | 'title' | 'outlet' | 'hash' | 'text' | 'body' | 'published' | 'url' | 'author' | 'section'
> & {
  /** MinHash signature of the body (near-duplicates.ts); absent when the body is too short to compare. */
  signature?: string;
  /** Ids of the other articles carrying the same story (wire copy republished), when there are any. */
  sameStory?: string[];
};

export interface ChunkRecord {
  label: number;
  articleId: string;
  start: number;
  end: number;
  textHash: string;
}

/** A loaded, consistent index: articles, their chunks, the lexical and the vector index. */
export class SearchIndex {
  readonly chunksByLabel: Map<number, ChunkRecord>;
  private byArticle: Map<string, ChunkRecord[]> | undefined;

  constructor(
    readonly manifest: Manifest,
    readonly articles: ReadonlyMap<string, IndexedArticle>,
    chunks: readonly ChunkRecord[],
    readonly lexical: LexicalIndex,
    readonly vectors: VectorIndex,
    readonly embedder: Embedder,
  ) {
    this.chunksByLabel = new Map(chunks.map((c) => [c.label, c]));
  }

  article(id: string): IndexedArticle {
    const article = this.articles.get(id);
    if (!article) throw new Error(`no article with id ${id}`);
    return article;
  }

  /** The article's chunks (grouped on first use: a listing or a search does not need them). */
  chunksOf(articleId: string): readonly ChunkRecord[] {
    if (!this.byArticle) {
      this.byArticle = new Map();
      for (const chunk of this.chunksByLabel.values()) {
        const list = this.byArticle.get(chunk.articleId);
        if (list) list.push(chunk);
        else this.byArticle.set(chunk.articleId, [chunk]);
      }
    }
    return this.byArticle.get(articleId) ?? [];
  }

  chunkText(chunk: ChunkRecord): string {
    return this.article(chunk.articleId).text.slice(chunk.start, chunk.end);
  }
}
