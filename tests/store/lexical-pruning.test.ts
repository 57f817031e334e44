import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/store/lexical.ts';
import type { WeightedTerm } from '../../src/store/index.ts';
import { ExhaustiveBm25 } from '../helpers/exhaustive-bm25.ts';
import { mulberry32, pick, randomInt } from '../helpers/prng.ts';

/** A word of a Zipf-like vocabulary: word i about 1/(i + 1) as often as word 0, so some words are in most documents. */
function zipfWord(random: () => number, vocabulary: number): string {
  return `w${Math.floor(Math.exp(random() * Math.log(vocabulary + 1))) - 1}`;
}

interface Corpus {
  index: LexicalIndex;
  /** The documents the index holds now, by label. */
  documents: Map<number, string[]>;
}

/**
 * Documents added in a shuffled label order, a share of them copies of others (equal scores, to
 * check ties), then some removed and some labels added again with other words — the updates after
 * which a term's postings were not in label order.
 */
function oracleOf(documents: ReadonlyMap<number, readonly string[]>): ExhaustiveBm25 {
  const oracle = new ExhaustiveBm25();
  for (const [label, terms] of documents) oracle.add(label, terms);
  return oracle;
}

function generateCorpus(random: () => number, size: number, vocabulary: number): Corpus {
  const index = new LexicalIndex();
  const documents = new Map<number, string[]>();
  const labels = new Set<number>();
  while (labels.size < size) labels.add(randomInt(random, 0, 3 * size));
  const shuffled = [...labels].sort(() => random() - 0.5);
  const newDocument = (): string[] => {
    const earlier = [...documents.values()];
    if (earlier.length > 0 && random() < 0.2) return [...pick(random, earlier)];
    return Array.from({ length: randomInt(random, 0, 30) }, () => zipfWord(random, vocabulary));
  };
  for (const label of shuffled) {
    const terms = newDocument();
    index.add(label, terms);
    documents.set(label, terms);
  }
  for (const label of shuffled) {
    const roll = random();
    if (roll < 0.1) {
      index.remove(label);
      documents.delete(label);
    } else if (roll < 0.2) {
      const terms = newDocument();
      index.add(label, terms);
      documents.set(label, terms);
    }
  }
  return { index, documents };
}

function randomQuery(random: () => number, vocabulary: number): WeightedTerm[] {
  const weights = [1, 1, 1, 0.5, 2, 0.01 + 3 * random()];
  const terms = Array.from({ length: randomInt(random, 1, 7) }, () => ({
    term: random() < 0.1 ? 'unknown' : random() < 0.5 ? zipfWord(random, vocabulary) : `w${randomInt(random, 0, vocabulary - 1)}`,
    weight: pick(random, weights),
  }));
  // Repeated terms: their weights add up.
  if (random() < 0.3) terms.push({ ...pick(random, terms) });
  return terms;
}

function randomFilter(random: () => number): ((label: number) => boolean) | undefined {
  const kind = randomInt(random, 0, 3);
  if (kind === 0) return undefined;
  if (kind === 1) return (label) => label % 2 === 0;
  if (kind === 2) {
    const salt = randomInt(random, 1, 1000);
    return (label) => ((label * 2654435761 + salt) >>> 0) % 10 < 3;
  }
  return () => false;
}

describe('lexical search with MaxScore pruning', () => {
  it('finds the hits of exhaustive scoring: same labels, scores and tie order, with and without a filter, on random corpora', () => {
    let compared = 0;
    let withHits = 0;
    let prunedReads = 0;
    let exhaustiveReads = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const random = mulberry32(seed);
      const size = [0, 1, 8, 60, 400, 2500][seed - 1]!;
      const vocabulary = pick(random, [5, 40, 300]);
      const { index, documents } = generateCorpus(random, size, vocabulary);
      const reloaded = (() => {
        const { meta, data } = index.toParts();
        return LexicalIndex.fromParts(JSON.parse(JSON.stringify(meta)), data);
      })();
      const oracle = oracleOf(documents);
      const readsBefore = index.postingsRead;
      for (let q = 0; q < 60; q++) {
        const query = randomQuery(random, vocabulary);
        const k = pick(random, [1, 2, 5, 10, 40, 1000]);
        const accept = randomFilter(random);
        const expected = oracle.search(query, k, accept);
        expect(index.search(query, k, accept), `seed ${seed}, query ${q}`).toEqual(expected);
        expect(reloaded.search(query, k, accept), `seed ${seed}, query ${q}, reloaded`).toEqual(expected);
        compared++;
        if (expected.length > 1) withHits++;
      }
      if (size >= 400) {
        prunedReads += index.postingsRead - readsBefore;
        exhaustiveReads += oracle.postingsRead;
      }
    }
    expect(compared).toBe(360);
    // The comparison is not vacuous: many queries rank several documents, and on the larger corpora
    // pruning left postings unread.
    expect(withHits).toBeGreaterThan(100);
    expect(prunedReads).toBeLessThan(exhaustiveReads);
  });

  it('says whether a document holds a term, after removals and re-added labels, as the documents themselves do', () => {
    const random = mulberry32(11);
    const { index, documents } = generateCorpus(random, 300, 80);
    const words = [...Array.from({ length: 80 }, (_, i) => `w${i}`), 'unknown'];
    for (let label = 0; label < 900; label++) {
      for (const word of words) expect(index.holds(word, label)).toBe(documents.get(label)?.includes(word) ?? false);
    }
  });

  it('seeks a frequent word only in the documents the rare words found, instead of reading its postings', () => {
    const random = mulberry32(7);
    const documents = new Map<number, string[]>();
    const index = new LexicalIndex();
    for (let label = 0; label < 5000; label++) {
      const terms = ['common', ...Array.from({ length: randomInt(random, 3, 20) }, () => zipfWord(random, 200))];
      if (label % 500 === 7) terms.push('rare');
      index.add(label, terms);
      documents.set(label, terms);
    }
    const oracle = oracleOf(documents);
    const query = [
      { term: 'rare', weight: 1 },
      { term: 'common', weight: 1 },
    ];
    expect(index.search(query, 3)).toEqual(oracle.search(query, 3));
    expect(oracle.postingsRead).toBe(5010);
    // "common" is walked until the three best are documents with "rare" (the third is label 1007);
    // from then on it is only sought in the documents "rare" finds.
    expect(index.postingsRead).toBeLessThan(1300);
  });
});

describe('the lexical index on disk', () => {
  function smallIndex(): LexicalIndex {
    const index = new LexicalIndex();
    index.add(3, ['a', 'b', 'a']);
    index.add(1, ['a', 'c']);
    index.add(2, ['b']);
    return index;
  }

  it('refuses the previous format, whose postings were not kept in label order, so that the index is rebuilt', () => {
    const { meta, data } = smallIndex().toParts();
    expect(() => LexicalIndex.fromParts({ ...meta, format: 'bm25-postings-v2' } as never, data)).toThrow(/not in the expected format/);
  });

  it('refuses postings out of label order', () => {
    const index = smallIndex();
    const { meta, data } = index.toParts();
    // Term "a" has postings 1 and 3: swap them.
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const labelsAt = 4 * (2 * meta.documents + meta.terms.length + 1);
    const a = meta.terms.indexOf('a');
    const first = view.getInt32(4 * (2 * meta.documents + a), true);
    const [x, y] = [view.getInt32(labelsAt + 4 * first, true), view.getInt32(labelsAt + 4 * (first + 1), true)];
    expect([x, y]).toEqual([1, 3]);
    expect(() => LexicalIndex.fromParts(meta, data)).not.toThrow();
    view.setInt32(labelsAt + 4 * first, y, true);
    view.setInt32(labelsAt + 4 * (first + 1), x, true);
    expect(() => LexicalIndex.fromParts(meta, data)).toThrow(/inconsistent/);
  });
});
