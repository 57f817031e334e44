import type { ChunkingOptions } from '../chunking/index.ts';
import type { SkippedFile } from '../corpus/index.ts';
import type { SelectedEmbedder } from '../embedding/index.ts';
import type { Manifest } from './store.ts';
import type { HnswParameters } from './vectors.ts';

export interface IndexSettings {
  corpusDir: string;
  indexDir: string;
  chunking: ChunkingOptions;
  hnsw: HnswParameters;
  embedder: SelectedEmbedder;
  /** A one-line human message (skipped files, rebuild reasons, a stale index). */
  log?: (line: string) => void;
  onProgress?: (stage: 'embedding', done: number, total: number) => void;
  /** Rebuild everything even when an up-to-date index exists. */
  rebuild?: boolean;
  /**
   * When another process is writing the index: wait for it (the default when there is no index to
   * serve meanwhile), serve the index as it is with a warning ('serve', the default otherwise), or
   * fail with IndexLockedError.
   */
  whenLocked?: 'wait' | 'serve' | 'fail';
  /** Update even when that would drop more than `maxRemovedShare` of the indexed articles. */
  force?: boolean;
  /** Share of the indexed articles an update may drop (default 0.5); dropping all of them always needs `force`. */
  maxRemovedShare?: number;
  /** Never write: serve the index as it is (stale or not, without the stale line: the caller knows why). */
  readOnly?: boolean;
  /** A lock not refreshed for this long belongs to a dead writer and is taken over (default 10 s, at least 2 s). */
  lockStaleMs?: number;
  /** Polled between steps of a build; true stops it (IndexUpdateStopped) with nothing written. */
  shouldStop?: () => boolean;
  /** The manifest as the caller already read it (readManifest's promise), so that it is not read again. */
  manifest?: Promise<Manifest | undefined>;
}

export interface IndexReport {
  upToDate: boolean;
  rebuilt: boolean;
  articles: number;
  chunks: number;
  added: number;
  changed: number;
  removed: number;
  /** Chunks whose vectors were computed (not taken from the cache). */
  embedded: number;
  skipped: SkippedFile[];
  embedderId: string;
  seconds: number;
  /** Set when the corpus differs from the index and the index could not be updated: why, in one line. */
  stale?: string;
}

/** Thrown at a step of a build when IndexSettings.shouldStop says so; nothing of it is committed. */
export class IndexUpdateStopped extends Error {
  override name = 'IndexUpdateStopped';
  constructor() {
    super('the index update was stopped');
  }
}

export function checkpoint(settings: IndexSettings): void {
  if (settings.shouldStop?.()) throw new IndexUpdateStopped();
}
