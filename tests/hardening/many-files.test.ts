// 10,000 small Arabic articles: indexed, quotable, up to date on the next run; then files deleted
// from another thread while updateIndex re-reads the folder: no throw, and each deleted file is
// either still indexed whole (read before it went), or skipped with the reason, or gone.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex, updateIndex, type IndexReport, type SearchIndex } from '../../src/store/index.ts';
import { searchPassages } from '../../src/retrieval/index.ts';
import { TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';
import { writeSmallArticles } from './corpora.ts';

const COUNT = 10_000;
const temp = new TempDirs();
let corpus = '';
let indexDir = '';
let ids: string[] = [];
const contents = new Map<string, string>();

beforeAll(async () => {
  corpus = await temp.make('many');
  indexDir = path.join(await temp.make('many-index'), 'embeddings');
  ids = await writeSmallArticles(corpus, COUNT, 10_000);
  for (const id of ids) contents.set(id, await readFile(path.join(corpus, id), 'utf8'));
}, 60_000);

afterAll(() => temp.removeAll());

/** Every article of the index is the file's text as written, and every chunk's text lies inside it. */
function expectWholeArticles(index: SearchIndex): void {
  for (const a of index.articles.values()) expect(a.text, a.id).toBe(contents.get(a.id));
}

describe('10,000 small files', () => {
  it('are all indexed, then found up to date', async () => {
    const first = await updateIndex(indexSettings(corpus, indexDir));
    expect(first.report).toMatchObject({ articles: COUNT, skipped: [], rebuilt: true });
    expect(first.report.chunks).toBeGreaterThanOrEqual(COUNT);
    expect([...first.index.articles.keys()].sort()).toEqual([...ids].sort());
    expectWholeArticles(first.index);

    const again = await updateIndex(indexSettings(corpus, indexDir));
    expect(again.report).toMatchObject({ upToDate: true, articles: COUNT, embedded: 0 });
  }, 60_000);

  it('search quotes them verbatim: the headline of article 7,321 finds it', async () => {
    const index = (await loadIndex(indexDir, indexSettings(corpus, indexDir)))!;
    const id = ids[7321]!;
    const headline = contents.get(id)!.split('\n')[0]!;
    const passages = await searchPassages(index, headline, { k: 5 });
    expect(passages.map((p) => p.articleId)).toContain(id);
    for (const p of passages) expect(contents.get(p.articleId)!.slice(p.start, p.end)).toBe(p.text);
  });
});

describe('files deleted by another thread while updateIndex reads the folder', () => {
  let report: IndexReport;
  let index: SearchIndex;
  let deleted: string[] = [];

  beforeAll(async () => {
    // Every third file, from the end of the (sorted) reading order backwards, so the deletions meet the reader.
    const victims = ids.filter((_, i) => i % 3 === 0).reverse();
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const fs = require('node:fs');
       parentPort.once('message', () => {
         const deleted = [];
         for (const id of workerData.victims) {
           fs.unlinkSync(require('node:path').join(workerData.corpus, id));
           deleted.push(id);
           const until = performance.now() + 0.1;
           while (performance.now() < until);
         }
         parentPort.postMessage(deleted);
       });
       parentPort.postMessage('ready');`,
      { eval: true, workerData: { corpus, victims } },
    );
    const messages: unknown[] = [];
    const next = () =>
      new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    expect(await next()).toBe('ready');
    const done = next();
    worker.postMessage('go');
    const result = await updateIndex(indexSettings(corpus, indexDir));
    messages.push(await done);
    await worker.terminate();
    deleted = messages[0] as string[];
    report = result.report;
    index = result.index;
  }, 60_000);

  it('did not throw, and deleted every third file', () => {
    expect(deleted).toHaveLength(Math.ceil(COUNT / 3));
  });

  it('each deleted file is indexed whole (read before it went), skipped as unreadable, or not listed at all', () => {
    const skipped = new Map(report.skipped.map((s) => [s.file, s.reason]));
    const gone = new Set(deleted);
    let kept = 0;
    let unreadable = 0;
    for (const id of deleted) {
      if (index.articles.has(id)) kept++;
      else if (skipped.has(id)) {
        expect(skipped.get(id)).toBe('could not be read: ENOENT');
        unreadable++;
      }
    }
    console.log(
      `deleted while indexing: ${deleted.length}; read before deletion and kept: ${kept}; listed, then unreadable: ${unreadable}; not listed: ${deleted.length - kept - unreadable}`,
    );
    // Nothing but deleted files is skipped, and every file still there is indexed.
    for (const file of skipped.keys()) expect(gone.has(file)).toBe(true);
    for (const id of ids) if (!gone.has(id)) expect(index.articles.has(id), id).toBe(true);
    expectWholeArticles(index);
    // The deletions raced the reader: some files were listed before they went.
    expect(kept + unreadable).toBeGreaterThan(0);
  });

  it('the index written is complete and consistent: it loads and holds what was returned', async () => {
    const loaded = (await loadIndex(indexDir, indexSettings(corpus, indexDir)))!;
    expect(loaded.manifest.counts).toEqual({ articles: index.articles.size, chunks: index.chunksByLabel.size });
    expect([...loaded.articles.keys()].sort()).toEqual([...index.articles.keys()].sort());
    expect(loaded.vectors.size).toBe(loaded.chunksByLabel.size);
    expect(loaded.lexical.size).toBe(loaded.chunksByLabel.size);
  });

  it('the next update drops the deleted files still indexed and holds exactly the files that remain', async () => {
    const { index: after, report: next } = await updateIndex(indexSettings(corpus, indexDir));
    const remaining = ids.filter((id) => !deleted.includes(id)).sort();
    expect(next.skipped).toEqual([]);
    expect([...after.articles.keys()].sort()).toEqual(remaining);
    expectWholeArticles(after);
  }, 60_000);
});
