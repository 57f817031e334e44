import hnswlib from 'hnswlib-node';

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
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dims: number,
    private readonly params: HnswParameters,
    /** Points not marked deleted; hnswlib does not report it, and asking it for more neighbours than exist throws. */
    private live: number,
  ) {
    hnsw.setEf(params.efSearch);
  }

  static create(dims: number, params: HnswParameters, capacity: number): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dims);
    hnsw.initIndex(Math.max(capacity, 16), params.m, params.efConstruction, 100, true);
    return new VectorIndex(hnsw, dims, params, 0);
  }

  static async read(file: string, dims: number, params: HnswParameters, liveCount: number): Promise<VectorIndex> {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dims);
    await hnsw.readIndex(file, true);
    return new VectorIndex(hnsw, dims, params, liveCount);
  }

  get size(): number {
    return this.live;
  }

  add(label: number, vector: Float32Array): void {
    if (this.hnsw.getCurrentCount() >= this.hnsw.getMaxElements()) {
      this.hnsw.resizeIndex(Math.ceil(this.hnsw.getMaxElements() * 1.5) + 16);
    }
    this.hnsw.addPoint(Array.from(vector), label, true);
    this.live++;
  }

  remove(label: number): void {
    this.hnsw.markDelete(label);
    this.live--;
  }

  vector(label: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(label));
  }

  search(query: Float32Array, k: number, ef = this.params.efSearch): VectorHit[] {
    const n = Math.min(k, this.live);
    if (n <= 0) return [];
    this.hnsw.setEf(Math.max(ef, n));
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), n);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }

  async write(file: string): Promise<void> {
    await this.hnsw.writeIndex(file);
  }
}
