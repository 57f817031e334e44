import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES, type ScoredSentence } from '../../src/answering/index.ts';
import type { Engine } from '../../src/engine/index.ts';
import { openTestEngine } from '../helpers/engine.ts';
import { ARCD_CORPUS, copyCorpus, TempDirs } from '../helpers/fixtures.ts';

// The ARCD article on Erdoğan: its title (its first line) names him; one sentence says what he was accused of.
const ERDOGAN = '0030.txt';
const ACCUSED = 'بماذا اتهم رجب طيب أردوغان؟';

const temp = new TempDirs();
let engine: Engine;
const feature = (s: ScoredSentence, name: (typeof FEATURE_NAMES)[number]) => s.features[FEATURE_NAMES.indexOf(name)]!;
const textOf = (s: { articleId: string; start: number; end: number }) => engine.index.article(s.articleId).text.slice(s.start, s.end);

beforeAll(async () => {
  const dir = await temp.make('candidate-features');
  await copyCorpus(ARCD_CORPUS, dir, [ERDOGAN, '0011.txt', '0014.txt', '0027.txt', '0033.txt']);
  engine = await openTestEngine(dir);
  return () => temp.removeAll();
});

describe('candidate sentence features', () => {
  it("topic_free: the share of the question's words beyond its subject (the title's words) that the sentence covers", async () => {
    const sentences = (await engine.scoreSentences(ACCUSED)).filter((s) => s.articleId === ERDOGAN);
    const accused = sentences.find((s) => textOf(s).includes('اتهُم'))!;
    const naming = sentences.filter((s) => !textOf(s).includes('اتهُم') && textOf(s).includes('أردوغان'));
    // اتهم is the one word of the question the title does not hold.
    expect(feature(accused, 'topic_free')).toBe(1);
    expect(naming.length).toBeGreaterThan(0);
    for (const s of naming) expect(feature(s, 'topic_free'), textOf(s)).toBe(0);
  });

  it('opening: 1 for the first sentence of the body only', async () => {
    const article = engine.index.article(ERDOGAN);
    const sentences = (await engine.scoreSentences(ACCUSED)).filter((s) => s.articleId === ERDOGAN);
    const opening = sentences.filter((s) => feature(s, 'opening') === 1);
    expect(opening.map((s) => s.start)).toEqual([article.body[0]!.start]);
    expect(sentences.length).toBeGreaterThan(opening.length);
  });

  it('length: grows with the number of words', async () => {
    const sentences = await engine.scoreSentences(ACCUSED);
    const words = (s: ScoredSentence) => textOf(s).split(/\s+/).length;
    const [short, long] = [...sentences].sort((a, b) => words(a) - words(b)).filter((s, i, all) => i === 0 || i === all.length - 1);
    expect(words(long!)).toBeGreaterThan(words(short!));
    expect(feature(long!, 'length')).toBeGreaterThan(feature(short!, 'length'));
  });
});

describe('the first quote', () => {
  it('is the candidate the model finds likeliest, not the best-scored one', async () => {
    const sentences = await engine.scoreSentences(ACCUSED);
    const likeliest = sentences.reduce((a, b) => (b.probability > a.probability ? b : a));
    // By the hand-set score the opening sentence, which names him most fully, comes first.
    expect(textOf(sentences[0]!)).not.toContain('اتهُم');
    expect(textOf(likeliest)).toContain('بالتحريض على الكراهية الدينية');
    const answer = await engine.ask(ACCUSED);
    const first = answer.quotes[0]!;
    expect(first.articleId).toBe(likeliest.articleId);
    expect(first.start <= likeliest.start && likeliest.end <= first.end).toBe(true);
  });
});
