// Bounded work per page and per round: a hostile page costs its worker's budget of time and memory,
// never the main thread; pages in flight are capped across hosts; an update round ends within its
// time, the rest carried to the next round.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractError } from '../../src/ingestion/extract.ts';
import { Extractor } from '../../src/ingestion/extractor.ts';
import { addSources, CorpusWriter, HttpClient, updateFollowedFeeds } from '../../src/ingestion/index.ts';
import { TempDirs } from '../helpers/fixtures.ts';
import { startServer, type TestServer } from '../helpers/http-server.ts';
import { newsArticles, newsPage } from '../helpers/news-pages.ts';

const temp = new TempDirs();
const extractor = new Extractor({ workers: 1, timeoutMs: 30_000, memoryMb: 128 });
afterAll(async () => {
  await extractor.close();
  await temp.removeAll();
});

const nested = (depth: number) =>
  `<html><body>${'<div>'.repeat(depth)}<p>${'نص من المقال '.repeat(40)}</p>${'</div>'.repeat(depth)}</body></html>`;
const bytes = (text: string) => new TextEncoder().encode(text);

/** A clock whose time moves only when told (or when something sleeps). */
function manualClock() {
  let now = Date.parse('2026-01-01T00:00:00Z');
  return {
    now: () => now,
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => void (now += ms),
  };
}

describe('extraction on a worker thread, within budgets', () => {
  it('refuses a page of 100,000 nested elements at once, saying why', async () => {
    const error = await extractor.extract(bytes(nested(100_000)), 'text/html', 'http://news.example/deep').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as Error).message).toBe(
      'http://news.example/deep: elements nested 100002 deep (a news page needs far fewer than 300); skipped',
    );
  });

  it('still extracts a real page, unclosed <p> and <li> included, on the same worker', async () => {
    const [a] = newsArticles();
    const html = newsPage(a!, 'http://news.example/1').replace(/<\/p>|<\/li>/g, '');
    const article = await extractor.extract(bytes(html), 'text/html; charset=utf-8', 'http://news.example/1');
    expect(article.metadata.title).toBe(a!.title);
    expect(article.text).toContain(a!.paragraphs[0]!.slice(0, 60));
  });

  it('gives up a page that takes longer than its time budget, and the main thread goes on meanwhile', async () => {
    const hurried = new Extractor({ workers: 1, timeoutMs: 1, memoryMb: 128 });
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 0);
    const error = await hurried.extract(bytes(nested(250)), 'text/html', 'http://news.example/slow').catch((e: unknown) => e);
    clearInterval(ticking);
    expect((error as Error).message).toBe('http://news.example/slow: not extracted within 0.001 s (the page is too complex); skipped');
    expect(ticks).toBeGreaterThan(0);
    await hurried.close();
  });

  it('gives up a page whose document needs more memory than the budget', async () => {
    const small = new Extractor({ workers: 1, timeoutMs: 60_000, memoryMb: 24 });
    const page = `<html><body>${'<section><p>نص</p><span>كلمة</span></section>'.repeat(100_000)}</body></html>`;
    const error = await small.extract(bytes(page), 'text/html', 'http://news.example/big').catch((e: unknown) => e);
    expect((error as Error).message).toBe('http://news.example/big: the page needs more than 24 MB to extract; skipped');
    await small.close();
  });
});

describe('pages in flight', () => {
  it('fetches at most 8 pages at once across 20 hosts', { timeout: 60_000 }, async () => {
    let inFlight = 0;
    let most = 0;
    const [a] = newsArticles();
    const servers: TestServer[] = [];
    for (let h = 0; h < 20; h++) {
      servers.push(
        await startServer(async (req, res) => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, 50));
          inFlight--;
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(newsPage({ ...a!, title: `${a!.title} ${h}${req.url}` }, `http://host${h}.example${req.url}`));
        }),
      );
    }
    try {
      const corpusDir = await temp.make('budget-hosts');
      const urls = servers.flatMap((s) => [0, 1].map((i) => `${s.base}/news/${i}.html`));
      const http = new HttpClient({ allowNetworks: ['127.0.0.1'], retries: 0 });
      const report = await addSources(urls, { writer: await CorpusWriter.open(corpusDir), http, extractor });
      expect(report.problems).toEqual([]);
      expect(report.added.length + report.duplicates).toBe(40);
      expect(most).toBeLessThanOrEqual(8);
      expect(most).toBeGreaterThan(1);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});

describe('an update round within its time', () => {
  it('does not wait 100 s for busy items past the budget, nor start pages after it, and fetches them at the next round', async () => {
    const articles = newsArticles();
    const clock = manualClock();
    let busy = true;
    let slowFeed = false;
    const server = await startServer((req, res) => {
      const url = req.url ?? '';
      if (url === '/feed.xml') {
        if (slowFeed) clock.advance(3_600_000); // the feed took an hour: no page may start after it
        const items = articles.map((_, i) => `<item><link>${server.base}/news/${i}.html</link></item>`).join('');
        return void res.writeHead(200, { etag: '"f1"' }).end(`<rss version="2.0"><channel><title>موجز</title>${items}</channel></rss>`);
      }
      const i = Number(/^\/news\/(\d)\.html$/.exec(url)?.[1]);
      if (busy && i >= 3) return void res.writeHead(429, { 'retry-after': '100' }).end();
      res.writeHead(200, { 'content-type': 'text/html' }).end(newsPage(articles[i]!, `${server.base}${url}`));
    });
    try {
      const corpusDir = await temp.make('budget-round');
      const file = path.join(corpusDir, 'feeds.json');
      await writeFile(file, JSON.stringify({ feeds: [{ url: `${server.base}/feed.xml` }] }));
      const http = new HttpClient({ allowNetworks: ['127.0.0.1'], clock, retries: 3 });

      const [first] = await updateFollowedFeeds(corpusDir, http, 60_000);
      expect(first!.report.added).toHaveLength(3);
      expect(first!.report.problems).toHaveLength(2);
      for (const p of first!.report.problems) expect(p).toContain("waiting 100 s to retry would pass this round's time budget");
      let saved = JSON.parse(await readFile(file, 'utf8')) as { feeds: Array<{ seen: string[]; etag?: string }> };
      expect(saved.feeds[0]!.seen).toHaveLength(3);
      expect(saved.feeds[0]!.etag).toBeUndefined(); // read in full next time, not answered 304

      busy = false;
      slowFeed = true;
      const [second] = await updateFollowedFeeds(corpusDir, http, 60_000);
      expect(second!.report).toMatchObject({ added: [], problems: [], postponed: 2 });

      slowFeed = false;
      const [third] = await updateFollowedFeeds(corpusDir, http, 60_000);
      expect(third!.report).toMatchObject({ problems: [], postponed: 0 });
      expect(third!.report.added).toHaveLength(2);
      saved = JSON.parse(await readFile(file, 'utf8')) as { feeds: Array<{ seen: string[]; etag?: string }> };
      expect(saved.feeds[0]!.seen).toHaveLength(5);
      expect(saved.feeds[0]!.etag).toBe('"f1"');
    } finally {
      await server.close();
    }
  });
});
