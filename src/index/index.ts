export { updateIndex } from './update.ts';
export { loadIndex } from './generation.ts';
export { IndexUpdateStopped, type IndexSettings, type IndexReport } from './settings.ts';
export { DEFAULT_MAX_REMOVED_SHARE } from './changes.ts';
export { IndexLockedError } from './lock.ts';
export { SearchIndex, type ChunkRecord, type IndexedArticle } from './search-index.ts';
export { CorruptIndexError, OutOfSpaceError, readManifest, type Manifest } from './store.ts';
export type { HnswParameters, VectorHit } from './vectors.ts';
export type { LexicalHit, WeightedTerm } from './lexical.ts';
