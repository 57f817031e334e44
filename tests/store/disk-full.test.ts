// Issue 10, case 2: the disk fills up during an update. The index there keeps serving, the failure
// is called "out of disk space" with the amounts, nothing is left behind, and a retry after freeing
// space succeeds. A real small tmpfs where this process may mount one (root); everywhere, a file
// size limit (ulimit -f) on a spawned writer, which fails its writes with EFBIG as a full disk does.

import { execFileSync } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, updateIndex } from '../../src/store/index.ts';
import { ARCD_CORPUS, copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';
import { runIndexChild } from '../helpers/index-process.ts';

const temp = new TempDirs();
let news = '';
let grown = '';

beforeAll(async () => {
  news = await temp.make('full-news');
  grown = await temp.make('full-grown');
  await copyCorpus(NEWS_CORPUS, news);
  const arcd = (await readdir(ARCD_CORPUS)).sort().slice(0, 40);
  await copyCorpus(ARCD_CORPUS, grown, arcd);
  await copyCorpus(NEWS_CORPUS, grown);
});
afterAll(() => temp.removeAll());

async function strayFiles(indexDir: string): Promise<string[]> {
  const manifest = await readManifest(indexDir);
  const listed = new Set(['manifest.json', ...Object.values(manifest?.files ?? {}).flatMap((f) => (f ? [f.name] : []))]);
  return (await readdir(indexDir)).filter((name) => !listed.has(name));
}

function tryMountTmpfs(dir: string, size: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})`;
  }
}

describe('a real full disk (a 3 MB tmpfs)', () => {
  let mountPoint = '';
  let cannotMount: string | undefined = 'not tried yet';

  beforeAll(async () => {
    mountPoint = await temp.make('tmpfs');
    cannotMount = process.getuid?.() === 0 ? tryMountTmpfs(mountPoint, '3m') : 'not root';
    if (cannotMount) console.log(`skipping the tmpfs test: ${cannotMount}`);
  });
  afterAll(() => {
    if (!cannotMount) execFileSync('umount', [mountPoint]);
  });

  it('serves the index there with the reason, leaves nothing behind, and succeeds once space is freed', async (context) => {
    if (cannotMount) context.skip();
    const indexDir = path.join(mountPoint, 'embeddings');
    await updateIndex(indexSettings(news, indexDir));
    // Fill the disk but for 64 KB.
    const { bavail, bsize } = await import('node:fs/promises').then((fs) => fs.statfs(mountPoint));
    const ballast = path.join(mountPoint, 'ballast');
    await writeFile(ballast, Buffer.alloc(Math.max(0, bavail * bsize - 64 * 1024)));

    const lines: string[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { index, report } = await updateIndex(indexSettings(grown, indexDir, { log: (l) => lines.push(l) }));
      expect(index.articles.size).toBe(5);
      expect(report.stale).toMatch(
        /^out of disk space in .+: the new index needs about [\d.]+ [KM]B, [\d.]+ [KM]B free; answering from the index as it is \(5 articles\)/,
      );
      expect(await strayFiles(indexDir)).toEqual([]);
    }
    expect(lines.filter((l) => l.includes('was not updated'))).toHaveLength(2);

    await rm(ballast);
    const { report } = await updateIndex(indexSettings(grown, indexDir));
    expect(report.articles).toBe(45);
    expect(report.stale).toBeUndefined();
    expect(await strayFiles(indexDir)).toEqual([]);
  });
});

describe('a file size limit (ulimit -f) on the writer', () => {
  it('an update: the index there serves, "out of disk space", nothing left behind; the retry without the limit succeeds', async () => {
    const indexDir = path.join(await temp.make('ulimit'), 'embeddings');
    await updateIndex(indexSettings(news, indexDir));
    for (let attempt = 1; attempt <= 2; attempt++) {
      const run = await runIndexChild(grown, indexDir, {}, { shellPrefix: 'ulimit -f 100' });
      expect(run.code, run.stderr).toBe(0);
      expect(run.result).toMatchObject({ articles: 5, stale: expect.stringMatching(/^out of disk space in /) });
      expect(run.stderr.split('\n').filter((l) => l.includes('was not updated'))).toHaveLength(1);
      if (attempt === 1) console.log(`ulimit -f: ${run.stderr.trim()}`);
      expect(await strayFiles(indexDir)).toEqual([]);
    }
    const retry = await runIndexChild(grown, indexDir);
    expect(retry.result).toMatchObject({ articles: 45 });
    expect(await strayFiles(indexDir)).toEqual([]);
  });

  it('a first build: fails saying "out of disk space", leaving nothing behind', async () => {
    const indexDir = path.join(await temp.make('ulimit-new'), 'embeddings');
    const run = await runIndexChild(grown, indexDir, {}, { shellPrefix: 'ulimit -f 100' });
    expect(run.code).toBe(1);
    expect(run.result).toEqual({ error: expect.stringMatching(/^out of disk space in .+embeddings/) });
    expect(await strayFiles(indexDir)).toEqual([]);
  });
});
