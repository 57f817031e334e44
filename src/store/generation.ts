import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BuiltinEmbedder, type Embedder } from '../embedding/index.ts';
import { LexicalIndex, type LexicalMeta } from './lexical.ts';
import { storyGroups } from './near-duplicates.ts';
import { chunksSchema, lexicalMetaSchema, parseJson, parsePart, storedArticlesSchema } from './part-schemas.ts';
import { SearchIndex, type ChunkRecord, type IndexedArticle } from './search-index.ts';
import { checkpoint, type IndexSettings } from './settings.ts';
import {
  commitManifest,
  CorruptIndexError,
  describeFile,
  ensureSpace,
  freeBytes,
  INDEX_FORMAT_VERSION,
  OutOfSpaceError,
  partFileName,
  partPath,
  readManifest,
  readPart,
  removeUnlisted,
  syncFile,
  writeFileAtomic,
  type Manifest,
} from './store.ts';
import { VectorIndex } from './vectors.ts';

// One generation of the index on disk: loaded and verified, or written and committed.

/** Loads and verifies the index; undefined when none exists, CorruptIndexError when damaged. `read`: the manifest, already being read. */
export async function loadIndex(
  indexDir: string,
  settings: Pick<IndexSettings, 'hnsw' | 'embedder'>,
  read = readManifest(indexDir),
): Promise<SearchIndex | undefined> {
  for (let attempt = 1; ; attempt++) {
    const manifest = await (attempt === 1 ? read : readManifest(indexDir));
    if (!manifest) return undefined;
    try {
      return await loadGeneration(indexDir, manifest, settings);
    } catch (error) {
      // A writer committed a newer generation and removed this one's files while they were read:
      // not damage, the newer one is loaded instead.
      const now = await readManifest(indexDir).catch(() => undefined);
      if (attempt >= MAX_LOAD_ATTEMPTS || !now || now.generation === manifest.generation) throw error;
    }
  }
}

const MAX_LOAD_ATTEMPTS = 5;

async function loadGeneration(
  indexDir: string,
  manifest: Manifest,
  settings: Pick<IndexSettings, 'hnsw' | 'embedder'>,
): Promise<SearchIndex> {
  const [articlesJson, textsBin, chunksJson, lexicalJson, postingsBin, embedderJson] = await Promise.all([
    readPart(indexDir, manifest, 'articles'),
    readPart(indexDir, manifest, 'texts'),
    readPart(indexDir, manifest, 'chunks'),
    readPart(indexDir, manifest, 'lexical'),
    readPart(indexDir, manifest, 'postings'),
    manifest.files.embedder ? readPart(indexDir, manifest, 'embedder') : undefined,
    readPart(indexDir, manifest, 'hnsw'),
  ]);
  const articles = restore('articles', () => withTexts(parsePart(articlesJson, 'articles', storedArticlesSchema), textsBin));
  const chunks: ChunkRecord[] = parsePart(chunksJson, 'chunks', chunksSchema);
  const lexical = restore('lexical', () =>
    LexicalIndex.fromParts(parsePart(lexicalJson, 'lexical', lexicalMetaSchema) as LexicalMeta, postingsBin),
  );
  if (articles.length !== manifest.counts.articles || chunks.length !== manifest.counts.chunks) {
    throw new CorruptIndexError('article or chunk counts differ from the manifest');
  }
  let embedder: Embedder;
  if (embedderJson) {
    embedder = BuiltinEmbedder.fromState(parseJson(embedderJson, 'embedder'));
  } else if (settings.embedder.kind === 'model' && settings.embedder.embedder.id === manifest.embedder.id) {
    embedder = settings.embedder.embedder;
  } else {
    // Built by a model that is not loaded now: the caller sees the id mismatch and rebuilds.
    embedder = { id: manifest.embedder.id, dims: manifest.embedder.dims, embedPassages: unavailable, embedQuery: unavailable };
    unavailableEmbedders.add(embedder);
  }
  const vectors = await VectorIndex.read(partPath(indexDir, manifest, 'hnsw'), manifest.embedder.dims, settings.hnsw, chunks.length);
  return new SearchIndex(manifest, new Map(articles.map((a) => [a.id, a])), chunks, lexical, vectors, embedder);
}

const unavailableEmbedders = new WeakSet<Embedder>();

/** False for an index built by a model that is not loaded now: it cannot embed a question. */
export function canAnswer(index: SearchIndex): boolean {
  return !unavailableEmbedders.has(index.embedder);
}

async function unavailable(): Promise<never> {
  throw new Error('the model that built this index is not loaded');
}

/** A part that passed its checksum but cannot be used (written by another version): damaged, so rebuilt. */
function restore<T>(part: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof CorruptIndexError) throw error;
    throw new CorruptIndexError(`the ${part} file cannot be read: ${(error as Error).message}`);
  }
}

/** An article as articles.N.json holds it: its text is in texts.N.bin, after the texts of the articles before it. */
type StoredArticle = Omit<IndexedArticle, 'text'> & { length: number };

export function toStored(articles: readonly IndexedArticle[]): { json: string; texts: Buffer } {
  let units = 0;
  for (const a of articles) units += a.text.length;
  const texts = Buffer.allocUnsafe(units * 2);
  let at = 0;
  const stored: StoredArticle[] = articles.map(({ text, ...record }) => {
    at += texts.write(text, at, 'utf16le');
    return { ...record, length: text.length };
  });
  return { json: JSON.stringify(stored), texts };
}

function withTexts(stored: StoredArticle[], texts: Buffer): IndexedArticle[] {
  let at = 0;
  const articles = stored.map(({ length, ...record }) => {
    if (!Number.isInteger(length) || length < 0 || at + length * 2 > texts.length)
      throw new Error('text lengths do not match the texts file');
    const text = texts.toString('utf16le', at, at + length * 2);
    at += length * 2;
    return { ...record, text };
  });
  if (at !== texts.length) throw new Error('text lengths do not match the texts file');
  return articles;
}

export interface IndexContents {
  generation: number;
  articles: IndexedArticle[];
  chunks: ChunkRecord[];
  nextLabel: number;
  lexical: LexicalIndex;
  vectors: VectorIndex;
  /** The vectors' graph already written to the hnsw part's temporary name (VectorIndexBuilder). */
  hnswFile?: string;
  embedder: Embedder;
}

export async function persist(settings: IndexSettings, contents: IndexContents): Promise<SearchIndex> {
  const dir = settings.indexDir;
  const g = contents.generation;
  const file = (part: Parameters<typeof partFileName>[0]) => path.join(dir, partFileName(part, g));
  const builtinState = contents.embedder instanceof BuiltinEmbedder ? contents.embedder.toState() : undefined;

  // The parts are written at the same time (encoding and hashing one while another goes to disk);
  // the manifest, written after all of them, is still the commit point.
  const hnswFile = file('hnsw');
  const writeHnsw = async () => {
    const temporary = `${hnswFile}.tmp-${process.pid}`;
    if (contents.hnswFile !== temporary) await contents.vectors.write(temporary);
    const written = (await fs.stat(temporary)).size;
    if (written < contents.vectors.fileBytesAtLeast()) {
      throw new OutOfSpaceError(dir, contents.vectors.fileBytesAtLeast(), await freeBytes(dir));
    }
    await syncFile(temporary);
    await fs.rename(temporary, hnswFile);
    return describeFile(hnswFile);
  };
  const linked = linkSameStories(contents.articles);
  const stored = toStored(linked);
  const lexical = contents.lexical.toParts();
  const chunksJson = JSON.stringify(contents.chunks);
  const lexicalJson = JSON.stringify(lexical.meta);
  const builtinJson = builtinState ? JSON.stringify(builtinState) : null;
  await ensureSpace(
    dir,
    (contents.hnswFile === undefined ? contents.vectors.fileBytesAtLeast() : 0) +
      Buffer.byteLength(stored.json) +
      stored.texts.length +
      Buffer.byteLength(chunksJson) +
      Buffer.byteLength(lexicalJson) +
      lexical.data.length +
      (builtinJson ? Buffer.byteLength(builtinJson) : 0),
  );
  const [hnsw, articles, texts, chunks, lexicalMeta, postings, embedder] = await Promise.all([
    writeHnsw(),
    writeFileAtomic(file('articles'), stored.json),
    writeFileAtomic(file('texts'), stored.texts),
    writeFileAtomic(file('chunks'), chunksJson),
    writeFileAtomic(file('lexical'), lexicalJson),
    writeFileAtomic(file('postings'), lexical.data),
    builtinJson ? writeFileAtomic(file('embedder'), builtinJson) : null,
  ]);
  const entries = { articles, texts, chunks, lexical: lexicalMeta, postings, hnsw, embedder };
  const named = <T extends { bytes: number; sha256: string } | null>(part: Parameters<typeof partFileName>[0], e: T) =>
    e && { name: partFileName(part, g), ...e };
  const manifest: Manifest = {
    format: INDEX_FORMAT_VERSION,
    generation: g,
    createdAt: new Date().toISOString(),
    embedder: { id: contents.embedder.id, dims: contents.embedder.dims },
    chunking: { maxChars: settings.chunking.maxChars, overlapSentences: settings.chunking.overlapSentences },
    hnsw: { m: settings.hnsw.m, efConstruction: settings.hnsw.efConstruction },
    counts: { articles: contents.articles.length, chunks: contents.chunks.length },
    nextLabel: contents.nextLabel,
    articleHashes: Object.fromEntries(contents.articles.map((a) => [a.id, a.hash])),
    files: {
      articles: named('articles', entries.articles)!,
      texts: named('texts', entries.texts),
      chunks: named('chunks', entries.chunks)!,
      lexical: named('lexical', entries.lexical)!,
      postings: named('postings', entries.postings),
      hnsw: named('hnsw', entries.hnsw)!,
      embedder: named('embedder', entries.embedder),
    },
  };
  checkpoint(settings);
  await commitManifest(dir, manifest);
  await removeUnlisted(dir, manifest);
  return new SearchIndex(
    manifest,
    new Map(linked.map((a) => [a.id, a])),
    contents.chunks,
    contents.lexical,
    contents.vectors,
    contents.embedder,
  );
}

/** The articles with sameStory set from the near-duplicate groups of the whole index (copies: a serving index's articles stay as they are). */
function linkSameStories(articles: readonly IndexedArticle[]): IndexedArticle[] {
  const sameStory = new Map<string, string[]>();
  for (const group of storyGroups(articles))
    for (const id of group)
      sameStory.set(
        id,
        group.filter((other) => other !== id),
      );
  return articles.map(({ sameStory: _previous, ...a }) => (sameStory.has(a.id) ? { ...a, sameStory: sameStory.get(a.id)! } : a));
}
