// The worker of VectorIndexBuilder (vectors.ts): inserts into the graph off the caller's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createGraph, insertPoint } from './hnsw.ts';
import type { HnswParameters } from './vectors.ts';

export interface HnswWorkerInput {
  dims: number;
  params: Pick<HnswParameters, 'm' | 'efConstruction'>;
  capacity: number;
}

export type HnswWorkerRequest = { type: 'add'; labels: Int32Array; vectors: Float32Array } | { type: 'write'; file: string };
export type HnswWorkerReply = { type: 'written' } | { type: 'error'; message: string };

const { dims, params, capacity } = workerData as HnswWorkerInput;
const hnsw = createGraph(dims, params, capacity);
const port = parentPort!;
const reply = (message: HnswWorkerReply) => port.postMessage(message);

port.on('message', async (message: HnswWorkerRequest) => {
  try {
    if (message.type === 'add') {
      for (let i = 0; i < message.labels.length; i++)
        insertPoint(hnsw, message.labels[i]!, message.vectors.subarray(i * dims, (i + 1) * dims));
    } else {
      await hnsw.writeIndex(message.file);
      reply({ type: 'written' });
    }
  } catch (error) {
    reply({ type: 'error', message: String((error instanceof Error && error.stack) || error) });
    process.exit(1);
  }
});
