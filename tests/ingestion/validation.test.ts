// Every input validated and capped: dates that name real days in a sane range, rows and articles of
// bounded size, encodings told from the bytes (or the row reported), file names short in bytes, the
// page's own address when its canonical link is not one, and row text that cannot set the metadata.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isIsoDate, parseArticle, parseFrontMatter } from '../../src/corpus/index.ts';
import { MAX_ROW_CHARS } from '../../src/ingestion/archive.ts';
import { MAX_ARTICLE_CHARS } from '../../src/ingestion/corpus-writer.ts';
import { decodeHtml } from '../../src/ingestion/decode.ts';
import { Extractor } from '../../src/ingestion/extractor.ts';
import { isoDate } from '../../src/ingestion/metadata.ts';
import { addSources, CorpusWriter, extractArticle, HttpClient } from '../../src/ingestion/index.ts';
import { TempDirs } from '../helpers/fixtures.ts';
import { encodeLegacy } from '../helpers/http-server.ts';
import { newsArticles, newsPage } from '../helpers/news-pages.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const [article] = newsArticles();
const TEXT = article!.paragraphs.join('\n\n');
const NOW = Date.parse('2026-12-07T00:00:00Z');

async function added(rows: string, name: string, encode: (text: string) => Buffer = (t) => Buffer.from(t)) {
  const dir = await temp.make('validation');
  const corpusDir = path.join(dir, 'corpus');
  const file = path.join(dir, name);
  await writeFile(file, encode(rows));
  const notes: string[] = [];
  const report = await addSources([file], {
    writer: await CorpusWriter.open(corpusDir),
    http: new HttpClient(),
    log: (l) => notes.push(l),
  });
  const stored = [];
  for (const f of (await readdir(corpusDir)).filter((n) => n.endsWith('.txt'))) {
    const text = await readFile(path.join(corpusDir, f), 'utf8');
    stored.push({ file: f, text, article: parseArticle(f, text) });
  }
  return { report, stored, notes, file };
}

describe('dates', () => {
  it('are real days from 1800 to next year; a bare number or year 99999 is not a date', () => {
    for (const bad of [
      '99999-01-01',
      '1',
      '0',
      '2017-02-30',
      '2017-02-30T10:00:00Z',
      '1700-05-01',
      '2030-01-01',
      'Thu, 30 Feb 2017 10:00:00 GMT',
    ]) {
      expect(isoDate(bad, NOW), bad).toBeUndefined();
    }
    expect(isoDate('2016-02-29', NOW)).toBe('2016-02-29');
    expect(isoDate('Wed, 11 Jan 2017 10:00:00 GMT', NOW)).toBe('2017-01-11T10:00:00Z');
    expect(isoDate('2027-01-01', NOW)).toBe('2027-01-01');
    expect(isIsoDate('2017-02-30')).toBe(false);
    expect(isIsoDate('2017-02-28')).toBe(true);
  });

  it('an archive row with one is skipped and said so, the others added', async () => {
    const rows = [{ published: '99999-01-01' }, { published: '1' }, { date: 0 }, { published: '2017-02-30' }, { published: '2017-02-28' }];
    const { report, stored } = await added(
      rows.map((r, i) => JSON.stringify({ title: `خبر ${i}`, text: `${TEXT} ${i}`, ...r })).join('\n'),
      'dates.jsonl',
    );
    expect(report.problems.map((p) => p.split(', ').at(-1))).toEqual([
      'line 1: "99999-01-01" is not a date — skipped',
      'line 2: "1" is not a date — skipped',
      'line 3: "0" is not a date — skipped',
      'line 4: "2017-02-30" is not a date — skipped',
    ]);
    expect(stored.map((s) => s.article.published)).toEqual(['2017-02-28']);
  });
});

describe('sizes', () => {
  it('skips a JSON Lines row longer than the cap without reading it whole, and adds the rows after it', async () => {
    const long = JSON.stringify({ title: 'طويل', text: 'ك'.repeat(MAX_ROW_CHARS + 10) });
    const rows = [JSON.stringify({ title: 'أول', text: `${TEXT} 1` }), long, JSON.stringify({ title: 'ثالث', text: `${TEXT} 3` })];
    const { report, stored } = await added(rows.join('\n'), 'long.jsonl');
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/line 2: row of [\d,]+\+ characters, longer than the 2,000,000 an archive row may have — skipped$/);
    expect(stored.map((s) => s.article.title).sort()).toEqual(['أول', 'ثالث']);
  });

  it('skips a CSV row longer than the cap, quoted line breaks and all, and keeps the line numbers of the rows after it', async () => {
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const long = `${quote('طويل')},${quote(`سطر\n${'ك'.repeat(MAX_ROW_CHARS)}\n"مقتبس"`)}`;
    const rows = ['title,text', `${quote('أول')},${quote(`${TEXT} 1`)}`, long, `${quote('رابع')},${quote('نص قصير')}`, `${quote('ناقص')}`];
    const { report, stored } = await added(`${rows.join('\n')}\n`, 'long.csv');
    const firstLines = 1 + TEXT.split('\n').length;
    expect(report.problems.map((p) => /, (line \d+):/.exec(p)?.[1])).toEqual([`line ${firstLines + 1}`, `line ${firstLines + 5}`]);
    expect(report.problems[0]).toContain('longer than the 2,000,000 an archive row may have');
    expect(stored.map((s) => s.article.title).sort()).toEqual(['أول', 'رابع']);
  });

  it('refuses an article longer than the article cap', async () => {
    const { report, stored } = await added(JSON.stringify({ title: 'ضخم', text: 'كلمة '.repeat(MAX_ARTICLE_CHARS / 5 + 1) }), 'big.jsonl');
    expect(report.problems[0]).toContain('longer than the 1,000,000 an article may have — not added');
    expect(stored).toEqual([]);
  });

  it('keeps a file name under 255 bytes for a title of four-byte letters', async () => {
    const { report, stored } = await added(JSON.stringify({ title: '𐌰'.repeat(60), published: '2017-01-01', text: TEXT }), 'gothic.jsonl');
    expect(report.problems).toEqual([]);
    expect(Buffer.byteLength(stored[0]!.file)).toBeLessThanOrEqual(200);
    expect(stored[0]!.file).toMatch(/^2017-01-01-𐌰+\.txt$/u);
  });
});

describe('encodings', () => {
  const rows = ['title,text', `عنوان,"${TEXT.replace(/"/g, '""')}"`].join('\n');

  it('reads a windows-1256 CSV as windows-1256 and says so', async () => {
    const { report, stored, notes, file } = await added(rows, 'legacy.csv', (t) => encodeLegacy(t, 'windows-1256'));
    expect(report.problems).toEqual([]);
    expect(notes).toContain(`${file}: not UTF-8; read as windows-1256 (Arabic)`);
    expect(stored[0]!.article.title).toBe('عنوان');
    expect(stored[0]!.text).toContain(article!.paragraphs[0]!.slice(0, 50));
  });

  it('reads UTF-16 JSON Lines by its byte-order mark', async () => {
    const utf16 = (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]);
    const { report, stored } = await added(`${JSON.stringify({ title: 'عنوان', text: TEXT })}\n`, 'wide.jsonl', utf16);
    expect(report.problems).toEqual([]);
    expect(stored[0]!.article.title).toBe('عنوان');
  });

  it('skips rows with bytes that are not UTF-8 (nor Arabic windows-1256) rather than store them garbled', async () => {
    const garbled = (t: string) =>
      Buffer.concat([
        Buffer.from(t),
        Buffer.from([0x0a, 0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xe9, 0xe8, 0xfc, 0x22, 0x7d]),
      ]);
    const { report, stored, notes } = await added(JSON.stringify({ title: 'سليم', text: TEXT }), 'mixed.jsonl', garbled);
    expect(notes[0]).toContain('not valid UTF-8, and not windows-1256 Arabic either');
    expect(report.problems).toEqual([expect.stringContaining('line 2: bytes that are not valid UTF-8 (not stored garbled) — skipped')]);
    expect(stored.map((s) => s.article.title)).toEqual(['سليم']);
  });

  it('refuses a page garbled throughout (bytes in no encoding it names or isnad recognises), saying so', async () => {
    const latin = Buffer.from(`<html><body><p>${'\u00e9t\u00e9 \u00e0 la plage '.repeat(100)}</p></body></html>`, 'latin1');
    const extractor = new Extractor({ workers: 1, timeoutMs: 30_000, memoryMb: 128 });
    try {
      const error = await extractor.extract(latin, 'text/html; charset=utf-8', 'http://news.example/p').catch((e: unknown) => e as Error);
      expect((error as Error).message).toMatch(/^http:\/\/news\.example\/p: \d+ characters could not be decoded .*; skipped$/);
    } finally {
      await extractor.close();
    }
  });

  it('reads a page whose declared charset disagrees with its bytes by its bytes', () => {
    const html = `<html><head><meta charset="windows-1256"></head><body><p>${TEXT}</p></body></html>`;
    expect(decodeHtml(Buffer.from(html), 'text/html; charset=windows-1256')).toContain(article!.paragraphs[0]!);
    expect(decodeHtml(encodeLegacy(html.replace('windows-1256', 'utf-8'), 'windows-1256'), 'text/html; charset=utf-8')).toContain(
      article!.paragraphs[0]!,
    );
  });
});

describe('addresses and metadata', () => {
  it("falls back to the page's address when the canonical link is not http(s), and keeps a declared trailing slash", () => {
    const page = (canonical: string) =>
      newsPage(article!, 'https://news.example/x')
        .replace(/<link rel="canonical" href="[^"]*">/, `<link rel="canonical" href="${canonical}">`)
        .replace(/"mainEntityOfPage":"[^"]*",?/, '');
    expect(extractArticle(page('javascript:alert(1)'), 'https://news.example/page?id=7').metadata.url).toBe(
      'https://news.example/page?id=7',
    );
    expect(extractArticle(page('https://news.example/مواطن/'), 'https://news.example/page').metadata.url).toBe(
      new URL('https://news.example/مواطن/').href,
    );
  });

  it('does not let a row text set the front matter', async () => {
    const injected = `---\ntitle: عنوان مزيف\nurl: https://evil.example/\npublished: 2001-01-01\n---\n${TEXT}`;
    const { report, stored } = await added(JSON.stringify({ text: injected }), 'inject.jsonl');
    expect(report.problems).toEqual([]);
    const front = parseFrontMatter(stored[0]!.text);
    expect(front?.metadata).toEqual({});
    expect(stored[0]!.article.url).toBeUndefined();
    expect(stored[0]!.text.slice(front!.bodyStart)).toContain('title: عنوان مزيف');
  });
});
