/** Index settings for tests: the application's defaults (from loadConfig with an explicit env), in the given folders. */
import { chunkArticle, type ChunkingOptions } from '../../src/chunking/index.ts';
import { loadConfig } from '../../src/config.ts';
import { readCorpus } from '../../src/corpus/index.ts';
import type { SelectedEmbedder } from '../../src/embedding/index.ts';
import type { IndexSettings } from '../../src/store/index.ts';
import { ROOT } from './fixtures.ts';

const defaults = loadConfig({ EMBEDDER: 'builtin' }, ROOT);

export const DEFAULT_CHUNKING: ChunkingOptions = {
  maxChars: defaults.chunkMaxChars,
  overlapSentences: defaults.chunkOverlapSentences,
};
export const DEFAULT_HNSW = defaults.hnsw;
export const DEFAULT_BUILTIN_DIMS = defaults.builtinDims;
export const DEFAULT_BUILTIN: SelectedEmbedder = { kind: 'builtin', dims: DEFAULT_BUILTIN_DIMS };

/** Settings for `updateIndex`/`loadIndex` with the built-in embedder unless `overrides.embedder` says otherwise. */
export function indexSettings(corpusDir: string, indexDir: string, overrides: Partial<IndexSettings> = {}): IndexSettings {
  return {
    corpusDir,
    indexDir,
    chunking: DEFAULT_CHUNKING,
    hnsw: DEFAULT_HNSW,
    embedder: DEFAULT_BUILTIN,
    ...overrides,
  };
}

/** What the index should hold for a corpus folder, worked out from the corpus reader and the chunker alone. */
export async function expectedContents(
  corpusDir: string,
  chunking: ChunkingOptions = DEFAULT_CHUNKING,
): Promise<{ ids: string[]; chunks: number; chunksByArticle: Map<string, number> }> {
  const { articles } = await readCorpus(corpusDir);
  const chunksByArticle = new Map(articles.map((a) => [a.id, chunkArticle(a, chunking).length]));
  return {
    ids: articles.map((a) => a.id).sort(),
    chunks: [...chunksByArticle.values()].reduce((sum, n) => sum + n, 0),
    chunksByArticle,
  };
}
