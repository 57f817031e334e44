import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitSentences, type Span } from '../../src/arabic/index.ts';
import { chunkArticle, type Chunk, type ChunkingOptions } from '../../src/chunking/index.ts';
import { readCorpus, type Article } from '../../src/corpus/index.ts';
import { ARCD_CORPUS, NEWS_CORPUS } from '../helpers/fixtures.ts';
import { DEFAULT_CHUNKING } from '../helpers/index-settings.ts';

/** The application's default, a tighter one that forces overlaps in the news articles, and one below most sentence lengths. */
const OPTION_SETS: ChunkingOptions[] = [DEFAULT_CHUNKING, { maxChars: 300, overlapSentences: 2 }, { maxChars: 120, overlapSentences: 0 }];

let news: Article[] = [];
let arcd: Article[] = [];

beforeAll(async () => {
  news = (await readCorpus(NEWS_CORPUS)).articles;
  // 30 of the 146 ARCD articles, spread over the set: every fifth file.
  arcd = (await readCorpus(ARCD_CORPUS)).articles.filter((_, i) => i % 5 === 0);
});

interface BodySentence extends Span {
  /** Index of the body span (paragraph) the sentence is in. */
  paragraph: number;
}

/** The article's body cut into sentences paragraph by paragraph, in order. */
function bodySentences(article: Article): BodySentence[] {
  return article.body.flatMap((span, paragraph) => splitSentences(article.text, span.start, span.end).map((s) => ({ ...s, paragraph })));
}

interface PlacedChunk {
  chunk: Chunk;
  /** Indexes into bodySentences() of the chunk's first and last sentence. */
  first: number;
  last: number;
}

/** Locates each chunk's first and last sentence; fails when a chunk does not start and end on sentence boundaries. */
function placeChunks(article: Article, chunks: Chunk[], sentences: BodySentence[]): PlacedChunk[] {
  const byStart = new Map(sentences.map((s, i) => [s.start, i]));
  const byEnd = new Map(sentences.map((s, i) => [s.end, i]));
  return chunks.map((chunk) => {
    const first = byStart.get(chunk.start);
    const last = byEnd.get(chunk.end);
    expect(first, `${article.id}: chunk [${chunk.start}, ${chunk.end}) starts on a sentence`).toBeDefined();
    expect(last, `${article.id}: chunk [${chunk.start}, ${chunk.end}) ends on a sentence`).toBeDefined();
    expect(last!).toBeGreaterThanOrEqual(first!);
    return { chunk, first: first!, last: last! };
  });
}

/** Name, articles, and whether its paragraphs are long enough for chunks to overlap (news lines are mostly one sentence each). */
const corpora = [
  ['the five news articles', () => news, false],
  ['30 ARCD articles', () => arcd, true],
] as const;

describe.each(corpora)('chunkArticle on %s', (_name, articlesOf, hasLongParagraphs) => {
  it('has articles to chunk', () => {
    expect(articlesOf().length).toBeGreaterThanOrEqual(5);
  });

  it.each(OPTION_SETS)('chunk text is the article text at its offsets (maxChars $maxChars, overlap $overlapSentences)', (options) => {
    for (const article of articlesOf()) {
      const chunks = chunkArticle(article, options);
      expect(chunks.length, article.id).toBeGreaterThan(0);
      for (const chunk of chunks) {
        expect(chunk.articleId).toBe(article.id);
        expect(article.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
        expect(chunk.text).toBe(chunk.text.trim());
        expect(chunk.textHash).toBe(createHash('sha256').update(chunk.text).digest('hex'));
      }
    }
  });

  it.each(OPTION_SETS)('chunks lie inside body spans, never across boilerplate (maxChars $maxChars)', (options) => {
    for (const article of articlesOf()) {
      for (const chunk of chunkArticle(article, options)) {
        const touched = article.body.filter((s) => s.start < chunk.end && chunk.start < s.end);
        expect(touched.length, `${article.id} [${chunk.start}, ${chunk.end})`).toBeGreaterThan(0);
        expect(chunk.start).toBeGreaterThanOrEqual(touched[0]!.start);
        expect(chunk.end).toBeLessThanOrEqual(touched.at(-1)!.end);
        // Between two body spans inside one chunk there may be line breaks, nothing else.
        for (let i = 1; i < touched.length; i++) {
          expect(article.text.slice(touched[i - 1]!.end, touched[i]!.start).trim()).toBe('');
        }
      }
    }
  });

  it.each(OPTION_SETS)('chunks stay within maxChars unless they are one over-long sentence (maxChars $maxChars)', (options) => {
    let overLong = 0;
    for (const article of articlesOf()) {
      const sentences = bodySentences(article);
      for (const { chunk, first, last } of placeChunks(article, chunkArticle(article, options), sentences)) {
        if (chunk.text.length <= options.maxChars) continue;
        overLong++;
        expect(last, `${article.id} [${chunk.start}, ${chunk.end}) is ${chunk.text.length} chars`).toBe(first);
      }
    }
    // The smallest limit is below many sentences, so the exception is really exercised there.
    if (options.maxChars === 120) expect(overLong).toBeGreaterThan(0);
  });

  it.each(OPTION_SETS)(
    'consecutive chunks of a paragraph share the configured number of sentences (maxChars $maxChars, overlap $overlapSentences)',
    (options) => {
      let overlapping = 0;
      for (const article of articlesOf()) {
        const sentences = bodySentences(article);
        const placed = placeChunks(article, chunkArticle(article, options), sentences);
        for (let i = 1; i < placed.length; i++) {
          const previous = placed[i - 1]!;
          const next = placed[i]!;
          const where = `${article.id} chunks ${i - 1} and ${i}`;
          if (sentences[previous.last]!.paragraph === sentences[next.first]!.paragraph) {
            // A chunk can give at most all its sentences but one, or the next chunk would not move on.
            const shared = Math.min(options.overlapSentences, previous.last - previous.first);
            expect(next.first, where).toBe(previous.last + 1 - shared);
            if (shared > 0) {
              overlapping++;
              expect(article.text.slice(next.chunk.start, previous.chunk.end), where).toBe(
                article.text.slice(sentences[next.first]!.start, sentences[previous.last]!.end),
              );
            }
          } else {
            // A new paragraph starts afresh: no sentence repeated, none skipped.
            expect(next.first, where).toBe(previous.last + 1);
          }
        }
      }
      if (hasLongParagraphs && options.overlapSentences > 0) expect(overlapping).toBeGreaterThan(0);
    },
  );

  it.each(OPTION_SETS)('every body sentence is in some chunk (maxChars $maxChars)', (options) => {
    for (const article of articlesOf()) {
      const chunks = chunkArticle(article, options);
      for (const sentence of bodySentences(article)) {
        const holder = chunks.find((c) => c.start <= sentence.start && sentence.end <= c.end);
        expect(holder, `${article.id}: «${article.text.slice(sentence.start, sentence.end)}»`).toBeDefined();
      }
    }
  });
});

describe('chunkArticle and the page chrome of corpus/000', () => {
  it('keeps "لم تشترك بعد" and the sign-up text out of every chunk', () => {
    const article = news.find((a) => a.id.startsWith('000_'))!;
    expect(article).toBeDefined();
    for (const chrome of ['لم تشترك بعد', 'انشئ حساباً خاصاً بك']) {
      expect(article.text).toContain(chrome);
      for (const options of OPTION_SETS) {
        for (const chunk of chunkArticle(article, options)) expect(chunk.text).not.toContain(chrome);
      }
    }
  });

  it('keeps the first sentence of the article in the first chunk', () => {
    const article = news.find((a) => a.id.startsWith('000_'))!;
    const [first] = chunkArticle(article, DEFAULT_CHUNKING);
    expect(first!.start).toBe(0);
    expect(first!.text).toContain('في إطار عملية «درع الفرات» التي تنفذها في شمال سوريا منذ 24 أغسطس (آب) الماضي');
  });
});
