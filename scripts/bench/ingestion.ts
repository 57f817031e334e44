/**
 * `npm run bench:ingestion [-- --hosts 400] [--round-seconds 60] [--skip-slow]`
 *
 * Hostile ingestion, measured against local servers on 127.0.0.1 (the machine needs no network):
 * - a page of 100,000 nested <div> (and 2,000): how long until it is refused, and the longest the
 *   main thread was kept from running a timer meanwhile (what a Discord acknowledgement waits for);
 * - a feed whose items sit on `hosts` hosts (ports), each page 5 MB of HTML served gzipped: the
 *   round's duration within its budget, the peak RSS of the process (worker threads included), the
 *   longest main-thread stall;
 * - an update with three items answering 429 Retry-After: 100 and eight slow-drip pages: how long
 *   the round takes (its budget is the default, 3 min).
 */
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { addSources, CorpusWriter, HttpClient, updateFollowedFeeds } from '../../src/ingestion/index.ts';

const { values } = parseArgs({
  options: { hosts: { type: 'string' }, 'round-seconds': { type: 'string' }, 'skip-slow': { type: 'boolean' } },
  strict: true,
});
const HOSTS = Number(values.hosts ?? 400);
const ROUND_MS = Number(values['round-seconds'] ?? 60) * 1000;
const http = () => new HttpClient({ allowNetworks: ['127.0.0.1'] });

/** Peak RSS and the longest gap between 10 ms timers while `work` runs. */
async function watch<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number; longestStallMs: number }> {
  let peak = process.memoryUsage.rss();
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 10);
    last = now;
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  return { result, seconds, peakRssMb: Math.round(peak / 2 ** 20), longestStallMs: Math.round(stall) };
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
};

const paragraph = 'اجتمع وزراء الخارجية العرب في القاهرة لبحث التطورات في المنطقة، وأكدوا ضرورة الحل السياسي. ';
const work = await mkdtemp(path.join(os.tmpdir(), 'isnad-bench-ingestion-'));
try {
  // 1. Deeply nested pages.
  for (const depth of [2000, 100_000]) {
    const html = `<html><body>${'<div>'.repeat(depth)}<p>${paragraph.repeat(5)}</p>${'</div>'.repeat(depth)}</body></html>`;
    const { server, base } = await serve((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    const corpus = path.join(work, `nested-${depth}`);
    const m = await watch(async () => addSources([`${base}/deep.html`], { writer: await CorpusWriter.open(corpus), http: http() }));
    console.log(
      `nested ${depth} divs (${Math.round(html.length / 1024)} KB): ${m.seconds.toFixed(2)} s, longest main-thread stall ${m.longestStallMs} ms — ${m.result.problems[0] ?? 'added'}`,
    );
    await close(server);
  }

  // 2. A feed whose items sit on many hosts, 5 MB pages gzipped.
  const big = Buffer.from(
    `<html><head><title>خبر</title></head><body><article>${`<p>${paragraph.repeat(3)}</p>`.repeat(Math.floor((4.9 * 2 ** 20) / 900))}</article></body></html>`,
  );
  const gzipped = gzipSync(big);
  const hosts = await Promise.all(
    Array.from({ length: HOSTS }, () =>
      serve((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' }).end(gzipped)),
    ),
  );
  const items = hosts.map((h, i) => `<item><title>خبر ${i}</title><link>${h.base}/news/${i}.html</link></item>`).join('');
  const feed = await serve((_, res) => res.writeHead(200).end(`<rss version="2.0"><channel><title>موجز</title>${items}</channel></rss>`));
  const corpus = path.join(work, 'hosts');
  await CorpusWriter.open(corpus);
  await writeFile(path.join(corpus, 'feeds.json'), JSON.stringify({ feeds: [{ url: `${feed.base}/rss.xml` }] }));
  const round = await watch(() => updateFollowedFeeds(corpus, http(), ROUND_MS));
  const report = round.result[0]!.report;
  const reasons = new Map<string, number>();
  for (const p of report.problems) {
    const reason = p.replace(/^\S+: /, '');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  console.log(
    `feed of ${HOSTS} hosts, pages ${Math.round(big.length / 2 ** 20)} MB (${Math.round(gzipped.length / 1024)} KB gzipped), round budget ${ROUND_MS / 1000} s: ` +
      `${round.seconds.toFixed(1)} s, peak RSS ${round.peakRssMb} MB, longest main-thread stall ${round.longestStallMs} ms; ` +
      `${report.added.length} added, ${report.postponed} left for the next round, ${report.problems.length} problems ${JSON.stringify([...reasons])}`,
  );
  await Promise.all([...hosts, feed].map((h) => close(h.server)));

  // 3. 429 with Retry-After: 100, and slow-drip pages.
  if (!values['skip-slow']) {
    const site = await serve((req, res) => {
      if (req.url === '/rss.xml') {
        const links = [...[0, 1, 2].map((i) => `/busy/${i}`), ...Array.from({ length: 8 }, (_, i) => `/drip/${i}`)];
        return void res
          .writeHead(200)
          .end(
            `<rss version="2.0"><channel><title>t</title>${links.map((l) => `<item><link>${l}</link></item>`).join('')}</channel></rss>`,
          );
      }
      if (req.url?.startsWith('/busy/')) return void res.writeHead(429, { 'retry-after': '100' }).end();
      res.writeHead(200, { 'content-type': 'text/html' });
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('<p>')), 1000);
    });
    const slowCorpus = path.join(work, 'slow');
    await CorpusWriter.open(slowCorpus);
    await writeFile(path.join(slowCorpus, 'feeds.json'), JSON.stringify({ feeds: [{ url: `${site.base}/rss.xml` }] }));
    const slow = await watch(() => updateFollowedFeeds(slowCorpus, http()));
    console.log(
      `3 items answering 429 (Retry-After: 100) and 8 slow-drip pages, default budget: round ${slow.seconds.toFixed(1)} s; ${slow.result[0]!.report.problems.length} problems`,
    );
    await close(site.server);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
