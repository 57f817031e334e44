import hnswlib from 'hnswlib-node';
import type { HnswParameters } from './vectors.ts';

/** Points a new graph has room for at least. */
const MIN_CAPACITY = 16;
/** How much a full graph grows by (then + MIN_CAPACITY): amortised, like an array's growth. */
const GROWTH = 1.5;
/** hnswlib's random seed, fixed so that the same points in the same order make the same graph. */
const RANDOM_SEED = 100;

/**
 * The steps of building a graph, shared by VectorIndex (on the caller's thread) and hnsw-worker.ts
 * (VectorIndexBuilder's thread), so both build the same graph.
 */
export function createGraph(dims: number, params: Pick<HnswParameters, 'm' | 'efConstruction'>, capacity: number): hnswlib.HierarchicalNSW {
  const hnsw = new hnswlib.HierarchicalNSW('cosine', dims);
  hnsw.initIndex(Math.max(capacity, MIN_CAPACITY), params.m, params.efConstruction, RANDOM_SEED, true);
  return hnsw;
}

export function insertPoint(hnsw: hnswlib.HierarchicalNSW, label: number, vector: Float32Array): void {
  if (hnsw.getCurrentCount() >= hnsw.getMaxElements()) {
    hnsw.resizeIndex(Math.ceil(hnsw.getMaxElements() * GROWTH) + MIN_CAPACITY);
  }
  hnsw.addPoint(Array.from(vector), label, true);
}
