export { updateIndex, loadIndex, type IndexSettings, type IndexReport } from './build.ts';
export { SearchIndex, type ChunkRecord, type IndexedArticle } from './search-index.ts';
export { CorruptIndexError, readManifest, type Manifest } from './store.ts';
export type { HnswParameters, VectorHit } from './vectors.ts';
export type { LexicalHit, WeightedTerm } from './lexical.ts';
