// The bot keeps answering while its feed round works on a page that takes seconds to extract: the
// page is extracted on a worker thread, so a question asked meanwhile is acknowledged before the
// page's article is written (when extraction ran on the bot's own thread, nothing could be
// acknowledged until it was done).
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateFeedsOnce } from '../../src/discord/feed-updates.ts';
import { copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { startServer, type TestServer } from '../helpers/http-server.ts';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from './harness.ts';

/** Bounds a wait that would otherwise hang; never what a test asserts. */
const SAFETY_MS = 60_000;
const temp = new TempDirs();
let h: Harness;
let site: TestServer;
let corpusDir: string;
let pageSent: Promise<unknown>;

beforeAll(async () => {
  corpusDir = await temp.make('feed-round-corpus');
  await copyCorpus(NEWS_CORPUS, corpusDir);
  // Nested just under the refusal depth, with enough text to keep Readability busy for seconds.
  const heavy = `<html><body>${'<div>'.repeat(290)}${'<p>اجتمع وزراء الخارجية العرب في القاهرة لبحث التطورات في المنطقة، وأكدوا ضرورة الحل السياسي.</p>'.repeat(200)}${'</div>'.repeat(290)}</body></html>`;
  let sent: () => void = () => {};
  pageSent = new Promise<void>((resolve) => (sent = resolve));
  site = await startServer(async (req, res) => {
    if (req.url === '/rss.xml') {
      return void res
        .writeHead(200)
        .end(
          `<rss version="2.0"><channel><title>موجز</title><item><title>خبر ثقيل</title><link>${site.base}/heavy.html</link></item></channel></rss>`,
        );
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(heavy);
    await once(res, 'finish');
    sent();
  });
  await writeFile(path.join(corpusDir, 'feeds.json'), JSON.stringify({ feeds: [{ url: `${site.base}/rss.xml` }] }));
  h = await startHarness({ corpusDir, env: { FETCH_ALLOW_NETWORKS: '127.0.0.1', FEED_INTERVAL_MINUTES: '0' } });
});

afterAll(async () => {
  await h?.stop();
  await site?.close();
  await temp.removeAll();
});

describe("the bot during a feed round's slow extraction", () => {
  it('acknowledges and answers a question asked while the page is being extracted', { timeout: 120_000 }, async () => {
    const filesBefore = (await readdir(corpusDir)).filter((f) => f.endsWith('.txt')).length;
    const round = updateFeedsOnce(h.bot.context);
    await pageSent;
    const sent = await h.fake.sendCommand('ask', question('في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟'));
    const ack = await callbackOf(h.fake, sent.token, SAFETY_MS);
    expect(`${ack.status} ${ack.body.type}`).toBe('204 5');
    expect((await readdir(corpusDir)).filter((f) => f.endsWith('.txt'))).toHaveLength(filesBefore); // still extracting
    await answerEditOf(h.fake, sent.token, SAFETY_MS);
    expect(await round).toBe(1);
    expect((await readdir(corpusDir)).filter((f) => f.endsWith('.txt'))).toHaveLength(filesBefore + 1);
  });
});
