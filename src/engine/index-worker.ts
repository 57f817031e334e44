// The index build of Engine.reindex, on a worker thread: chunking, embedding and the HNSW graph are
// seconds of synchronous work on a large corpus, and on the bot's own thread they would stop it from
// acknowledging interactions (Discord gives 3 s) and answering with the engine still serving.
// The worker brings the index on disk up to date; the caller then loads it.

import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { IndexUpdateStopped, type IndexReport } from '../store/index.ts';
import { Engine } from './engine.ts';

export interface IndexWorkerInput {
  config: Config;
  rebuild: boolean;
  force: boolean;
  /** Shared with the caller, which sets it to 1 to stop the update. */
  stop: Int32Array;
}

export type IndexWorkerMessage =
  | { type: 'log'; line: string }
  | { type: 'progress'; stage: string; done: number; total: number }
  | { type: 'done'; report: IndexReport }
  | { type: 'failed'; message: string; stopped: boolean };

const port = parentPort;
if (port) {
  const post = (message: IndexWorkerMessage) => port.postMessage(message);
  const { config, rebuild, force, stop } = workerData as IndexWorkerInput;
  try {
    const engine = await Engine.open(config, {
      rebuild,
      force,
      shouldStop: () => Atomics.load(stop, 0) === 1,
      log: (line) => post({ type: 'log', line }),
      onProgress: (stage, done, total) => post({ type: 'progress', stage, done, total }),
    });
    post({ type: 'done', report: engine.report });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error), stopped: error instanceof IndexUpdateStopped });
  }
}
