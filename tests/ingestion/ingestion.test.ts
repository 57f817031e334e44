import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFrontMatter, type ArticleMetadata } from '../../src/corpus/index.ts';
import {
  addSources,
  CorpusWriter,
  FeedList,
  HttpClient,
  parseFieldMap,
  updateFeeds,
  updateFollowedFeeds,
  type AddContext,
} from '../../src/ingestion/index.ts';
import { TempDirs } from '../helpers/fixtures.ts';
import { encodeLegacy, startServer, type TestServer } from '../helpers/http-server.ts';
import { CHROME, newsArticles, newsPage, startNewsSite, type NewsArticleFixture } from '../helpers/news-pages.ts';

const temp = new TempDirs();
const articles = newsArticles();
let server: TestServer;

beforeAll(async () => {
  server = await startNewsSite(articles);
});

afterAll(async () => {
  await server.close();
  await temp.removeAll();
});

async function context(): Promise<AddContext & { corpusDir: string }> {
  const corpusDir = await temp.make('sources-corpus');
  return {
    corpusDir,
    writer: await CorpusWriter.open(corpusDir),
    http: new HttpClient({ backoffMs: 10, retries: 1, timeoutMs: 5000, allowNetworks: ['127.0.0.1/32'] }),
  };
}

async function corpusFiles(dir: string): Promise<Array<{ file: string; metadata: ArticleMetadata; body: string }>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(
    names.map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      const front = parseFrontMatter(text);
      return { file, metadata: front?.metadata ?? {}, body: front ? text.slice(front.bodyStart) : text };
    }),
  );
}

/** The stored text holds every paragraph of the article and none of the page around it. */
function expectArticleText(body: string, article: NewsArticleFixture): void {
  const flat = body.replace(/\s+/g, ' ');
  for (const paragraph of article.paragraphs) expect(flat).toContain(paragraph.replace(/\s+/g, ' ').trim());
  for (const chrome of CHROME) expect(body).not.toContain(chrome);
}

describe('add: web pages', () => {
  it('stores the article of each page with its title, date, outlet and address, and none of the page chrome', async () => {
    const ctx = await context();
    const urls = [0, 1].map((i) => `${server.base}/news/${i}.html`);
    const report = await addSources([...urls, `${server.base}/report.pdf`, `${server.base}/gone.html`], ctx);
    expect(report.added).toHaveLength(2);
    expect(report.problems).toHaveLength(2);
    expect(report.problems.find((p) => p.includes('report.pdf'))).toContain('not an HTML page (application/pdf)');
    expect(report.problems.find((p) => p.includes('gone.html'))).toContain('HTTP 404');

    const stored = await corpusFiles(ctx.corpusDir);
    for (const [i, url] of urls.entries()) {
      const a = articles[i]!;
      const file = stored.find((s) => s.metadata.url === url)!;
      expect(file.metadata).toEqual({
        title: a.title,
        outlet: a.outlet,
        published: a.published,
        url,
        author: a.author,
        section: a.section,
      });
      expect(file.file).toMatch(new RegExp(`^${a.published.slice(0, 10)}-[\\p{L}\\p{N}-]+\\.txt$`, 'u'));
      expectArticleText(file.body, a);
    }
  });

  it('changes nothing when the same page is added again, by its address or with tracking parameters', async () => {
    const ctx = await context();
    const url = `${server.base}/news/3.html`;
    expect((await addSources([url], ctx)).added).toHaveLength(1);
    const before = await corpusFiles(ctx.corpusDir);
    const again = await addSources([url, `${url}?utm_source=twitter#top`], { ...ctx, writer: await CorpusWriter.open(ctx.corpusDir) });
    expect(again).toEqual({ added: [], duplicates: 2, problems: [], postponed: 0 });
    expect(await corpusFiles(ctx.corpusDir)).toEqual(before);
  });

  it('decodes windows-1256 and iso-8859-6 pages, by the HTTP header or by <meta charset>', async () => {
    const ctx = await context();
    const report = await addSources(
      [0, 1, 2].map((i) => `${server.base}/legacy/${i}.html`),
      ctx,
    );
    expect(report.problems).toEqual([]);
    const stored = await corpusFiles(ctx.corpusDir);
    for (const i of [0, 1, 2]) {
      const file = stored.find((s) => s.metadata.url === `${server.base}/legacy/${i}.html`)!;
      expect(file.metadata.title).toBe(articles[i]!.title);
      expectArticleText(file.body, articles[i]!);
    }
  });

  it('adds a saved HTML file in windows-1256 that names its charset only in <meta>', async () => {
    const ctx = await context();
    const dir = await temp.make('sources-files');
    await writeFile(
      path.join(dir, 'saved.html'),
      encodeLegacy(newsPage(articles[4]!, 'https://news.example/4', { charset: 'windows-1256' }), 'windows-1256'),
    );
    await writeFile(path.join(dir, 'notes.pdf'), 'not an article');
    const report = await addSources([dir], ctx);
    expect(report.problems).toEqual([]);
    const [file] = await corpusFiles(ctx.corpusDir);
    expect(file!.metadata.url).toBe('https://news.example/4');
    expectArticleText(file!.body, articles[4]!);
  });
});

describe('feeds', () => {
  it('adds the new items of RSS and Atom feeds; a broken or missing feed or page is reported and the rest still added', async () => {
    const ctx = await context();
    const file = path.join(ctx.corpusDir, 'feeds.json');
    await FeedList.change(file, (list) => {
      for (const name of ['rss.xml', 'atom.xml', 'broken.xml', 'gone.xml']) list.follow(`${server.base}/${name}`);
    });
    const list = await FeedList.load(file);
    const outcomes = await updateFeeds(list, ctx);
    const of = (name: string) => outcomes.find((o) => o.url.endsWith(name))!;
    expect(of('rss.xml').report.added).toHaveLength(3);
    expect(of('rss.xml').report.problems).toEqual([`${server.base}/legacy/9.html: HTTP 404`]);
    expect(of('atom.xml').report.added).toHaveLength(2);
    expect(of('broken.xml').error).toContain('not an RSS or Atom feed');
    expect(of('gone.xml').error).toContain('HTTP 404');

    const stored = await corpusFiles(ctx.corpusDir);
    expect(stored).toHaveLength(5);
    for (const [i, a] of articles.entries()) {
      const file = stored.find((s) => s.metadata.title === a.title)!;
      expect(file.metadata.outlet).toBe(a.outlet);
      expect(file.metadata.published).toBe(a.published);
      expectArticleText(file.body, a);
      expect(file.metadata.url).toBe(`${server.base}/${i < 3 ? 'legacy' : 'news'}/${i}.html`);
    }

    // The list survives a save and a load; the next update asks conditionally and fetches no page twice.
    await FeedList.change(file, (now) => list.feeds.forEach((feed) => now.merge(feed)));
    const reloaded = await FeedList.load(file);
    const pagesBefore = server.requests.filter((r) => r.path.endsWith('.html') && !r.path.includes('/9.')).length;
    const second = await updateFeeds(reloaded, { ...ctx, writer: await CorpusWriter.open(ctx.corpusDir) });
    expect(second.find((o) => o.url.endsWith('atom.xml'))!.notModified).toBe(true);
    expect(second.find((o) => o.url.endsWith('rss.xml'))!.report.added).toEqual([]);
    expect(server.requests.filter((r) => r.path.endsWith('.html') && !r.path.includes('/9.')).length).toBe(pagesBefore);
    expect(server.requests.filter((r) => r.path === '/rss.xml').at(-1)!.headers['if-none-match']).toBe('"rss-1"');
    expect(await corpusFiles(ctx.corpusDir)).toHaveLength(5);
  });

  it("merges an update's findings into the list as it is now: a feed unfollowed meanwhile stays unfollowed, seen items add up", async () => {
    const file = path.join(await temp.make('sources-feeds'), 'feeds.json');
    await FeedList.change(file, (list) => ['https://a.example/rss', 'https://b.example/rss'].forEach((url) => list.follow(url)));
    const taken = await FeedList.load(file); // what an update starts from
    taken.feeds[0]!.seen = ['https://a.example/1'];
    taken.feeds[0]!.etag = '"a2"';
    taken.feeds[1]!.seen = ['https://b.example/1'];
    await FeedList.change(file, (list) => {
      list.unfollow('https://b.example/rss');
      list.follow('https://c.example/rss');
      list.find('https://a.example/rss')!.seen.push('https://a.example/0');
    });
    await FeedList.change(file, (now) => taken.feeds.forEach((feed) => now.merge(feed)));
    const saved = await FeedList.load(file);
    expect(saved.feeds.map((f) => f.url)).toEqual(['https://a.example/rss', 'https://c.example/rss']);
    expect(saved.feeds[0]).toMatchObject({ etag: '"a2"', seen: ['https://a.example/0', 'https://a.example/1'] });
  });

  it('keeps every item a feed of more than 1,000 lists as seen, so no page is fetched again', async () => {
    let pages = 0;
    const links = (base: string) => Array.from({ length: 1005 }, (_, i) => `${base}/item/${i}`);
    const site = await startServer((req, res) => {
      if (req.url !== '/big.xml') return void (pages++, res.writeHead(404).end());
      const items = links(site.base).map((link) => `<item><link>${link}</link></item>`);
      res.writeHead(200).end(`<rss version="2.0"><channel><title>كبير</title>${items.join('')}</channel></rss>`);
    });
    try {
      const corpusDir = await temp.make('sources-big-feed');
      const file = path.join(corpusDir, 'feeds.json');
      await writeFile(file, JSON.stringify({ feeds: [{ url: `${site.base}/big.xml`, seen: links(site.base) }] }));
      const http = new HttpClient({ allowNetworks: ['127.0.0.1'], retries: 0 });
      for (let round = 0; round < 2; round++) await updateFollowedFeeds(corpusDir, http);
      expect(pages).toBe(0);
      expect((await FeedList.load(file)).feeds[0]!.seen).toHaveLength(1005);
    } finally {
      await site.close();
    }
  });

  it('says which field of a damaged feeds file is wrong', async () => {
    const dir = await temp.make('sources-feeds');
    const file = path.join(dir, 'feeds.json');
    await writeFile(file, JSON.stringify({ feeds: [{ url: 'ftp://example.com/feed' }] }));
    await expect(FeedList.load(file)).rejects.toThrow(/feeds\.0\.url/);
    await writeFile(file, '{"feeds": [');
    await expect(FeedList.load(file)).rejects.toThrow(/not valid JSON/);
  });
});

describe('archives', () => {
  it('imports one article per JSON Lines line; a bad line is reported with its number and skipped', async () => {
    const ctx = await context();
    const file = path.join(await temp.make('sources-archive'), 'archive.jsonl');
    const [a, b, c] = articles;
    const lines = [
      { title: a!.title, text: a!.paragraphs.join('\n'), outlet: a!.outlet, published: '2017-01-10', url: 'https://news.example/a' },
      '{"title": "نصف سطر',
      { title: 'بلا نص', text: '   ' },
      { title: b!.title, body: b!.paragraphs.join('\n'), date: 'Wed, 11 Jan 2017 10:00:00 GMT' },
      { title: c!.title, text: c!.paragraphs.join('\n'), published: 'الأسبوع الماضي' },
      { title: 'نسخة', text: `  ${a!.paragraphs.join('\n')}\n` },
      ['not', 'an', 'object'],
    ];
    await writeFile(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    const report = await addSources([file], ctx);
    expect(report.added).toHaveLength(2);
    expect(report.duplicates).toBe(1);
    expect(report.problems.map((p) => p.replace(`${file}, `, '').split(':')[0])).toEqual(['line 2', 'line 3', 'line 5', 'line 7']);
    expect(report.problems[1]).toContain('--map text=COLUMN');
    expect(report.problems[2]).toContain('"الأسبوع الماضي" is not a date');
    const stored = await corpusFiles(ctx.corpusDir);
    expect(stored.find((s) => s.metadata.title === b!.title)!.metadata.published).toBe('2017-01-11T10:00:00Z');
    expect(stored.find((s) => s.metadata.title === a!.title)!.metadata).toMatchObject({ published: '2017-01-10', outlet: a!.outlet });
  });

  it('imports CSV rows with other column names through a field map; a malformed row is reported with its line', async () => {
    const ctx = await context();
    const file = path.join(await temp.make('sources-archive'), 'archive.csv');
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const [a, b] = articles;
    const rows = [
      'headline,story,date,source',
      [a!.title, a!.paragraphs.join('\n\n'), '2017-01-10T09:00:00+03:00', a!.outlet].map(quote).join(','),
      `${quote('صف ناقص')},${quote('نص')}`,
      [b!.title, b!.paragraphs.join('\n'), '2017-01-11', b!.outlet].map(quote).join(','),
    ];
    await writeFile(file, `\uFEFF${rows.join('\r\n')}\r\n`);
    const ctxWithMap = { ...ctx, map: parseFieldMap('title=headline,text=story,published=date,outlet=source') };
    const report = await addSources([file], ctxWithMap);
    expect(report.added).toHaveLength(2);
    expect(report.problems).toHaveLength(1);
    // The header, then the first row's paragraphs with a blank line between them, then the short row.
    const shortRowLine = 1 + (a!.paragraphs.length * 2 - 1) + 1;
    expect(report.problems[0]).toContain(`line ${shortRowLine}:`);
    const stored = await corpusFiles(ctx.corpusDir);
    const first = stored.find((s) => s.metadata.title === a!.title)!;
    expect(first.metadata).toEqual({ title: a!.title, outlet: a!.outlet, published: '2017-01-10T09:00:00+03:00' });
    expect(first.body.trim()).toBe(a!.paragraphs.join('\n\n'));
  });

  it('rejects a field map naming an unknown field', () => {
    expect(() => parseFieldMap('headline=title')).toThrow(/unknown field "headline"/);
    expect(() => parseFieldMap('title')).toThrow(/field=column/);
  });
});
