import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answering/index.ts';
import { normalizeForMatch } from '../../src/arabic/index.ts';
import type { Engine } from '../../src/engine/index.ts';
import { parseQuestions } from '../../src/evaluation/questions.ts';
import { NEWS_CORPUS, SEED_QA } from '../helpers/fixtures.ts';
import { openTestEngine } from '../helpers/engine.ts';

const questions = parseQuestions(readFileSync(SEED_QA, 'utf8'), SEED_QA);
const fileText = (id: string) => readFileSync(path.join(NEWS_CORPUS, id), 'utf8');

let engine: Engine;
const answers = new Map<string, Answer>();

beforeAll(async () => {
  engine = await openTestEngine();
  for (const q of questions) answers.set(q.id, await engine.ask(q.question));
});

/** Every quote must be a clean piece of an article's body: inside one body span. */
function insideBody(answerQuote: { articleId: string; start: number; end: number }): boolean {
  const article = engine.index.article(answerQuote.articleId);
  return article.body.some((span) => span.start <= answerQuote.start && answerQuote.end <= span.end);
}

describe('answers to the seed questions', () => {
  it('quotes every answer verbatim from the article file on disk', () => {
    const quotes = [...answers.values()].flatMap((a) => a.quotes);
    expect(quotes.length).toBeGreaterThan(28);
    for (const q of quotes) expect(fileText(q.articleId).slice(q.start, q.end)).toBe(q.text);
  });

  it('never quotes boilerplate: every quote lies inside one body span of its article', () => {
    for (const a of answers.values()) for (const q of a.quotes) expect(insideBody(q), q.text).toBe(true);
  });

  it('quotes for every answerable question, within three quotes and 900 characters, and answers most of them', () => {
    const answerable = questions.filter((x) => x.answerable);
    const answered = answerable.filter((q) => answers.get(q.id)!.status === 'answered');
    expect(answered.length / answerable.length).toBeGreaterThanOrEqual(0.75);
    for (const q of answerable) {
      const a = answers.get(q.id)!;
      expect(a.status, q.question).not.toBe('not_found');
      expect(a.quotes.length).toBeGreaterThanOrEqual(1);
      expect(a.quotes.length).toBeLessThanOrEqual(3);
      expect(a.quotes.reduce((s, x) => s + x.text.length, 0)).toBeLessThanOrEqual(900);
    }
  });

  it('claims no answer to the unanswerable questions; not_found ones quote nothing and offer the closest articles', () => {
    const unanswerable = questions.filter((x) => !x.answerable);
    expect(unanswerable.length).toBe(4);
    for (const q of unanswerable) {
      const a = answers.get(q.id)!;
      expect(a.status, q.question).not.toBe('answered');
      if (a.status !== 'not_found') continue;
      expect(a.quotes).toEqual([]);
      expect(a.sources).toEqual([]);
      for (const s of a.suggestions) expect(engine.index.articles.has(s.articleId)).toBe(true);
    }
  });

  it.each([
    ['seed-021', 'أنطاليا'],
    ['seed-004', 'إنجرليك'],
    ['seed-005', 'جون دوريان'],
    ['seed-015', 'هيئة تحرير الشام'],
    ['seed-024', '503 جنود'],
    ['seed-030', '12 نقطة مراقبة'],
    ['seed-038', 'عمر جيليك'],
    ['seed-040', 'إنترفاكس'],
  ])('%s: a quote contains %s', (id, expected) => {
    const a = answers.get(id)!;
    expect(a.quotes.some((q) => normalizeForMatch(q.text).includes(normalizeForMatch(expected)))).toBe(true);
  });

  it('numbers its sources from 1 and every quote cites one of them', () => {
    for (const a of answers.values()) {
      expect(a.sources.map((s) => s.number)).toEqual(a.sources.map((_, i) => i + 1));
      for (const q of a.quotes) {
        const source = a.sources.find((s) => s.number === q.citation);
        expect(source?.articleId).toBe(q.articleId);
        expect(source?.title).toBe(engine.index.article(q.articleId).title);
      }
    }
  });

  it('gives further quotes, never the same ones, when earlier quotes are excluded ("more quotes")', async () => {
    const question = questions.find((q) => q.id === 'seed-021')!.question;
    const first = await engine.ask(question);
    const more = await engine.ask(question, { exclude: first.quotes });
    for (const q of more.quotes) {
      expect(first.quotes.some((f) => f.articleId === q.articleId && f.start < q.end && q.start < f.end)).toBe(false);
      expect(fileText(q.articleId).slice(q.start, q.end)).toBe(q.text);
    }
  });

  it('treats an empty or punctuation-only question as unanswered instead of failing', async () => {
    for (const question of ['', '   ', '؟؟؟ !!! ...', '@everyone']) {
      const a = await engine.ask(question);
      expect(a.status).toBe('not_found');
      expect(a.quotes).toEqual([]);
    }
  });
});
