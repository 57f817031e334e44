/** Okapi BM25 over analysed terms; documents are chunk labels. */
export interface LexicalHit {
  label: number;
  score: number;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface LexicalState {
  k1: number;
  b: number;
  /** [label, length] pairs. */
  lengths: number[];
  /** term → flat [label, tf, label, tf, …]. */
  postings: Record<string, number[]>;
}

export class LexicalIndex {
  private readonly lengths = new Map<number, number>();
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;
  private scores = new Float64Array(0);

  constructor(
    readonly k1 = 0.9,
    readonly b = 0.4,
  ) {}

  get size(): number {
    return this.lengths.size;
  }

  add(label: number, terms: readonly string[]): void {
    if (this.lengths.has(label)) this.remove(label);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Map()));
      posting.set(label, tf);
    }
    this.lengths.set(label, terms.length);
    this.totalLength += terms.length;
  }

  /** Removes a document; `terms` are the ones it was added with (only their postings are visited). */
  remove(label: number, terms?: readonly string[]): void {
    const length = this.lengths.get(label);
    if (length === undefined) return;
    const candidates = terms ? new Set(terms) : this.postings.keys();
    for (const term of candidates) {
      const posting = this.postings.get(term);
      if (posting?.delete(label) && posting.size === 0) this.postings.delete(term);
    }
    this.lengths.delete(label);
    this.totalLength -= length;
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  idf(term: string): number {
    const n = this.lengths.size;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The idf of a term found in one document: the most informative a known term can be. */
  idfOfSingleton(): number {
    const n = this.lengths.size;
    return Math.log(1 + (n - 1 + 0.5) / 1.5);
  }

  /** BM25 with each query term's contribution multiplied by its weight (repeated terms add up). */
  search(queryTerms: readonly WeightedTerm[], k: number): LexicalHit[] {
    const n = this.lengths.size;
    if (n === 0 || k <= 0) return [];
    const averageLength = this.totalLength / n || 1;
    const touched: number[] = [];
    const weights = new Map<string, number>();
    for (const { term, weight } of queryTerms) weights.set(term, (weights.get(term) ?? 0) + weight);
    for (const [term, queryWeight] of weights) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      for (const [label, tf] of posting) {
        if (label >= this.scores.length) this.growScores(label);
        if (this.scores[label] === 0) touched.push(label);
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths.get(label)!) / averageLength);
        this.scores[label]! += queryWeight * idf * ((tf * (this.k1 + 1)) / norm);
      }
    }
    const hits = touched.map((label) => ({ label, score: this.scores[label]! }));
    for (const label of touched) this.scores[label] = 0;
    hits.sort((a, b) => b.score - a.score || a.label - b.label);
    return hits.slice(0, k);
  }

  toState(): LexicalState {
    const lengths: number[] = [];
    for (const [label, length] of this.lengths) lengths.push(label, length);
    const postings: Record<string, number[]> = {};
    for (const [term, posting] of this.postings) {
      const flat: number[] = [];
      for (const [label, tf] of posting) flat.push(label, tf);
      postings[term] = flat;
    }
    return { k1: this.k1, b: this.b, lengths, postings };
  }

  static fromState(state: LexicalState): LexicalIndex {
    const index = new LexicalIndex(state.k1, state.b);
    for (let i = 0; i < state.lengths.length; i += 2) {
      index.lengths.set(state.lengths[i]!, state.lengths[i + 1]!);
      index.totalLength += state.lengths[i + 1]!;
    }
    for (const [term, flat] of Object.entries(state.postings)) {
      const posting = new Map<number, number>();
      for (let i = 0; i < flat.length; i += 2) posting.set(flat[i]!, flat[i + 1]!);
      index.postings.set(term, posting);
    }
    return index;
  }

  private growScores(label: number): void {
    const grown = new Float64Array(Math.max(label + 1, this.scores.length * 2, 1024));
    grown.set(this.scores);
    this.scores = grown;
  }
}
