import type { LexicalHit, WeightedTerm } from '../../src/store/index.ts';

/**
 * BM25 scored the exhaustive way LexicalIndex.search worked before pruning: term at a time, every
 * posting of every query term, then the k best of all documents touched (higher score, then lower
 * label). Fed the same documents but sharing no state with the index it checks: the oracle of the
 * pruning test, and the baseline of the lexical benchmark (scripts/bench/lexical.ts).
 */
export class ExhaustiveBm25 {
  /** How many postings searches have read, all told. */
  postingsRead = 0;
  private readonly lengthOf: number[] = [];
  private documents = 0;
  private totalLength = 0;
  private readonly postings = new Map<string, { labels: number[]; tfs: number[] }>();
  private scores: number[] = [];

  constructor(
    readonly k1 = 0.9,
    readonly b = 0.4,
  ) {}

  /** Adds a document; each label once. */
  add(label: number, terms: readonly string[]): void {
    this.lengthOf[label] = terms.length;
    this.scores[label] = 0;
    this.documents++;
    this.totalLength += terms.length;
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = { labels: [], tfs: [] }));
      list.labels.push(label);
      list.tfs.push(tf);
    }
  }

  search(queryTerms: readonly WeightedTerm[], k: number, accept?: (label: number) => boolean): LexicalHit[] {
    const n = this.documents;
    if (n === 0 || k <= 0) return [];
    const averageLength = this.totalLength / n || 1;
    const weights = new Map<string, number>();
    for (const { term, weight } of queryTerms) weights.set(term, (weights.get(term) ?? 0) + weight);
    const touched: number[] = [];
    for (const [term, queryWeight] of weights) {
      const list = this.postings.get(term);
      if (!list) continue;
      const df = list.labels.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let p = 0; p < df; p++) {
        const label = list.labels[p]!;
        const tf = list.tfs[p]!;
        if (this.scores[label] === 0) touched.push(label);
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengthOf[label]!) / averageLength);
        this.scores[label]! += queryWeight * idf * ((tf * (this.k1 + 1)) / norm);
      }
      this.postingsRead += df;
    }
    // The k best, best first, kept by insertion: most documents touched fall below the worst of them.
    const best: LexicalHit[] = [];
    for (const label of touched) {
      const score = this.scores[label]!;
      this.scores[label] = 0;
      if (accept && !accept(label)) continue;
      if (best.length === k) {
        if (!better(label, score, best[k - 1]!)) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && better(label, score, best[at - 1]!)) at--;
      best.splice(at, 0, { label, score });
    }
    return best;
  }
}

function better(label: number, score: number, than: LexicalHit): boolean {
  return score > than.score || (score === than.score && label < than.label);
}
