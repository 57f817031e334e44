// Corpus writers as separate processes at the same time — two `isnad add`, an `isnad update`, an
// `isnad follow` and an `isnad unfollow` on one corpus folder — lose nothing: every article of each
// is on disk, every feed item is marked seen, the feed followed during the update is still followed
// after it and the one unfollowed still unfollowed.
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/corpus/index.ts';
import { ROOT, TempDirs } from '../helpers/fixtures.ts';
import { startServer } from '../helpers/http-server.ts';
import { newsPage } from '../helpers/news-pages.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const CHILD = path.join(ROOT, 'tests/helpers/corpus-child.ts');
const ITEMS = 60;
const DAY = '2017-03-01';
/** The same title and date in both archives and the feed: every writer wants the same file names. */
const title = (i: number) => `نشرة الأخبار ${i}`;
const text = (source: string, i: number) =>
  Array.from(
    { length: 4 },
    (_, p) => `هذه الفقرة ${p + 1} من الخبر ${i} في ${source}، وفيها ما يكفي من الكلمات لتكون فقرة من مقال حقيقي عن الأحداث.`,
  ).join('\n\n');

function child(args: string[]) {
  const process_ = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FETCH_ALLOW_NETWORKS: '127.0.0.1/32' },
  });
  let stdout = '';
  let stderr = '';
  process_.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  process_.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => process_.kill('SIGKILL'), 90_000);
  const ready = new Promise<void>((resolve) => process_.stdout.on('data', () => stdout.startsWith('ready\n') && resolve()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    process_.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
  return { go: () => process_.stdin.write('go\n'), ready, done };
}

describe('corpus writers in separate processes at the same time', () => {
  it(
    'two adds, an update, a follow and an unfollow on one corpus lose no article, no seen item and no change to the feeds',
    { timeout: 120_000 },
    async () => {
      const corpus = await temp.make('concurrent-corpus');
      const work = await temp.make('concurrent-archives');
      let releaseFeed: () => void = () => {};
      const feedHeld = new Promise<void>((resolve) => (releaseFeed = resolve));
      let feedAsked: () => void = () => {};
      const feedRequested = new Promise<void>((resolve) => (feedAsked = resolve));
      const server = await startServer(async (req, res) => {
        const url = req.url ?? '';
        const page = /^\/news\/(\d+)\.html$/.exec(url);
        if (page) {
          const i = Number(page[1]);
          const html = newsPage(
            {
              title: title(i),
              paragraphs: text('الموقع', i).split('\n\n'),
              outlet: 'الموقع',
              published: DAY,
              section: 'أخبار',
              author: 'مراسل',
            },
            `${server.base}${url}`,
          );
          return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        }
        if (url === '/feed.xml' || url === '/other.xml') {
          if (url === '/feed.xml') {
            feedAsked();
            await feedHeld; // the update has listed the corpus folder; the others write meanwhile
          }
          const items = Array.from(
            { length: url === '/feed.xml' ? ITEMS : 1 },
            (_, i) => `<item><title>${title(i)}</title><link>${server.base}/news/${i}.html</link></item>`,
          );
          return void res
            .writeHead(200, { 'content-type': 'application/rss+xml' })
            .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>موجز</title>${items.join('')}</channel></rss>`);
        }
        res.writeHead(404).end();
      });
      try {
        const archives = ['أ', 'ب'].map((source) => path.join(work, `${source}.jsonl`));
        for (const [n, file] of archives.entries()) {
          const rows = Array.from({ length: ITEMS }, (_, i) =>
            JSON.stringify({ title: title(i), published: DAY, text: text(`الأرشيف ${n}`, i) }),
          );
          await writeFile(file, `${rows.join('\n')}\n`);
        }
        await writeFile(
          path.join(corpus, 'feeds.json'),
          JSON.stringify({ feeds: [{ url: `${server.base}/feed.xml` }, { url: `${server.base}/dropped.xml` }] }),
        );

        const update = child(['update', corpus]);
        await feedRequested;
        const adds = archives.map((file) => child(['add', corpus, file]));
        await Promise.all(adds.map((a) => a.ready));
        for (const a of adds) a.go();
        const follow = child(['follow', corpus, `${server.base}/other.xml`]);
        const unfollow = child(['unfollow', corpus, `${server.base}/dropped.xml`]);
        const [first, second, followed, unfollowed] = await Promise.all([...adds.map((a) => a.done), follow.done, unfollow.done]);
        releaseFeed();
        const updated = await update.done;

        for (const run of [first!, second!, followed!, unfollowed!, updated]) expect(run.stderr).toBe('');
        expect([first!.code, second!.code, followed!.code, unfollowed!.code, updated.code]).toEqual([0, 0, 0, 0, 0]);
        expect(JSON.parse(first!.stdout.trim().split('\n').at(-1)!)).toMatchObject({ added: ITEMS, problems: [] });
        expect(JSON.parse(updated.stdout.trim())).toMatchObject([
          { added: ITEMS, problems: [] },
          { error: expect.stringContaining('HTTP 404') },
        ]);

        const bodies = new Set<string>();
        for (const name of (await readdir(corpus)).filter((f) => f.endsWith('.txt'))) {
          const content = await readFile(path.join(corpus, name), 'utf8');
          bodies.add(content.slice(parseFrontMatter(content)?.bodyStart ?? 0).trim());
        }
        for (const source of ['الأرشيف 0', 'الأرشيف 1', 'الموقع']) {
          for (let i = 0; i < ITEMS; i++) expect(bodies.has(text(source, i)), `${source}, item ${i}`).toBe(true);
        }
        expect(bodies.size).toBe(3 * ITEMS);

        const feeds = JSON.parse(await readFile(path.join(corpus, 'feeds.json'), 'utf8')) as {
          feeds: Array<{ url: string; seen: string[] }>;
        };
        expect(feeds.feeds.map((f) => f.url)).toEqual([`${server.base}/feed.xml`, `${server.base}/other.xml`]);
        expect(new Set(feeds.feeds[0]!.seen)).toEqual(new Set(Array.from({ length: ITEMS }, (_, i) => `${server.base}/news/${i}.html`)));
      } finally {
        releaseFeed();
        await server.close();
      }
    },
  );
});
