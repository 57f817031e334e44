import { analyzeToTerms } from '../arabic/index.ts';
import { BUILTIN_FORMAT, builtinEmbedderId } from './builtin-id.ts';
import type { Embedder } from './embedder.ts';

const NGRAM = 3;
const WORD_WEIGHT = 1;
const NGRAM_WEIGHT = 0.35;

export interface BuiltinEmbedderState {
  format: typeof BUILTIN_FORMAT;
  dims: number;
  documents: number;
  documentFrequency: Record<string, number>;
}

/**
 * An embedder that needs no model: each analysed (normalised, light-stemmed) word and its
 * character trigrams are hashed into a fixed number of signed buckets, weighted by sub-linear
 * term frequency × inverse document frequency, and the vector is L2-normalised.
 * It captures spelling and morphology — words that share a stem or most of their letters end up
 * close — not meaning: synonyms and paraphrases are invisible to it.
 */
export class BuiltinEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;
  private readonly documents: number;
  private readonly documentFrequency: Map<string, number>;

  private constructor(state: BuiltinEmbedderState) {
    this.dims = state.dims;
    this.documents = state.documents;
    this.documentFrequency = new Map(Object.entries(state.documentFrequency));
    this.id = BuiltinEmbedder.idFor(state.dims);
  }

  static idFor(dims: number): string {
    return builtinEmbedderId(dims);
  }

  /** Learns document frequencies from the passages it will embed. */
  static fit(passages: readonly string[], dims: number): BuiltinEmbedder {
    const documentFrequency: Record<string, number> = Object.create(null);
    for (const passage of passages) {
      for (const term of new Set(analyzeToTerms(passage))) {
        documentFrequency[term] = (documentFrequency[term] ?? 0) + 1;
      }
    }
    return new BuiltinEmbedder({ format: BUILTIN_FORMAT, dims, documents: passages.length, documentFrequency });
  }

  static fromState(state: unknown): BuiltinEmbedder {
    const s = state as Partial<BuiltinEmbedderState> | null;
    if (
      !s ||
      s.format !== BUILTIN_FORMAT ||
      !Number.isInteger(s.dims) ||
      s.dims! < 1 ||
      !Number.isInteger(s.documents) ||
      s.documents! < 0 ||
      typeof s.documentFrequency !== 'object' ||
      s.documentFrequency === null ||
      !Object.values(s.documentFrequency).every((df) => Number.isInteger(df) && df > 0)
    ) {
      throw new Error('built-in embedder state is not in the expected format');
    }
    return new BuiltinEmbedder(s as BuiltinEmbedderState);
  }

  toState(): BuiltinEmbedderState {
    return {
      format: BUILTIN_FORMAT,
      dims: this.dims,
      documents: this.documents,
      documentFrequency: Object.fromEntries(this.documentFrequency),
    };
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    const vectors = texts.map((t) => this.embed(t));
    onProgress?.(texts.length, texts.length);
    return vectors;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(text);
  }

  embed(text: string): Float32Array {
    const vector = new Float32Array(this.dims);
    const termCounts = new Map<string, number>();
    for (const term of analyzeToTerms(text)) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
    for (const [term, count] of termCounts) {
      const weight = (1 + Math.log(count)) * this.idf(term);
      this.addFeature(vector, `w:${term}`, weight * WORD_WEIGHT);
      const padded = `#${term}#`;
      for (let i = 0; i + NGRAM <= padded.length; i++) {
        this.addFeature(vector, padded.slice(i, i + NGRAM), weight * NGRAM_WEIGHT);
      }
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
    }
    return vector;
  }

  private idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.documents + 1) / (df + 0.5));
  }

  private addFeature(vector: Float32Array, feature: string, weight: number): void {
    const h = fnv1a(feature);
    const bucket = h % this.dims;
    vector[bucket]! += (h & 0x80000000) === 0 ? weight : -weight;
  }
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
