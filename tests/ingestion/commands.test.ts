import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import { updateFeedsOnce } from '../../src/discord/feed-updates.ts';
import { Engine } from '../../src/engine/index.ts';
import { acquireWriterLock } from '../../src/store/lock.ts';
import { TempDirs } from '../helpers/fixtures.ts';
import type { TestServer } from '../helpers/http-server.ts';
import { newsArticles, startNewsSite } from '../helpers/news-pages.ts';

const temp = new TempDirs();
const articles = newsArticles();
let server: TestServer;

beforeAll(async () => {
  server = await startNewsSite(articles);
  vi.stubEnv('EMBEDDER', 'builtin');
  vi.stubEnv('ALLOW_REMOTE_MODELS', 'false');
  vi.stubEnv('FETCH_ALLOW_NETWORKS', '127.0.0.1/32');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
  await temp.removeAll();
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

async function folders() {
  return { corpus: await temp.make('cmd-corpus'), index: path.join(await temp.make('cmd-index'), 'embeddings') };
}

describe('isnad add / follow / feeds / update / unfollow', () => {
  it('adds a page and an archive, updates the index, and adds nothing the second time', async () => {
    const dirs = await folders();
    const archive = path.join(await temp.make('cmd-archive'), 'wire.jsonl');
    await writeFile(archive, `${JSON.stringify({ headline: articles[1]!.title, text: articles[1]!.paragraphs.join('\n') })}\n{broken\n`);
    const args = ['--corpus', dirs.corpus, '--index-dir', dirs.index, '--map', 'title=headline'];
    const first = await run('add', `${server.base}/news/0.html`, archive, ...args);
    expect(first.err).toEqual([`${archive}, line 2: not valid JSON (${jsonError('{broken')}) — skipped`]);
    expect(first.out[0]).toBe('2 article(s) added, 1 could not be added');
    expect(first.out[1]).toMatch(/^index updated: 2 articles \(2 added\)/);
    expect(first.code).toBe(1);

    const second = await run('add', `${server.base}/news/0.html`, archive, ...args);
    expect(second.out).toEqual(['0 article(s) added, 2 already in the corpus, 1 could not be added']);
    const listed = await run('articles', '--json', '--corpus', dirs.corpus, '--index-dir', dirs.index);
    expect((JSON.parse(listed.out[0]!) as { articles: unknown[] }).articles).toHaveLength(2);
  });

  it('says the index was not updated, and exits 1, while another process holds the index lock', async () => {
    const dirs = await folders();
    const archive = (i: number) => path.join(dirs.corpus, '..', `row-${i}.jsonl`);
    for (const i of [0, 1])
      await writeFile(archive(i), `${JSON.stringify({ title: articles[i]!.title, text: articles[i]!.paragraphs.join('\n') })}\n`);
    const args = ['--corpus', dirs.corpus, '--index-dir', dirs.index];
    expect((await run('add', archive(0), ...args)).code).toBe(0);
    const lock = await acquireWriterLock(dirs.index, { wait: false });
    try {
      const second = await run('add', archive(1), ...args);
      expect(second.out).toEqual([
        '1 article(s) added',
        'index not updated: the 1 new article(s) are in the corpus and are answered from after the next isnad index',
      ]);
      expect(second.err.join('\n')).toContain('was not updated');
      expect(second.code).toBe(1);
    } finally {
      await lock.release();
    }
  });

  it('says what is wrong with the arguments', async () => {
    expect((await run('add')).code).toBe(2);
    const badMap = await run('add', 'x.csv', '--map', 'colour=red');
    expect(badMap.code).toBe(2);
    expect(badMap.err[0]).toContain('unknown field "colour"');
    expect((await run('follow', 'file:///etc/passwd')).err[0]).toContain('is not an http(s) address');
  });

  it('follows feeds, lists them, updates from them, and forgets them', async () => {
    const dirs = await folders();
    const args = ['--corpus', dirs.corpus, '--index-dir', dirs.index];
    const followed = await run('follow', `${server.base}/atom.xml`, ...args);
    expect(followed.out[0]).toBe(`following ${server.base}/atom.xml (أخبار أطوم, 2 items); isnad update adds its articles`);
    expect((await run('follow', `${server.base}/broken.xml`, ...args)).code).toBe(1);
    expect((await run('feeds', '--json', ...args)).out).toEqual([
      JSON.stringify({ feeds: [{ url: `${server.base}/atom.xml`, title: 'أخبار أطوم' }] }),
    ]);

    const updated = await run('update', ...args);
    expect(updated.out[0]).toBe(`${server.base}/atom.xml: 2 article(s) added`);
    expect(updated.out[1]).toMatch(/^index updated: 2 articles/);
    expect(updated.code).toBe(0);
    expect((await run('update', ...args)).out).toEqual([`${server.base}/atom.xml: not changed since the last update`]);

    expect((await run('unfollow', `${server.base}/atom.xml`, ...args)).out).toEqual([`no longer following ${server.base}/atom.xml`]);
    expect((await run('feeds', ...args)).out).toEqual(['no feeds followed; add one with isnad follow <feed-url>']);
    expect((await readdir(dirs.corpus)).filter((f) => f.endsWith('.txt'))).toHaveLength(2);
  });
});

describe("the bot's feed round", () => {
  it("adds the feeds' new articles and swaps in an engine that has them, logging the feed that failed", async () => {
    const dirs = await folders();
    await writeFile(
      path.join(dirs.corpus, 'feeds.json'),
      JSON.stringify({ feeds: [{ url: `${server.base}/rss.xml` }, { url: `${server.base}/broken.xml` }] }),
    );
    const config = loadConfig({
      CORPUS_DIR: dirs.corpus,
      EMBEDDINGS_DIR: dirs.index,
      EMBEDDER: 'builtin',
      ALLOW_REMOTE_MODELS: 'false',
      FETCH_ALLOW_NETWORKS: '127.0.0.1',
    });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    let engine = await Engine.open(config);
    expect(engine.articleCount).toBe(0);
    const ctx = { config, logger, engine: () => engine, swapEngine: (next: Engine) => void (engine = next), reindexing: false };
    expect(await updateFeedsOnce(ctx)).toBe(3);
    expect(engine.articleCount).toBe(3);
    expect(ctx.reindexing).toBe(false);
    expect(lines.some((l) => l.includes('feed could not be read') && l.includes('broken.xml'))).toBe(true);
    expect(lines.some((l) => l.includes('feed item could not be added') && l.includes('/legacy/9.html'))).toBe(true);
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}
