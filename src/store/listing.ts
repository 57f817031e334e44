import { readCorpus } from '../corpus/index.ts';
import { corpusDifference, isUpToDate, keptUnreadable } from './freshness.ts';
import { chunksSchema, parsePart, storedArticlesSchema } from './part-schemas.ts';
import type { IndexedArticle } from './search-index.ts';
import type { IndexSettings } from './settings.ts';
import { readManifest, readPart, settingsMismatch } from './store.ts';

/** An indexed article as a list of articles shows it: its metadata, its length and its number of chunks. */
export type ListedArticle = Omit<IndexedArticle, 'text' | 'body' | 'hash' | 'signature'> & { characters: number; chunks: number };

export interface ArticleListing {
  embedderId: string;
  articles: ListedArticle[];
}

/**
 * The articles of the index in `indexDir` without loading it (no search data, no vectors, no
 * embedder) — when it was built with these settings and is up to date with the corpus by the one
 * check updating uses (freshness.ts). Otherwise undefined: the caller then opens the index as
 * usual, which updates it, rebuilds it or says why it cannot.
 */
export async function readArticleListing(
  settings: Pick<IndexSettings, 'corpusDir' | 'indexDir' | 'chunking' | 'hnsw'> & { embedderId: string },
): Promise<ArticleListing | undefined> {
  try {
    const manifest = await readManifest(settings.indexDir);
    if (!manifest || settingsMismatch(manifest, settings)) return undefined;
    const indexed = manifest.articleHashes;
    const read = await readCorpus(settings.corpusDir, { known: indexed });
    const current = [...read.articles, ...(read.unchanged ?? []).map((id) => ({ id, hash: indexed[id]! }))];
    const present = new Set(current.map((a) => a.id));
    current.push(...keptUnreadable(Object.keys(indexed), present, read.skipped).map((id) => ({ id, hash: indexed[id]! })));
    if (current.length === 0 || !isUpToDate(corpusDifference(indexed, current))) return undefined;

    const [articlesJson, chunksJson, texts] = await Promise.all([
      readPart(settings.indexDir, manifest, 'articles'),
      readPart(settings.indexDir, manifest, 'chunks'),
      readPart(settings.indexDir, manifest, 'texts'),
    ]);
    const stored = parsePart(articlesJson, 'articles', storedArticlesSchema);
    const chunks = parsePart(chunksJson, 'chunks', chunksSchema);
    const textUnits = stored.reduce((sum, a) => sum + a.length, 0);
    if (stored.length !== manifest.counts.articles || chunks.length !== manifest.counts.chunks || textUnits * 2 !== texts.length) {
      return undefined;
    }
    const chunkCounts = new Map<string, number>();
    for (const c of chunks) chunkCounts.set(c.articleId, (chunkCounts.get(c.articleId) ?? 0) + 1);
    const articles = stored.map(({ length, body: _body, hash: _hash, signature: _signature, ...record }) => ({
      ...(record as Omit<ListedArticle, 'characters' | 'chunks'>),
      characters: length,
      chunks: chunkCounts.get(record.id) ?? 0,
    }));
    return { embedderId: manifest.embedder.id, articles };
  } catch {
    // Damaged, or replaced by a writer while read: opening the index deals with it.
    return undefined;
  }
}
