import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { termKind } from '../../src/answering/index.ts';
import { analyze } from '../../src/arabic/index.ts';
import { documentTerms, nearMisses, parseQuestions } from '../../src/evaluation/index.ts';
import { NEWS_CORPUS, SEED_QA } from '../helpers/fixtures.ts';

const questions = parseQuestions(readFileSync(SEED_QA, 'utf8'), SEED_QA);
const texts = new Map(
  readdirSync(NEWS_CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => [f, readFileSync(path.join(NEWS_CORPUS, f), 'utf8')] as const),
);
const terms = documentTerms(texts);
const stem = (word: string) => analyze(word)[0]!.term;

describe('near misses', () => {
  it('are the same for the same seed, and drawn anew for another', () => {
    const first = nearMisses(questions, terms, 1);
    expect(nearMisses(questions, terms, 1)).toEqual(first);
    expect(nearMisses(questions, terms, 2).map((n) => n.question.question)).not.toEqual(first.map((n) => n.question.question));
  });

  it('swap one word of the question for another of its kind: absent from the corpus, or only in other articles', () => {
    const near = nearMisses(questions, terms, 1);
    expect(near.filter((n) => n.kind === 'absent').length).toBeGreaterThan(5);
    expect(near.filter((n) => n.kind === 'present').length).toBeGreaterThan(5);
    for (const n of near) {
      expect(n.question.answerable).toBe(false);
      expect(n.question.question).toBe(n.original.question.replace(n.from, n.to));
      const [from, to] = [stem(n.from), stem(n.to)];
      expect(termKind(to), n.to).toBeDefined();
      // The swapped-out word is in the question's article; the swapped-in one is not.
      expect(terms.get(n.original.docs[0]!)!.has(from)).toBe(true);
      const elsewhere = [...terms].filter(([doc, t]) => !n.original.docs.includes(doc) && t.has(to));
      expect(n.original.docs.some((d) => terms.get(d)!.has(to))).toBe(false);
      expect(elsewhere.length > 0).toBe(n.kind === 'present');
    }
  });
});
