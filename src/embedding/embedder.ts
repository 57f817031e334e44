/** Turns text into unit-length vectors; queries and passages may be embedded differently (e5's prefixes). */
export interface Embedder {
  /** Names the embedder and everything that changes its vectors; an index built with another id is rebuilt. */
  readonly id: string;
  readonly dims: number;
  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}
