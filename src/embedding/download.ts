import type { DownloadModelOptions } from './transformers-embedder.ts';

/**
 * Fetches the model into the models folder; returns that folder. transformers.js is imported here,
 * on the one path that needs it, because importing it costs a command several times its start-up.
 */
export async function downloadModel(opts: DownloadModelOptions): Promise<string> {
  const transformers = await import('./transformers-embedder.ts');
  return transformers.downloadModel(opts);
}
