// A 20 MB article (Arabic news prose recombined from corpus/, one unique sentence in its middle)
// beside the five news articles: it is indexed, and a question about that sentence is answered
// with a quote taken word for word from the file, at offsets deep inside it.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/index.ts';
import { copyCorpus, NEWS_CORPUS, readArticleText, TempDirs } from '../helpers/fixtures.ts';
import { mulberry32 } from '../helpers/prng.ts';
import { arabicText, newsSentences } from './corpora.ts';

const NEEDLE =
  'وقال مدير ميناء طرطوس إن سفينة الشحن «نجمة الساحل» رست في الميناء فجر الثلاثاء وعلى متنها ثلاثة آلاف طن من القمح الأوكراني.';
const QUESTION = 'كم طنا من القمح حملت سفينة نجمة الساحل إلى ميناء طرطوس؟';
const BIG = 'أرشيف-كبير.txt';
const TARGET_BYTES = 20 * 1024 * 1024;

const temp = new TempDirs();
let engine: Engine;
let fileText = '';
let needleAt = -1;

beforeAll(async () => {
  const corpus = await temp.make('big-corpus');
  await copyCorpus(NEWS_CORPUS, corpus);
  const sentences = await newsSentences();
  // Arabic letters take two bytes in UTF-8, spaces and digits one: about 1.8 bytes a character.
  const half = arabicText(sentences, mulberry32(20), TARGET_BYTES / 3.5);
  const text = `أرشيف الأخبار الكامل لعام كامل\n\n${half}\n\n${NEEDLE}\n\n${arabicText(sentences, mulberry32(21), TARGET_BYTES / 3.5)}\n`;
  await writeFile(path.join(corpus, BIG), text);
  fileText = await readArticleText(path.join(corpus, BIG));
  expect(Buffer.byteLength(fileText)).toBeGreaterThanOrEqual(TARGET_BYTES);
  needleAt = fileText.indexOf(NEEDLE);
  expect(fileText.indexOf(NEEDLE, needleAt + 1)).toBe(-1);
  const config = loadConfig({ CORPUS_DIR: corpus, INDEX_DIR: path.join(await temp.make('big-index'), 'embeddings'), EMBEDDER: 'builtin' });
  engine = await Engine.open(config);
}, 120_000);

afterAll(() => temp.removeAll());

it('is indexed beside the five articles, in thousands of chunks', () => {
  expect(engine.report.skipped).toEqual([]);
  const big = engine.articles().find((a) => a.id === BIG)!;
  expect(big).toBeDefined();
  expect(big.characters).toBe(fileText.length);
  expect(big.chunks).toBeGreaterThan(5000);
  expect(engine.articleCount).toBe(6);
});

it('answers a question about the one sentence in its middle with that sentence, verbatim at its offsets', async () => {
  const answer = await engine.ask(QUESTION);
  expect(answer.status).toBe('answered');
  const quote = answer.quotes.find((q) => q.articleId === BIG && q.text.includes('نجمة الساحل'));
  expect(quote, JSON.stringify(answer.quotes.map((q) => q.text))).toBeDefined();
  expect(fileText.slice(quote!.start, quote!.end)).toBe(quote!.text);
  expect(quote!.start).toBeGreaterThanOrEqual(needleAt);
  expect(quote!.end).toBeLessThanOrEqual(needleAt + NEEDLE.length);
  expect(answer.sources.find((s) => s.number === quote!.citation)?.articleId).toBe(BIG);
});

it('still answers questions about the short articles from them', async () => {
  const answer = await engine.ask('في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟');
  expect(answer.status).toBe('answered');
  // The big article recombines the short ones' sentences, so a quote may come from either: verbatim either way.
  expect(answer.quotes.map((q) => q.text).join(' ')).toContain('أنطاليا');
  for (const q of answer.quotes.filter((x) => x.articleId === BIG)) expect(fileText.slice(q.start, q.end)).toBe(q.text);
});
