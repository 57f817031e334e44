import { createRequire } from 'node:module';
import path from 'node:path';
import type { HierarchicalNSW } from 'hnswlib-node';
import type { HnswParameters } from './vectors.ts';

/** Points a new graph has room for at least. */
const MIN_CAPACITY = 16;
/** How much a full graph grows by (then + MIN_CAPACITY): amortised, like an array's growth. */
const GROWTH = 1.5;
/** hnswlib's random seed, fixed so that the same points in the same order make the same graph. */
const RANDOM_SEED = 100;

type Hnswlib = typeof import('hnswlib-node');

const requireHere = createRequire(import.meta.url);
let addon: Hnswlib | undefined;

/**
 * hnswlib-node's native addon, loaded at first use (listing the articles needs no graph). The
 * package's own entry finds the addon with the `bindings` package, which probes a dozen paths
 * (15–30 ms of a start under load); it is loaded straight from where npm builds it, and through
 * the package when it is not there or does not load.
 */
export function hnswlib(): Hnswlib {
  addon ??= loadAddon();
  return addon;
}

function loadAddon(): Hnswlib {
  try {
    const packageDir = path.dirname(path.dirname(requireHere.resolve('hnswlib-node')));
    return requireHere(path.join(packageDir, 'build', 'Release', 'addon.node')) as Hnswlib;
  } catch {
    return requireHere('hnswlib-node') as Hnswlib;
  }
}

/**
 * The steps of building a graph, shared by VectorIndex (on the caller's thread) and hnsw-worker.ts
 * (VectorIndexBuilder's thread), so both build the same graph.
 */
export function createGraph(dims: number, params: Pick<HnswParameters, 'm' | 'efConstruction'>, capacity: number): HierarchicalNSW {
  const hnsw = new (hnswlib().HierarchicalNSW)('cosine', dims);
  hnsw.initIndex(Math.max(capacity, MIN_CAPACITY), params.m, params.efConstruction, RANDOM_SEED, true);
  return hnsw;
}

export function insertPoint(hnsw: HierarchicalNSW, label: number, vector: Float32Array): void {
  if (hnsw.getCurrentCount() >= hnsw.getMaxElements()) {
    hnsw.resizeIndex(Math.ceil(hnsw.getMaxElements() * GROWTH) + MIN_CAPACITY);
  }
  hnsw.addPoint(Array.from(vector), label, true);
}
