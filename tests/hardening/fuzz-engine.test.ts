// Hostile and odd questions through the real engine over the five news articles: ask, search,
// sources, summarizeTopic and findArticles never throw, and every quote and passage is the
// article file's own text at its offsets.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { openTestEngine } from '../helpers/engine.ts';
import { NEWS_CORPUS, readArticleText } from '../helpers/fixtures.ts';
import { FUZZ_INPUTS, GOOD_QUESTION } from './fuzz-inputs.ts';

let engine: Engine;
const files = new Map<string, string>();

beforeAll(async () => {
  engine = await openTestEngine();
  for (const a of engine.articles()) files.set(a.id, await readArticleText(path.join(NEWS_CORPUS, a.id)));
  expect(files.size).toBe(5);
});

/** The text of the corpus file at the offsets, read apart from the index. */
function expectVerbatim(items: ReadonlyArray<{ articleId: string; start: number; end: number; text: string }>): void {
  for (const item of items) {
    const file = files.get(item.articleId);
    expect(file, item.articleId).toBeDefined();
    expect(item.start).toBeGreaterThanOrEqual(0);
    expect(item.end).toBeGreaterThan(item.start);
    expect(file!.slice(item.start, item.end)).toBe(item.text);
  }
}

describe.each(FUZZ_INPUTS)('the question: %s', (_name, input) => {
  it('ask: one of the three tiers, never a throw; quotes verbatim, each citing a listed source of its article', async () => {
    const answer = await engine.ask(input);
    expect(['answered', 'uncertain', 'not_found']).toContain(answer.status);
    expect(answer.question).toBe(input);
    if (answer.status === 'not_found') expect(answer.quotes).toEqual([]);
    else expect(answer.quotes.length).toBeGreaterThan(0);
    expectVerbatim(answer.quotes);
    expectVerbatim(answer.passages);
    for (const q of answer.quotes) expect(answer.sources.find((s) => s.number === q.citation)?.articleId).toBe(q.articleId);
    expect(Number.isFinite(answer.evidence)).toBe(true);
  });

  it('search and sources: ranked passages of the articles, verbatim, with finite scores', async () => {
    const passages = await engine.search(input, 5);
    expect(passages.length).toBeLessThanOrEqual(5);
    expectVerbatim(passages);
    passages.forEach((p, i) => expect(p.rank).toBe(i + 1));
    for (const p of passages) for (const s of Object.values(p.scores)) expect(Number.isFinite(s)).toBe(true);
    const sourced = await engine.search(input, 3);
    expectVerbatim(sourced);
  });

  it('summarizeTopic: quotes verbatim, each citing a listed source of its article', async () => {
    const summary = await engine.summarizeTopic(input);
    expectVerbatim(summary.quotes);
    for (const q of summary.quotes) expect(summary.sources.find((s) => s.number === q.citation)?.articleId).toBe(q.articleId);
  });

  it('findArticles (the autocomplete): only known articles', () => {
    for (const a of engine.findArticles(input)) expect(files.has(a.id)).toBe(true);
  });
});

describe('inputs that carry a real question', () => {
  // The noise must not hide the question: these are answered from the Antalya article, like the plain question.
  it.each([
    '6,000 characters of Arabic words',
    'mention injection',
    'a right-to-left override around the question',
    'zero-width characters inside every word',
    'isolates and marks around each word',
  ])('%s: answered with a quote that names Antalya', async (name) => {
    const input = FUZZ_INPUTS.find(([n]) => n === name)![1];
    const answer = await engine.ask(input);
    expect(answer.status, name).toBe('answered');
    expect(answer.quotes.map((q) => q.text).join(' ')).toContain('أنطاليا');
  });

  it('the plain question is answered the same way (the baseline of the cases above)', async () => {
    const answer = await engine.ask(GOOD_QUESTION);
    expect(answer.status).toBe('answered');
    expect(answer.quotes.map((q) => q.text).join(' ')).toContain('أنطاليا');
  });

  it('nothing to ask (empty, blank, punctuation, controls only) is refused, not answered from noise', async () => {
    for (const name of [
      'empty',
      'whitespace only',
      'only punctuation',
      'only zero-width and bidi control characters',
      'tatweel only',
      'diacritics only',
    ]) {
      const input = FUZZ_INPUTS.find(([n]) => n === name)![1];
      expect((await engine.ask(input)).status, name).toBe('not_found');
    }
  });
});
