// Issue 10, case 1: two writers on one index folder, readers during writes, and a writer killed
// (kill -9) while it holds the lock. Real processes, spawned, racing on real files.

import { watch } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IndexLockedError, loadIndex, readManifest, updateIndex } from '../../src/store/index.ts';
import { ARCD_CORPUS, copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';
import { runIndexChild, startIndexChild, type RunningChild } from '../helpers/index-process.ts';
import { acquireWriterLock } from '../../src/store/lock.ts';

const temp = new TempDirs();
let corpus = '';

beforeAll(async () => {
  corpus = await temp.make('writers-corpus');
  await copyCorpus(NEWS_CORPUS, corpus);
});
afterAll(() => temp.removeAll());

/** Resolves once the child says on stderr that it waits for the lock; rejects if it ends first. */
function saysItWaits(run: RunningChild): Promise<void> {
  const waiting = new Promise<void>((resolve) => {
    let text = '';
    run.child.stderr!.on('data', (chunk: string) => {
      text += chunk;
      if (/waiting for process \d+ on .+, which is updating the index in /.test(text)) resolve();
    });
  });
  const ended = run.done.then((r) => Promise.reject(new Error(`ended before waiting for the lock:\n${r.stderr}`)));
  return Promise.race([waiting, ended]);
}

/** Only the manifest, the files it lists and no lock remain. */
async function expectOnlyTheCommittedIndex(indexDir: string): Promise<void> {
  const manifest = (await readManifest(indexDir))!;
  const listed = Object.values(manifest.files).flatMap((f) => (f ? [f.name] : []));
  expect((await readdir(indexDir)).sort()).toEqual(['manifest.json', ...listed].sort());
}

describe('two writers at once', () => {
  it('two processes rebuilding the same index: both succeed, one after the other, and the index is whole', async () => {
    const indexDir = path.join(await temp.make('writers'), 'embeddings');
    await updateIndex(indexSettings(corpus, indexDir));
    // As two `isnad index --rebuild` while a third writer (this test) holds the lock: both wait for it,
    // whatever the speed of the machine, then write one after the other once it is released.
    const holder = await acquireWriterLock(indexDir, { wait: false });
    const first = startIndexChild(corpus, indexDir, { rebuild: true, whenLocked: 'wait' });
    const second = startIndexChild(corpus, indexDir, { rebuild: true, whenLocked: 'wait' });
    await Promise.all([saysItWaits(first), saysItWaits(second)]);
    await holder.release();
    // A reader loads the index over and over while they write: every load is a whole index.
    let loads = 0;
    let writing = true;
    const reading = (async () => {
      while (writing) {
        const index = await loadIndex(indexDir, indexSettings(corpus, indexDir));
        expect(index?.articles.size).toBe(5);
        loads++;
      }
    })();
    const runs = await Promise.all([first.done, second.done]);
    writing = false;
    await reading;
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.result).toMatchObject({ rebuilt: true, articles: 5 });
    }
    expect(loads).toBeGreaterThan(0);
    expect((await readManifest(indexDir))!.generation).toBe(3);
    expect((await loadIndex(indexDir, indexSettings(corpus, indexDir)))!.articles.size).toBe(5);
    await expectOnlyTheCommittedIndex(indexDir);
  });

  it('a second writer with whenLocked "fail" (isnad index --no-wait) stops at once and says who holds the lock', async () => {
    const indexDir = path.join(await temp.make('no-wait'), 'embeddings');
    await updateIndex(indexSettings(corpus, indexDir));
    // A holder busy for seconds: the news and the 146 ARCD articles.
    const big = await temp.make('big-corpus');
    await copyCorpus(NEWS_CORPUS, big);
    await copyCorpus(ARCD_CORPUS, big);
    const holder = startIndexChild(big, indexDir, { rebuild: true });
    await waitForFile(indexDir, 'writer.lock.owner');
    const attempt = updateIndex(indexSettings(corpus, indexDir, { rebuild: true, whenLocked: 'fail' }));
    await expect(attempt).rejects.toThrow(IndexLockedError);
    await expect(attempt).rejects.toThrow(`another isnad process is updating the index in ${indexDir} (process ${holder.child.pid} on `);
    // A reader meanwhile (a command, a bot starting) with a changed corpus: the index there answers.
    const changed = await temp.make('changed-corpus');
    await copyCorpus(NEWS_CORPUS, changed);
    await writeFile(path.join(changed, 'new.txt'), 'خبر جديد\n\nنص الخبر الجديد عن مدينة أنطاليا التركية.\n');
    const served = await updateIndex(indexSettings(changed, indexDir));
    expect(served.index.articles.size).toBe(5);
    expect(served.report.stale).toMatch(
      /^another isnad process is updating the index in .+; answering from the index as it is \(5 articles\)/,
    );
    expect((await holder.done).code).toBe(0);
  });
});

describe('a writer killed (SIGKILL) while it holds the lock', () => {
  it('does not leave the index locked: the next writer takes the lock over at once, cleans up and succeeds', async () => {
    const indexDir = path.join(await temp.make('killed'), 'embeddings');
    await updateIndex(indexSettings(corpus, indexDir));
    const before = (await readManifest(indexDir))!;
    const writer = startIndexChild(corpus, indexDir, { rebuild: true });
    await waitForFile(indexDir, 'writer.lock.owner');
    writer.child.kill('SIGKILL');
    expect((await writer.done).signal).toBe('SIGKILL');
    expect(await readdir(indexDir)).toContain('writer.lock');
    // A leftover of the dead writer, as an interrupted write leaves it.
    await writeFile(path.join(indexDir, `articles.${before.generation + 1}.json.tmp-${writer.child.pid}`), '[');

    const started = performance.now();
    const run = await runIndexChild(corpus, indexDir, { rebuild: true, whenLocked: 'fail' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ rebuilt: true, articles: 5 });
    console.log(
      `next writer after a kill -9 of the lock holder: done in ${Math.round(performance.now() - started)} ms (the lock's stale time is 60 s)`,
    );
    await expectOnlyTheCommittedIndex(indexDir);
  });
});

function waitForFile(dir: string, name: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${name} did not appear in ${dir}`));
    }, timeoutMs);
    const watcher = watch(dir, () => {
      void readdir(dir).then((names) => {
        if (!names.includes(name)) return;
        clearTimeout(timer);
        watcher.close();
        resolve();
      });
    });
  });
}
