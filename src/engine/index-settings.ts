import type { Config } from '../config.ts';

/** Where the index and its corpus are, and the settings it is built with: what opening and listing compare the index on disk to. */
export function indexSettingsOf(config: Config) {
  return {
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    chunking: { maxChars: config.chunkMaxChars, overlapSentences: config.chunkOverlapSentences },
    hnsw: config.hnsw,
  };
}
