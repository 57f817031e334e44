import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle, readCorpus, type Article } from '../../src/corpus/index.ts';
import { fileStartingWith, NEWS_CORPUS, readArticleText, TempDirs } from '../helpers/fixtures.ts';
import { ANTALYA, BAB, makeStoryCorpus, type StoryCorpus } from '../helpers/story-corpus.ts';

const temp = new TempDirs();
let dir = '';
let corpus: StoryCorpus;
let articles: Map<string, Article>;
let warnings: Array<{ file: string; reason: string }>;

beforeAll(async () => {
  dir = await temp.make('metadata');
  corpus = await makeStoryCorpus(dir);
  await writeFile(path.join(dir, '020_bad_date.txt'), `---\noutlet: الجزيرة\npublished: أمس\n---\n${await readFile(path.join(NEWS_CORPUS, await fileStartingWith(NEWS_CORPUS, '004')), 'utf8')}`);
  await writeFile(path.join(dir, '021_unclosed.txt'), '---\ntitle: بلا نهاية\nاجتمع الوفدان التركي والروسي في مدينة موسكو اليوم لبحث الخلافات حول إدلب.\n');
  const read = await readCorpus(dir);
  articles = new Map(read.articles.map((a) => [a.id, a]));
  warnings = read.warnings;
});

afterAll(() => temp.removeAll());

/** Every body span and the front matter block: the block is outside every span. */
function expectBodyAfter(article: Article, fileText: string, marker: string): void {
  const blockEnd = fileText.indexOf(marker) + marker.length;
  expect(article.body.length).toBeGreaterThan(0);
  for (const span of article.body) {
    expect(span.start).toBeGreaterThanOrEqual(blockEnd);
    expect(fileText.slice(span.start, span.end)).toBe(article.text.slice(span.start, span.end));
    expect(fileText.slice(span.start, span.end)).not.toMatch(/^(title|outlet|published|url):/);
  }
}

describe('article metadata from front matter', () => {
  it('takes title, outlet, date and link from the front matter and keeps the block out of the body', async () => {
    const article = articles.get(corpus.original)!;
    expect(article).toMatchObject(ANTALYA);
    expect(article.author).toBeUndefined();
    const fileText = await readArticleText(path.join(dir, corpus.original));
    expect(article.text).toBe(fileText);
    expectBodyAfter(article, fileText, `url: ${ANTALYA.url}\n---\n`);
    // The body is the article's own: the same sentences as without the front matter.
    const plain = parseArticle('plain.txt', await readFile(path.join(NEWS_CORPUS, corpus.original), 'utf8'));
    expect(article.body.map((s) => article.text.slice(s.start, s.end))).toEqual(plain.body.map((s) => plain.text.slice(s.start, s.end)));
  });

  it('reads a file with a BOM and CRLF line ends; offsets still slice the file exactly', async () => {
    const article = articles.get(corpus.crlf)!;
    expect(article).toMatchObject(BAB);
    const fileText = await readArticleText(path.join(dir, corpus.crlf));
    expect(article.text).toBe(fileText);
    expectBodyAfter(article, fileText, `section: ${BAB.section}\r\n---\r\n`);
    for (const span of article.body) expect(fileText.slice(span.start, span.end)).not.toMatch(/^\s|\s$/);
  });

  it('without front matter, takes what the text says and leaves unknown fields absent', () => {
    const article = articles.get([...articles.keys()].find((id) => id.startsWith('003'))!)!;
    expect(article.outlet).toBe('الشرق الأوسط');
    expect(article.title).toBe('اتصالات عسكرية بين موسكو وأنقرة لوقف النار في إدلب');
    for (const key of ['published', 'url', 'author', 'section'] as const) expect(key in article).toBe(false);
    const unnamed = articles.get([...articles.keys()].find((id) => id.startsWith('001'))!)!;
    expect(unnamed.outlet).toBeNull();
  });

  it('reports a bad front matter by file name and still indexes the article, without that metadata', () => {
    expect(warnings.map((w) => w.file).sort()).toEqual(['020_bad_date.txt', '021_unclosed.txt']);
    expect(warnings.find((w) => w.file === '020_bad_date.txt')!.reason).toMatch(/"published" must be an ISO 8601 date.*read without its metadata/);
    const badDate = articles.get('020_bad_date.txt')!;
    expect(badDate.outlet).not.toBe('الجزيرة');
    expect(badDate.title).toBe('تركيا تفشل في إقناع روسيا بشأن سحب الجيش السوري من أدلب');
    // A closed block is still not text of the article.
    for (const span of badDate.body) expect(badDate.text.slice(span.start, span.end)).not.toContain('أمس\n---');
    expect(badDate.body[0]!.start).toBeGreaterThan(badDate.text.indexOf('\n---\n'));
    // An unclosed block cannot be told apart from the text: the whole file is the article.
    const unclosed = articles.get('021_unclosed.txt')!;
    expect(unclosed.body.map((s) => unclosed.text.slice(s.start, s.end))).toContain('اجتمع الوفدان التركي والروسي في مدينة موسكو اليوم لبحث الخلافات حول إدلب.');
  });
});
