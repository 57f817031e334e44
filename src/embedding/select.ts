import type { Embedder } from './embedder.ts';
import { builtinEmbedderId } from './builtin-id.ts';
import { findLocalModel, modelEmbedderId, ModelUnavailableError } from './model-files.ts';

export interface EmbedderSettings {
  embedder: 'auto' | 'transformers' | 'builtin';
  embeddingModel: string;
  modelsDir: string;
  allowRemoteModels: boolean;
  modelDownloadTimeoutMs: number;
  builtinDims: number;
}

/** The embedder to index with: a loaded model, or the built-in one (fitted on the corpus when the index is built). */
export type SelectedEmbedder = { kind: 'model'; embedder: Embedder } | { kind: 'builtin'; dims: number };

/**
 * `builtin` needs nothing; `transformers` must load the model or fail; `auto` uses the model when
 * it is in the models folder, tries to download it only when `mayDownload` (a new index is being
 * built), and otherwise falls back to the built-in embedder — saying why and how to get the model
 * when a new index is built with it. transformers.js is imported only when a model is actually loaded: it is slow to import.
 */
export async function selectEmbedder(
  settings: EmbedderSettings,
  log: (line: string) => void,
  mayDownload = true,
  onDownloadProgress?: (file: string, loaded: number, total: number) => void,
): Promise<SelectedEmbedder> {
  if (settings.embedder === 'builtin') return { kind: 'builtin', dims: settings.builtinDims };
  const local = await findLocalModel(settings.modelsDir, settings.embeddingModel);
  const allowRemote = settings.allowRemoteModels && (mayDownload || settings.embedder === 'transformers');
  try {
    if (!local.dtype && !allowRemote) {
      const reason = settings.allowRemoteModels
        ? 'the index was built without it; `npx isnad index --rebuild` tries the download again'
        : 'downloading is turned off';
      throw new ModelUnavailableError(settings.embeddingModel, settings.modelsDir, reason);
    }
    const { loadTransformersEmbedder } = await import('./transformers-embedder.ts');
    const embedder = await loadTransformersEmbedder({
      model: settings.embeddingModel,
      modelsDir: settings.modelsDir,
      allowRemote,
      remoteTimeoutMs: settings.modelDownloadTimeoutMs,
      onDownloadProgress: onDownloadProgress && ((p) => onDownloadProgress(p.file, p.loaded, p.total)),
    });
    return { kind: 'model', embedder };
  } catch (error) {
    if (settings.embedder === 'transformers' || !(error instanceof ModelUnavailableError)) throw error;
    // Said once, when a new index is built with it; `isnad articles` names the embedder afterwards.
    if (mayDownload) log(`using the built-in embedder (spelling and morphology, not meaning): ${error.message}`);
    return { kind: 'builtin', dims: settings.builtinDims };
  }
}

/**
 * The id of the embedder selectEmbedder picks for an existing index, without loading a model;
 * undefined when only loading it can tell (a model that may have to be downloaded).
 */
export async function indexedEmbedderId(settings: EmbedderSettings): Promise<string | undefined> {
  if (settings.embedder === 'builtin') return builtinEmbedderId(settings.builtinDims);
  const local = await findLocalModel(settings.modelsDir, settings.embeddingModel);
  if (local.dtype) return modelEmbedderId(settings.embeddingModel, local.dtype);
  return settings.embedder === 'auto' ? builtinEmbedderId(settings.builtinDims) : undefined;
}
