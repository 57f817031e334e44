// What held when ingestion was probed as a hostile site would (issue 20), kept under test: entity
// expansion and external entities in feeds, gzip bombs, redirects to file://.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeedXml } from '../../src/ingestion/feeds.ts';
import { HttpClient } from '../../src/ingestion/index.ts';
import { startServer, type TestServer } from '../helpers/http-server.ts';

let server: TestServer;
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MB of zeros in ~64 KB

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/bomb.html') return void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(bomb);
    if (req.url === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    res.writeHead(404).end();
  });
});
afterAll(() => server.close());

const http = () => new HttpClient({ allowNetworks: ['127.0.0.1'], retries: 0 });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error as Error,
  );

describe('hostile feeds and pages', () => {
  it('does not expand nested entities (billion laughs) into the feed', () => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">${lol}]><rss version="2.0"><channel><title>&lol9;</title><item><title>خبر</title><link>https://news.example/1</link></item></channel></rss>`;
    let parsed;
    try {
      parsed = parseFeedXml(xml, 'https://news.example/rss.xml');
    } catch (error) {
      expect((error as Error).message).toMatch(/not an RSS or Atom feed/);
      return;
    }
    expect((parsed.title ?? '').length).toBeLessThan(1000);
  });

  it('does not read a file named by an external entity (XXE)', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title><link>https://news.example/1</link></item></channel></rss>`;
    let text = '';
    try {
      const parsed = parseFeedXml(xml, 'https://news.example/rss.xml');
      text = JSON.stringify(parsed);
    } catch (error) {
      text = (error as Error).message;
    }
    expect(text).not.toContain('root:');
  });

  it('stops a gzip bomb at the size cap, counted after decompression', async () => {
    const error = await failure(http().get(`${server.base}/bomb.html`));
    expect(error.message).toContain('response larger than 5120 KB, not downloaded');
  });

  it('does not follow a redirect to file://', async () => {
    const error = await failure(http().get(`${server.base}/to-file`));
    expect(error.message).toBe(`${server.base}/to-file: redirect to a non-http address file:///etc/passwd`);
  });
});
