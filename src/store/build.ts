import { promises as fs } from 'node:fs';
import path from 'node:path';
import { analyzeToTerms } from '../arabic/index.ts';
import { chunkArticle } from '../chunking/index.ts';
import { compareArticleIds, type Article } from '../corpus/index.ts';
import { BuiltinEmbedder, type Embedder } from '../embedding/index.ts';
import { persist } from './generation.ts';
import { LexicalIndex } from './lexical.ts';
import { storySignature } from './near-duplicates.ts';
import { SearchIndex, type ChunkRecord, type IndexedArticle } from './search-index.ts';
import { checkpoint, type IndexSettings } from './settings.ts';
import { ensureSpace, freeBytes, nextGeneration, OutOfSpaceError, partFileName } from './store.ts';
import { VectorIndex, VectorIndexBuilder } from './vectors.ts';

// Building: chunks, vectors and BM25 for a new index or for the changed articles of an existing one.

interface PendingChunk extends ChunkRecord {
  text: string;
  title: string;
}

export async function buildFromScratch(
  articles: Article[],
  settings: IndexSettings,
  previous: SearchIndex | undefined,
): Promise<{ index: SearchIndex; embedded: number }> {
  const pending = chunksOf(articles, settings, 0);
  const embedder =
    settings.embedder.kind === 'model'
      ? settings.embedder.embedder
      : BuiltinEmbedder.fit(
          pending.map((c) => c.text),
          settings.embedder.dims,
        );
  const cache =
    previous && previous.embedder.id === embedder.id && settings.embedder.kind === 'model' ? vectorCache(previous, pending) : undefined;
  const generation = await nextGeneration(settings.indexDir);
  const lexical = new LexicalIndex();
  // The HNSW graph is built on a worker thread while this one embeds and fills BM25 (over half of
  // a build was inserting into the graph); without a worker, here as before.
  const builder = VectorIndexBuilder.start(embedder.dims, settings.hnsw, pending.length);
  let vectors: VectorIndex;
  let hnswFile: string | undefined;
  let embedded: number;
  if (builder) {
    try {
      embedded = await embedAndAdd(pending, embedder, cache, builder, lexical, settings);
      hnswFile = `${path.join(settings.indexDir, partFileName('hnsw', generation))}.tmp-${process.pid}`;
      const hnswBytes = VectorIndex.fileBytesAtLeast(pending.length, embedder.dims, settings.hnsw);
      await ensureSpace(settings.indexDir, hnswBytes);
      await builder.finish(hnswFile);
      if ((await fs.stat(hnswFile)).size < hnswBytes)
        throw new OutOfSpaceError(settings.indexDir, hnswBytes, await freeBytes(settings.indexDir));
    } catch (error) {
      await builder.abort();
      throw error;
    }
    vectors = await VectorIndex.read(hnswFile, embedder.dims, settings.hnsw, pending.length);
  } else {
    vectors = VectorIndex.create(embedder.dims, settings.hnsw, pending.length);
    embedded = await embedAndAdd(pending, embedder, cache, vectors, lexical, settings);
  }
  checkpoint(settings);
  const index = await persist(settings, {
    generation,
    articles: articles.map(toIndexedArticle),
    chunks: pending.map(toRecord),
    nextLabel: pending.length,
    lexical,
    vectors,
    hnswFile,
    embedder,
  });
  return { index, embedded };
}

export async function applyChanges(
  existing: SearchIndex,
  toAdd: Article[],
  idsToRemove: string[],
  settings: IndexSettings,
): Promise<{ index: SearchIndex; embedded: number }> {
  const pending = chunksOf(toAdd, settings, existing.manifest.nextLabel);
  // Before the removals: a changed article's unchanged chunks keep the vectors they had.
  const cache = vectorCache(existing, pending);
  const removedIds = new Set(idsToRemove);
  for (const chunk of existing.chunksByLabel.values()) {
    if (!removedIds.has(chunk.articleId)) continue;
    existing.lexical.remove(chunk.label);
    existing.vectors.remove(chunk.label);
  }
  const embedded = await embedAndAdd(pending, existing.embedder, cache, existing.vectors, existing.lexical, settings);
  const replaced = new Set(toAdd.map((a) => a.id));
  const articles = [
    ...[...existing.articles.values()].filter((a) => !removedIds.has(a.id) && !replaced.has(a.id)),
    ...toAdd.map(toIndexedArticle),
  ].sort((a, b) => compareArticleIds(a.id, b.id));
  const chunks = [...[...existing.chunksByLabel.values()].filter((c) => !removedIds.has(c.articleId)), ...pending.map(toRecord)];
  checkpoint(settings);
  const index = await persist(settings, {
    generation: await nextGeneration(settings.indexDir),
    articles,
    chunks,
    nextLabel: existing.manifest.nextLabel + pending.length,
    lexical: existing.lexical,
    vectors: existing.vectors,
    embedder: existing.embedder,
  });
  return { index, embedded };
}

/**
 * What BM25 indexes for a chunk: its words and its article's title, which names what the whole
 * article is about (measured on ARCD: recall@5 0.944 → 0.951).
 */
function lexicalTerms(chunkText: string, title: string): string[] {
  return [...analyzeToTerms(chunkText), ...analyzeToTerms(title)];
}

/**
 * Vectors of the existing index by chunk text hash, so unchanged text is never embedded twice: only
 * those of the chunks about to be added are fetched (reading every vector out of hnswlib cost seconds).
 */
function vectorCache(index: SearchIndex, wanted: readonly PendingChunk[]): Map<string, Float32Array> {
  const needed = new Set(wanted.map((c) => c.textHash));
  const cache = new Map<string, Float32Array>();
  for (const chunk of index.chunksByLabel.values()) {
    if (needed.has(chunk.textHash) && !cache.has(chunk.textHash)) cache.set(chunk.textHash, index.vectors.vector(chunk.label));
  }
  return cache;
}

const EMBED_BATCH = 64;

/**
 * Embeds the chunks whose vectors are not cached and adds every chunk, in order, to the vectors and
 * to BM25. Chunks are added as soon as their vector is final — a text embedded more than once (the
 * same chunk text twice) keeps the vector of its last batch — so a graph built on a worker thread
 * grows while the next batches are embedded.
 */
async function embedAndAdd(
  pending: PendingChunk[],
  embedder: Embedder,
  cache: Map<string, Float32Array> | undefined,
  vectors: Pick<VectorIndex, 'add'>,
  lexical: LexicalIndex,
  settings: IndexSettings,
): Promise<number> {
  const missing = pending.filter((c) => !cache?.has(c.textHash));
  const lastBatch = new Map<string, number>();
  missing.forEach((c, i) => lastBatch.set(c.textHash, Math.floor(i / EMBED_BATCH)));
  const computed = new Map<string, Float32Array>();
  let batchesDone = 0;
  let next = 0;
  const addReady = () => {
    for (; next < pending.length; next++) {
      const chunk = pending[next]!;
      const cached = cache?.get(chunk.textHash);
      const final = cached === undefined && lastBatch.get(chunk.textHash)! < batchesDone ? computed.get(chunk.textHash) : undefined;
      const vector = cached ?? final;
      if (!vector) return;
      vectors.add(chunk.label, vector);
      lexical.add(chunk.label, lexicalTerms(chunk.text, chunk.title));
    }
  };
  for (let i = 0; i < missing.length; i += EMBED_BATCH) {
    const batch = missing.slice(i, i + EMBED_BATCH);
    const batchVectors = await embedder.embedPassages(batch.map((c) => c.text));
    batch.forEach((c, j) => computed.set(c.textHash, batchVectors[j]!));
    batchesDone++;
    settings.onProgress?.('embedding', Math.min(i + EMBED_BATCH, missing.length), missing.length);
    addReady();
    checkpoint(settings);
  }
  addReady();
  if (next !== pending.length) throw new Error('internal error: a chunk was left without a vector');
  return missing.length;
}

function toIndexedArticle(a: Article | IndexedArticle): IndexedArticle {
  const { id, title, outlet, hash, text, body, published, url, author, section } = a;
  // Articles taken unchanged from the loaded index keep the signature they have.
  const signature = 'signature' in a ? a.signature : storySignature(text, body);
  const optional = { published, url, author, section, signature };
  for (const key of Object.keys(optional) as Array<keyof typeof optional>) if (optional[key] === undefined) delete optional[key];
  return { id, title, outlet, hash, text, body, ...optional };
}

function toRecord(c: PendingChunk): ChunkRecord {
  return { label: c.label, articleId: c.articleId, start: c.start, end: c.end, textHash: c.textHash };
}

/** The chunks of `articles`, labelled from `firstLabel` on. */
function chunksOf(articles: readonly Article[], settings: IndexSettings, firstLabel: number): PendingChunk[] {
  let label = firstLabel;
  return articles.flatMap((article) =>
    chunkArticle(article, settings.chunking).map((chunk) => ({
      label: label++,
      articleId: article.id,
      start: chunk.start,
      end: chunk.end,
      textHash: chunk.textHash,
      text: chunk.text,
      title: article.title,
    })),
  );
}
