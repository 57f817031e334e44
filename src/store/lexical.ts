import { endianness } from 'node:os';

/** Okapi BM25 over analysed terms; documents are chunk labels. */
export interface LexicalHit {
  label: number;
  score: number;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

/** v3: each term's postings in increasing label order (v2 kept the order they were added in), which search relies on. */
const STATE_FORMAT = 'bm25-postings-v3';

/**
 * What the index saves besides its binary data (lexical.N.json). The data (postings.N.bin) is, in
 * little-endian typed arrays: Int32 [label, length] × documents, Int32 offsets × (terms + 1) — term
 * i's postings are [offsets[i], offsets[i + 1]), in increasing label order —, Int32 labels ×
 * postings, then the term frequencies × postings, Uint16 when they all fit (tfBytes 2), else Uint32.
 * A JSON array of millions of numbers was slow to parse and took ~40 bytes a posting once loaded.
 */
export interface LexicalMeta {
  format: typeof STATE_FORMAT;
  k1: number;
  b: number;
  terms: string[];
  documents: number;
  postings: number;
  tfBytes: 2 | 4;
}

type TfArray = Uint16Array | Uint32Array;

/**
 * Postings are kept compact: per term a run of (label, tf) in shared typed arrays, by label. Additions
 * go to a log and removals only mark the document gone; both are folded into the compact arrays (one
 * linear pass) before the next query or save — an update adds and removes many documents, then
 * searches.
 */
export class LexicalIndex {
  /** Length of each document by label; -1 when there is no such document. */
  private lengthOf = new Int32Array(0);
  private documents = 0;
  private totalLength = 0;
  private termIds = new Map<string, number>();
  private termList: string[] = [];
  /** Compact postings: term t's are [offsets[t], offsets[t + 1]). Terms added since the last compaction have none here yet. */
  private offsets = new Int32Array(1);
  private postingLabels = new Int32Array(0);
  private postingTfs: TfArray = new Uint16Array(0);
  /** Per term, its largest tf and its shortest document: together they bound what the term adds to a score. */
  private maxTf = new Uint32Array(0);
  private minLength = new Int32Array(0);
  /** Postings added since the last compaction: (term id, label, tf) triples. */
  private log = new Int32Array(0);
  private logLength = 0;
  /** Labels removed since the last compaction: their postings are still in the arrays. */
  private removedSinceCompaction = new Set<number>();
  /** How many postings searches have read, all told: what the benchmark reports of pruning. */
  postingsRead = 0;

  /**
   * k1 0.9, b 0.4: Anserini's BM25 defaults, the ones the BM25 baseline of ../shared/eval/README.md
   * was measured with on ARCD (its table: 0.701 recall@1, 0.786 MRR@10 for BM25 alone).
   */
  constructor(
    readonly k1 = 0.9,
    readonly b = 0.4,
  ) {}

  get size(): number {
    return this.documents;
  }

  add(label: number, terms: readonly string[]): void {
    if (this.contains(label)) this.remove(label);
    // A label removed and added again: its old postings must be gone before new ones arrive.
    if (this.removedSinceCompaction.has(label)) this.compact();
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.termList.length;
        this.termIds.set(term, id);
        this.termList.push(term);
      }
      this.appendToLog(id, label, tf);
    }
    this.setLength(label, terms.length);
    this.documents++;
    this.totalLength += terms.length;
  }

  /** Removes a document; its postings are dropped at the next compaction. */
  remove(label: number): void {
    if (!this.contains(label)) return;
    this.totalLength -= this.lengthOf[label]!;
    this.lengthOf[label] = -1;
    this.documents--;
    this.removedSinceCompaction.add(label);
  }

  has(term: string): boolean {
    this.compact();
    return this.termIds.has(term);
  }

  documentFrequency(term: string): number {
    this.compact();
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }

  /** Whether the document holds the term: a binary search of the term's postings (in label order), however frequent it is. */
  holds(term: string, label: number): boolean {
    this.compact();
    const id = this.termIds.get(term);
    if (id === undefined) return false;
    const end = this.offsets[id + 1]!;
    const at = this.seek(this.offsets[id]!, end, label);
    return at < end && this.postingLabels[at] === label;
  }

  idf(term: string): number {
    const n = this.documents;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The idf of a term found in one document: the most informative a known term can be. */
  idfOfSingleton(): number {
    const n = this.documents;
    return Math.log(1 + (n - 1 + 0.5) / 1.5);
  }

  /**
   * The k best chunks for the terms; with `accept`, only among the labels it accepts. BM25 with each
   * query term's contribution multiplied by its weight (repeated terms add up; a term whose weights
   * add up to 0 or less is left out). Ties go to the lower label.
   *
   * MaxScore (Turtle & Flood 1995; Lucene's MaxScoreBulkScorer): documents are scored one at a time
   * in label order. The terms, ordered by the most each can add to a score, split into non-essential
   * ones — together unable to lift a document into the k best found so far — and essential ones.
   * Only the essential terms' postings are walked; a document they find is looked up in the others'
   * (galloping) while it can still make the k best. A frequent word soon becomes non-essential, and
   * its postings are then only sought, not walked. Scores are summed in the query's term order, the
   * same floating-point sums as scoring every posting.
   */
  search(queryTerms: readonly WeightedTerm[], k: number, accept?: (label: number) => boolean): LexicalHit[] {
    this.compact();
    const n = this.documents;
    if (n === 0 || k <= 0) return [];
    const averageLength = this.totalLength / n || 1;
    const weights = new Map<string, number>();
    for (const { term, weight } of queryTerms) weights.set(term, (weights.get(term) ?? 0) + weight);
    const inQueryOrder: QueryTerm[] = [];
    for (const [term, weight] of weights) {
      const id = this.termIds.get(term);
      if (id === undefined || !(weight > 0)) continue;
      const scale = weight * this.idf(term);
      const bound = scale * this.saturation(this.maxTf[id]!, this.minLength[id]!, averageLength);
      inQueryOrder.push({ scale, bound, position: this.offsets[id]!, end: this.offsets[id + 1]!, contribution: 0 });
    }
    const terms = [...inQueryOrder].sort((a, b) => a.bound - b.bound);
    const m = terms.length;
    /** boundBelow[i]: the most terms[0..i) can add together. */
    const boundBelow = new Float64Array(m + 1);
    for (let i = 0; i < m; i++) boundBelow[i + 1] = boundBelow[i]! + terms[i]!.bound;
    const { postingLabels: labels, postingTfs: tfs, lengthOf } = this;
    const best = new TopHits(k);
    let firstEssential = 0;
    for (;;) {
      let label = NO_LABEL;
      for (let i = firstEssential; i < m; i++) {
        const t = terms[i]!;
        if (t.position < t.end && labels[t.position]! < label) label = labels[t.position]!;
      }
      if (label === NO_LABEL) break;
      const length = lengthOf[label]!;
      let partial = 0;
      for (let i = firstEssential; i < m; i++) {
        const t = terms[i]!;
        t.contribution = 0;
        if (t.position < t.end && labels[t.position] === label) {
          t.contribution = t.scale * this.saturation(tfs[t.position]!, length, averageLength);
          partial += t.contribution;
          t.position++;
          this.postingsRead++;
        }
      }
      const threshold = best.threshold;
      let candidate = !beaten(partial + boundBelow[firstEssential]!, threshold) && (!accept || accept(label));
      for (let i = firstEssential - 1; candidate && i >= 0; i--) {
        const t = terms[i]!;
        t.position = this.seek(t.position, t.end, label);
        t.contribution = 0;
        if (t.position < t.end && labels[t.position] === label) {
          t.contribution = t.scale * this.saturation(tfs[t.position]!, length, averageLength);
          partial += t.contribution;
        }
        candidate = !beaten(partial + boundBelow[i]!, threshold);
      }
      if (!candidate) continue;
      let score = 0;
      for (const t of inQueryOrder) score += t.contribution;
      best.offer(label, score);
      while (firstEssential < m && beaten(boundBelow[firstEssential + 1]!, best.threshold)) firstEssential++;
    }
    return best.sorted();
  }

  /** The index as a small JSON-able meta and its binary data (see LexicalMeta). */
  toParts(): { meta: LexicalMeta; data: Uint8Array } {
    this.compact();
    const lengths = new Int32Array(this.documents * 2);
    let at = 0;
    for (let label = 0; label < this.lengthOf.length; label++) {
      if (this.lengthOf[label]! < 0) continue;
      lengths[at++] = label;
      lengths[at++] = this.lengthOf[label]!;
    }
    const sections = [lengths, this.offsets, this.postingLabels, this.postingTfs];
    const data = new Uint8Array(sections.reduce((sum, a) => sum + a.byteLength, 0));
    let offset = 0;
    for (const section of sections) {
      data.set(littleEndianBytes(section), offset);
      offset += section.byteLength;
    }
    const meta: LexicalMeta = {
      format: STATE_FORMAT,
      k1: this.k1,
      b: this.b,
      terms: this.termList,
      documents: this.documents,
      postings: this.postingLabels.length,
      tfBytes: this.postingTfs instanceof Uint16Array ? 2 : 4,
    };
    return { meta, data };
  }

  /** Restores an index from toParts(); throws when they do not fit together. */
  static fromParts(meta: LexicalMeta, data: Uint8Array): LexicalIndex {
    const m = meta as Partial<LexicalMeta> | null;
    if (
      !m ||
      m.format !== STATE_FORMAT ||
      typeof m.k1 !== 'number' ||
      typeof m.b !== 'number' ||
      !Array.isArray(m.terms) ||
      !Number.isInteger(m.documents) ||
      !Number.isInteger(m.postings) ||
      (m.tfBytes !== 2 && m.tfBytes !== 4)
    ) {
      throw new Error('lexical index state is not in the expected format');
    }
    const documents = m.documents!;
    const postings = m.postings!;
    const termCount = m.terms.length;
    const expected = 4 * (2 * documents + termCount + 1 + postings) + m.tfBytes * postings;
    if (documents < 0 || postings < 0 || data.byteLength !== expected) throw new Error('lexical index data does not match its description');
    let offset = 0;
    const take = <T extends Int32Array | Uint16Array | Uint32Array>(Kind: TypedArrayKind<T>, count: number): T => {
      const array = fromLittleEndian(Kind, data, offset, count);
      offset += count * Kind.BYTES_PER_ELEMENT;
      return array;
    };
    const lengths = take(Int32Array, 2 * documents);
    const offsets = take(Int32Array, termCount + 1);
    const labels = take(Int32Array, postings);
    const tfs = m.tfBytes === 2 ? take(Uint16Array, postings) : take(Uint32Array, postings);
    const index = new LexicalIndex(m.k1, m.b);
    const inconsistent = () => new Error('lexical index state is inconsistent');
    if (offsets[0] !== 0 || offsets[termCount] !== postings) throw inconsistent();
    let maxLabel = -1;
    for (let i = 0; i < lengths.length; i += 2) maxLabel = Math.max(maxLabel, lengths[i]!);
    index.lengthOf = new Int32Array(maxLabel + 1).fill(-1);
    for (let i = 0; i < lengths.length; i += 2) {
      const label = lengths[i]!;
      const length = lengths[i + 1]!;
      if (label < 0 || length < 0 || index.lengthOf[label] !== -1) throw inconsistent();
      index.lengthOf[label] = length;
      index.documents++;
      index.totalLength += length;
    }
    for (let t = 0; t < termCount; t++) {
      const term = m.terms[t];
      if (typeof term !== 'string' || offsets[t + 1]! <= offsets[t]! || index.termIds.has(term)) throw inconsistent();
      index.termIds.set(term, t);
    }
    index.termList = m.terms as string[];
    index.offsets = offsets;
    index.postingLabels = labels;
    index.postingTfs = tfs;
    index.scanPostings();
    return index;
  }

  /** (tf (k1 + 1)) / (tf + k1 (1 − b + b · length / average)): BM25's term-frequency part, at most k1 + 1. */
  private saturation(tf: number, length: number, averageLength: number): number {
    const norm = tf + this.k1 * (1 - this.b + (this.b * length) / averageLength);
    return (tf * (this.k1 + 1)) / norm;
  }

  /** The first position in [from, end) whose label is at least `label` (end when none): galloping, then halving. */
  private seek(from: number, end: number, label: number): number {
    const labels = this.postingLabels;
    this.postingsRead++;
    if (from >= end || labels[from]! >= label) return from;
    // labels[low] < label; high is end or a position whose label is at least `label`.
    let low = from;
    let step = 1;
    let high = from + 1;
    while (high < end && labels[high]! < label) {
      this.postingsRead++;
      low = high;
      step *= 2;
      high = low + step;
    }
    high = Math.min(high, end);
    while (low + 1 < high) {
      this.postingsRead++;
      const middle = (low + high) >>> 1;
      if (labels[middle]! < label) low = middle;
      else high = middle;
    }
    return high;
  }

  /**
   * Checks that every term's postings name live documents in increasing label order, and records
   * each term's largest tf and shortest document, which bound its contribution at any average length.
   */
  private scanPostings(): void {
    const terms = this.termList.length;
    this.maxTf = new Uint32Array(terms);
    this.minLength = new Int32Array(terms);
    for (let t = 0; t < terms; t++) {
      let previous = -1;
      let maxTf = 0;
      let minLength = NO_LABEL;
      for (let p = this.offsets[t]!; p < this.offsets[t + 1]!; p++) {
        const label = this.postingLabels[p]!;
        if (label <= previous || !this.contains(label)) throw new Error('lexical index state is inconsistent');
        previous = label;
        maxTf = Math.max(maxTf, this.postingTfs[p]!);
        minLength = Math.min(minLength, this.lengthOf[label]!);
      }
      this.maxTf[t] = maxTf;
      this.minLength[t] = minLength;
    }
  }

  private contains(label: number): boolean {
    return label < this.lengthOf.length && this.lengthOf[label]! >= 0;
  }

  private setLength(label: number, length: number): void {
    if (label >= this.lengthOf.length) {
      const grown = new Int32Array(Math.max(label + 1, this.lengthOf.length * 2, 1024)).fill(-1);
      grown.set(this.lengthOf);
      this.lengthOf = grown;
    }
    this.lengthOf[label] = length;
  }

  private appendToLog(termId: number, label: number, tf: number): void {
    if (this.logLength + 3 > this.log.length) {
      const grown = new Int32Array(Math.max(this.log.length * 2, 3 * 4096));
      grown.set(this.log.subarray(0, this.logLength));
      this.log = grown;
    }
    this.log[this.logLength++] = termId;
    this.log[this.logLength++] = label;
    this.log[this.logLength++] = tf;
  }

  /**
   * Folds the log of additions into the compact arrays and drops the postings of removed documents
   * and terms left without any. Postings keep their order: the compacted ones, then the log's.
   */
  private compact(): void {
    if (this.logLength === 0 && this.removedSinceCompaction.size === 0) return;
    const terms = this.termList.length;
    const live = (label: number) => label < this.lengthOf.length && this.lengthOf[label]! >= 0;
    const counts = new Int32Array(terms);
    let maxTf = 0;
    for (let t = 0; t < this.offsets.length - 1; t++) {
      for (let p = this.offsets[t]!; p < this.offsets[t + 1]!; p++) {
        if (!live(this.postingLabels[p]!)) continue;
        counts[t]!++;
        maxTf = Math.max(maxTf, this.postingTfs[p]!);
      }
    }
    for (let i = 0; i < this.logLength; i += 3) {
      if (!live(this.log[i + 1]!)) continue;
      counts[this.log[i]!]!++;
      maxTf = Math.max(maxTf, this.log[i + 2]!);
    }
    // New term ids: the terms that still have postings, in their old order.
    const newId = new Int32Array(terms).fill(-1);
    const termList: string[] = [];
    const offsets: number[] = [0];
    let total = 0;
    for (let t = 0; t < terms; t++) {
      if (counts[t] === 0) continue;
      newId[t] = termList.length;
      termList.push(this.termList[t]!);
      total += counts[t]!;
      offsets.push(total);
    }
    const newOffsets = Int32Array.from(offsets);
    const labels = new Int32Array(total);
    const tfs: TfArray = maxTf <= 0xffff ? new Uint16Array(total) : new Uint32Array(total);
    const fill = Int32Array.from(offsets.slice(0, -1));
    for (let t = 0; t < this.offsets.length - 1; t++) {
      const id = newId[t]!;
      for (let p = this.offsets[t]!; p < this.offsets[t + 1]!; p++) {
        const label = this.postingLabels[p]!;
        if (!live(label)) continue;
        const at = fill[id]!++;
        labels[at] = label;
        tfs[at] = this.postingTfs[p]!;
      }
    }
    for (let i = 0; i < this.logLength; i += 3) {
      const label = this.log[i + 1]!;
      if (!live(label)) continue;
      const at = fill[newId[this.log[i]!]!]!++;
      labels[at] = label;
      tfs[at] = this.log[i + 2]!;
    }
    for (let t = 0; t < termList.length; t++) sortByLabel(labels, tfs, newOffsets[t]!, newOffsets[t + 1]!);
    this.termList = termList;
    this.termIds = new Map(termList.map((term, id) => [term, id]));
    this.offsets = newOffsets;
    this.postingLabels = labels;
    this.postingTfs = tfs;
    this.log = new Int32Array(0);
    this.logLength = 0;
    this.removedSinceCompaction.clear();
    this.scanPostings();
  }
}

/** Larger than any label or document length. */
const NO_LABEL = 0x7fffffff;

/** 1 + 1e-9: what a bound is stretched by before it rules a document out, for the rounding of sums taken in another order. */
const ROUNDING_SLACK = 1 + 1e-9;

/** Whether a document that can score at most `bound` cannot enter the best hits, whose worst score is `threshold`. */
function beaten(bound: number, threshold: number): boolean {
  return bound * ROUNDING_SLACK < threshold;
}

/** A query term's cursor in its postings, what it can add to a score at most, and what it added to the current document. */
interface QueryTerm {
  scale: number;
  bound: number;
  position: number;
  end: number;
  contribution: number;
}

/**
 * Sorts one term's run of postings by label. A run is out of order only when documents were added
 * out of label order (a label removed and added again), so this rarely has anything to do.
 */
function sortByLabel(labels: Int32Array, tfs: TfArray, start: number, end: number): void {
  let sorted = true;
  for (let p = start + 1; p < end && sorted; p++) sorted = labels[p - 1]! < labels[p]!;
  if (sorted) return;
  const order = Array.from({ length: end - start }, (_, i) => start + i).sort((a, b) => labels[a]! - labels[b]!);
  const runLabels = order.map((p) => labels[p]!);
  const runTfs = order.map((p) => tfs[p]!);
  labels.set(runLabels, start);
  tfs.set(runTfs, start);
}

/** The k best hits seen, in a binary heap whose root is the worst of them. */
class TopHits {
  private readonly labels: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(label: number, score: number): void {
    const n = this.labels.length;
    if (n < this.k) {
      this.labels.push(label);
      this.scores.push(score);
      this.up(n);
    } else if (better(label, score, this.labels[0]!, this.scores[0]!)) {
      this.labels[0] = label;
      this.scores[0] = score;
      this.down(0);
    }
  }

  /** The score a new hit must beat once k are held (one with a higher label than all held, that is); -Infinity before. */
  get threshold(): number {
    return this.labels.length < this.k ? -Infinity : this.scores[0]!;
  }

  /** Best first: score descending, then label ascending. */
  sorted(): LexicalHit[] {
    return this.labels.map((label, i) => ({ label, score: this.scores[i]! })).sort((a, b) => b.score - a.score || a.label - b.label);
  }

  /** Heap order: a parent is worse than its children. */
  private worse(i: number, j: number): boolean {
    return better(this.labels[j]!, this.scores[j]!, this.labels[i]!, this.scores[i]!);
  }

  private swap(i: number, j: number): void {
    [this.labels[i], this.labels[j]] = [this.labels[j]!, this.labels[i]!];
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.labels.length;
    for (;;) {
      let worst = i;
      const left = 2 * i + 1;
      if (left < n && this.worse(left, worst)) worst = left;
      if (left + 1 < n && this.worse(left + 1, worst)) worst = left + 1;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}

/** The order of search results: a higher score first, then a lower label. */
function better(labelA: number, scoreA: number, labelB: number, scoreB: number): boolean {
  return scoreA > scoreB || (scoreA === scoreB && labelA < labelB);
}

const LITTLE_ENDIAN = endianness() === 'LE';

type TypedArrayKind<T> = { new (length: number): T; BYTES_PER_ELEMENT: number };

function littleEndianBytes(array: Int32Array | Uint16Array | Uint32Array): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const copy = Buffer.from(bytes);
  if (array.BYTES_PER_ELEMENT === 2) copy.swap16();
  else copy.swap32();
  return copy;
}

/** A copy, so that it is aligned (a Buffer may be a slice of a shared pool at any offset). */
function fromLittleEndian<T extends Int32Array | Uint16Array | Uint32Array>(
  Kind: TypedArrayKind<T>,
  data: Uint8Array,
  offset: number,
  count: number,
): T {
  const array = new Kind(count);
  const bytes = new Uint8Array(array.buffer);
  bytes.set(data.subarray(offset, offset + bytes.length));
  if (!LITTLE_ENDIAN) {
    if (Kind.BYTES_PER_ELEMENT === 2) Buffer.from(array.buffer).swap16();
    else Buffer.from(array.buffer).swap32();
  }
  return array;
}
