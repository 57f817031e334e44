export type { Embedder } from './embedder.ts';
export { BuiltinEmbedder, type BuiltinEmbedderState } from './builtin-embedder.ts';
export { indexedEmbedderId, selectEmbedder, type EmbedderSettings, type SelectedEmbedder } from './select.ts';
export { findLocalModel, ModelUnavailableError } from './model-files.ts';
export { downloadModel } from './download.ts';
export type { DownloadModelOptions, DownloadProgress } from './transformers-embedder.ts';
