import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUMMARY, type Summary } from '../../src/answering/index.ts';
import { analyzeToTerms } from '../../src/arabic/index.ts';
import type { Engine } from '../../src/engine/index.ts';
import { NEWS_CORPUS } from '../helpers/fixtures.ts';
import { openTestEngine } from '../helpers/engine.ts';

const BOILERPLATE = ['لم تشترك بعد', 'انشئ حساباً', 'الرئيسية »', 'أخبار متعلقة', 'المصدر:', 'أرشيفية'];
/** One Discord embed's description. */
const EMBED_DESCRIPTION = 4096;

let engine: Engine;
beforeAll(async () => {
  engine = await openTestEngine();
});

function checkQuotes(summary: Summary): void {
  for (const q of summary.quotes) {
    expect(readFileSync(path.join(NEWS_CORPUS, q.articleId), 'utf8').slice(q.start, q.end)).toBe(q.text);
    for (const chrome of BOILERPLATE) expect(q.text).not.toContain(chrome);
    const article = engine.index.article(q.articleId);
    expect(article.body.some((s) => s.start <= q.start && q.end <= s.end)).toBe(true);
    expect(summary.sources.find((s) => s.number === q.citation)?.articleId).toBe(q.articleId);
  }
  const rendered = summary.quotes.map((q) => `> ${q.text} [${q.citation}]`).join('\n');
  expect(rendered.length).toBeLessThan(EMBED_DESCRIPTION);
  expect(summary.quotes.reduce((s, q) => s + q.text.length, 0)).toBeLessThanOrEqual(DEFAULT_SUMMARY.maxChars);
}

describe('article summaries', () => {
  it.each([
    '000_5418153b5098ba54.txt',
    '001_864faea840389226.txt',
    '002_10ecb58a6e64aa15.txt',
    '003_6ba7dc6cd6667daf.txt',
    '004_a28b00397c7848ac.txt',
  ])('%s: 3–5 verbatim body sentences in document order, within budget, cited to the article', (id) => {
    const summary = engine.summarizeArticle(id);
    expect(summary.kind).toBe('article');
    expect(summary.heading).toBe(engine.index.article(id).title);
    expect(summary.sources).toEqual([expect.objectContaining({ number: 1, articleId: id })]);
    expect(summary.quotes.length).toBeGreaterThanOrEqual(3);
    expect(summary.quotes.length).toBeLessThanOrEqual(5);
    const starts = summary.quotes.map((q) => q.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    checkQuotes(summary);
  });

  it('honours the number of sentences asked for', () => {
    expect(engine.summarizeArticle('003_6ba7dc6cd6667daf.txt', 3).quotes).toHaveLength(3);
    expect(engine.summarizeArticle('003_6ba7dc6cd6667daf.txt', 5).quotes).toHaveLength(5);
  });

  it('does not pick two sentences saying the same thing (000 repeats its headline at the end)', () => {
    const texts = engine.summarizeArticle('000_5418153b5098ba54.txt').quotes.map((q) => q.text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('topic summaries', () => {
  it('draws diverse, on-topic sentences from several articles, grouped by article, each cited', async () => {
    const topic = 'المفاوضات بين تركيا وروسيا حول إدلب';
    const summary = await engine.summarizeTopic(topic);
    expect(summary.kind).toBe('topic');
    expect(summary.quotes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(summary.quotes.map((q) => q.articleId)).size).toBeGreaterThanOrEqual(2);
    const order = summary.quotes.map((q) => q.citation);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const topicTerms = new Set(analyzeToTerms(topic));
    for (const q of summary.quotes)
      expect(
        analyzeToTerms(q.text).some((t) => topicTerms.has(t)),
        q.text,
      ).toBe(true);
    checkQuotes(summary);
  });

  it('returns no quote for a topic the articles never mention', async () => {
    const summary = await engine.summarizeTopic('زراعة الأرز في اليابان');
    expect(summary.quotes).toEqual([]);
  });
});
