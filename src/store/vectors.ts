import type { Worker } from 'node:worker_threads';
import type { HierarchicalNSW } from 'hnswlib-node';
import { startWorker } from '../worker-thread.ts';
import { createGraph, hnswlib, insertPoint } from './hnsw.ts';
import type { HnswWorkerInput, HnswWorkerReply, HnswWorkerRequest } from './hnsw-worker.ts';

export interface HnswParameters {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export interface VectorHit {
  label: number;
  /** Cosine similarity, 1 for identical directions. */
  similarity: number;
}

/** Approximate nearest neighbours by cosine similarity (hnswlib), labelled by chunk label. */
export class VectorIndex {
  private constructor(
    private readonly hnsw: HierarchicalNSW,
    readonly dims: number,
    private readonly params: HnswParameters,
    /** Points not marked deleted; hnswlib does not report it, and asking it for more neighbours than exist throws. */
    private live: number,
  ) {
    hnsw.setEf(params.efSearch);
  }

  static create(dims: number, params: HnswParameters, capacity: number): VectorIndex {
    return new VectorIndex(createGraph(dims, params, capacity), dims, params, 0);
  }

  static async read(file: string, dims: number, params: HnswParameters, liveCount: number): Promise<VectorIndex> {
    const hnsw = new (hnswlib().HierarchicalNSW)('cosine', dims);
    await hnsw.readIndex(file, true);
    return new VectorIndex(hnsw, dims, params, liveCount);
  }

  get size(): number {
    return this.live;
  }

  add(label: number, vector: Float32Array): void {
    insertPoint(this.hnsw, label, vector);
    this.live++;
  }

  remove(label: number): void {
    this.hnsw.markDelete(label);
    this.live--;
  }

  vector(label: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(label));
  }

  /** The k nearest chunks; with `accept`, only among the labels it accepts (fewer when few are accepted). */
  search(query: Float32Array, k: number, ef = this.params.efSearch, accept?: (label: number) => boolean): VectorHit[] {
    const n = Math.min(k, this.live);
    if (n <= 0) return [];
    this.hnsw.setEf(Math.max(ef, n));
    const { neighbors, distances } = accept ? this.hnsw.searchKnn(Array.from(query), n, accept) : this.hnsw.searchKnn(Array.from(query), n);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }

  async write(file: string): Promise<void> {
    await this.hnsw.writeIndex(file);
  }

  /** A lower bound of the size of the file write() makes: hnswlib does not report a failed write. */
  fileBytesAtLeast(): number {
    return VectorIndex.fileBytesAtLeast(this.hnsw.getCurrentCount(), this.dims, this.params);
  }

  /** Per point: its level-0 links (2M + 1 numbers), its vector, its label and its upper-level links' size. */
  static fileBytesAtLeast(points: number, dims: number, params: Pick<HnswParameters, 'm'>): number {
    return points * ((params.m * 2 + 1) * 4 + dims * 4 + 8 + 4);
  }
}

/**
 * Builds a new HNSW graph on a worker thread while the caller goes on (embedding, BM25): inserting
 * into the graph is over half of a build and hnswlib-node does it synchronously. Points are inserted
 * in the order they are given, with the parameters and seed of VectorIndex.create, so the graph is
 * the one VectorIndex would build; finish() writes it to a file, which VectorIndex.read loads.
 */
export class VectorIndexBuilder {
  private labels: number[] = [];
  private vectors: Float32Array;
  private count = 0;
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    readonly dims: number,
  ) {
    this.vectors = new Float32Array(BUILDER_BATCH * dims);
    worker.on('message', (message: HnswWorkerReply) => {
      if (message.type === 'error') this.failure ??= new Error(`building the HNSW graph failed: ${message.message}`);
    });
    this.exited = new Promise((resolve) => {
      worker.on('error', (error) => {
        this.failure ??= error;
        resolve();
      });
      worker.on('exit', () => resolve());
    });
  }

  /** A builder, or undefined when no worker thread can be started here (then build with VectorIndex). */
  static start(dims: number, params: HnswParameters, capacity: number): VectorIndexBuilder | undefined {
    try {
      const workerData: HnswWorkerInput = { dims, params: { m: params.m, efConstruction: params.efConstruction }, capacity };
      const worker = startWorker(import.meta.url, 'hnsw-worker', { workerData });
      return new VectorIndexBuilder(worker, dims);
    } catch {
      return undefined;
    }
  }

  add(label: number, vector: Float32Array): void {
    if (vector.length !== this.dims) throw new Error(`a vector of ${vector.length} numbers, the index holds ${this.dims}`);
    this.labels.push(label);
    this.vectors.set(vector, this.count * this.dims);
    if (++this.count === BUILDER_BATCH) this.flush();
  }

  /** Inserts what is left, writes the graph to `file` and ends the worker. */
  async finish(file: string): Promise<void> {
    this.flush();
    const written = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (message: HnswWorkerReply) => {
        if (message.type === 'written') resolve();
      });
      void this.exited.then(() => reject(this.failure ?? new Error('the HNSW worker stopped before writing the graph')));
    });
    this.post({ type: 'write', file });
    try {
      await written;
      if (this.failure) throw this.failure;
    } finally {
      await this.worker.terminate();
    }
  }

  async abort(): Promise<void> {
    await this.worker.terminate();
  }

  private post(message: HnswWorkerRequest, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private flush(): void {
    if (this.count === 0) return;
    const vectors = this.vectors.subarray(0, this.count * this.dims);
    const labels = Int32Array.from(this.labels);
    this.post({ type: 'add', labels, vectors }, [labels.buffer, vectors.buffer as ArrayBuffer]);
    this.labels = [];
    this.vectors = new Float32Array(BUILDER_BATCH * this.dims);
    this.count = 0;
  }
}

const BUILDER_BATCH = 256;
