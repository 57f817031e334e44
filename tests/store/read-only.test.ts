// Issue 10, case 3: an index folder that cannot be written (a read-only mount, a user without write
// permission) while the corpus has changed. The complete index there answers, with one line saying
// it is stale and why; a new index folder on a read-only mount is said to be read-only.

import { execFileSync } from 'node:child_process';
import { chmod, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { folderWriteProblem } from '../../src/config.ts';
import { updateIndex } from '../../src/store/index.ts';
import { ARCD_CORPUS, copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';
import { nobodyIfRoot, runIndexChild } from '../helpers/index-process.ts';

const temp = new TempDirs();
let news = '';
let grown = '';

beforeAll(async () => {
  news = await temp.make('ro-news');
  grown = await temp.make('ro-grown');
  await copyCorpus(NEWS_CORPUS, news);
  await copyCorpus(ARCD_CORPUS, grown, (await readdir(ARCD_CORPUS)).sort().slice(0, 3));
  await copyCorpus(NEWS_CORPUS, grown);
});
afterAll(() => temp.removeAll());

const ANTALYA = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';

describe('a user without write permission on the index folder', () => {
  it('answers from the index there; one line says it is stale and why', async () => {
    const indexDir = path.join(await temp.make('ro-perm'), 'embeddings');
    await updateIndex(indexSettings(news, indexDir));
    const nobody = nobodyIfRoot();
    if (nobody) {
      // The child runs as nobody: it reads the corpus and the index, and cannot write either.
      for (const dir of [path.dirname(indexDir), grown]) await chmod(dir, 0o755);
      const run = await runIndexChild(grown, indexDir, {}, { as: nobody });
      expect(run.code, run.stderr).toBe(0);
      expect(run.result).toMatchObject({
        articles: 5,
        stale: expect.stringMatching(/^no permission to write there \(EACCES\); answering from the index as it is \(5 articles\)/),
      });
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^the index in .+ was not updated: no permission to write there \(EACCES\); .+stale: 3 article\(s\) added/),
      ]);
    } else {
      await chmod(indexDir, 0o555);
      const { index, report } = await updateIndex(indexSettings(grown, indexDir));
      expect(index.articles.size).toBe(5);
      expect(report.stale).toMatch(/^no permission to write there \(EACCES\)/);
      await chmod(indexDir, 0o755);
    }
  });
});

describe('a read-only mount (a read-only bind mount, where this process may make one)', () => {
  let source = '';
  let readOnly = '';
  let cannotMount: string | undefined;

  beforeAll(async () => {
    source = await temp.make('ro-source');
    readOnly = await temp.make('ro-mount');
    await updateIndex(indexSettings(news, path.join(source, 'embeddings')));
    try {
      if (process.getuid?.() !== 0) throw new Error('not root');
      execFileSync('mount', ['--bind', source, readOnly], { stdio: 'pipe' });
      execFileSync('mount', ['-o', 'remount,ro,bind', readOnly], { stdio: 'pipe' });
    } catch (error) {
      cannotMount = (error as Error).message.split('\n')[0];
      console.log(`skipping the read-only mount tests: ${cannotMount}`);
    }
  });
  afterAll(() => {
    if (!cannotMount) execFileSync('umount', [readOnly]);
  });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('isnad ask answers from the index there, with one warning line', async (context) => {
    if (cannotMount) context.skip();
    const indexDir = path.join(readOnly, 'embeddings');
    const asked = await cli('ask', ANTALYA, '--json', '--corpus', grown, '--index-dir', indexDir, '--embedder', 'builtin');
    expect(asked.code, asked.err.join('\n')).toBe(0);
    expect(JSON.parse(asked.out[0]!)).toMatchObject({ status: 'answered' });
    expect(asked.err).toEqual([
      expect.stringMatching(
        /^the index in .+ was not updated: the folder is on a read-only file system \(EROFS\); answering from the index as it is \(5 articles\), which is stale/,
      ),
    ]);
  });

  it('isnad index exits 1 with the same line; a new --index-dir there is called read-only', async (context) => {
    if (cannotMount) context.skip();
    const update = await cli('index', '--corpus', grown, '--index-dir', path.join(readOnly, 'embeddings'), '--embedder', 'builtin');
    expect(update.code).toBe(1);
    expect(update.err.join('\n')).toContain('read-only file system (EROFS)');
    const fresh = await cli('index', '--corpus', news, '--index-dir', path.join(readOnly, 'new', 'embeddings'), '--embedder', 'builtin');
    expect(fresh.code).toBe(1);
    expect(fresh.err.join('\n')).toMatch(/the index folder .+new\/embeddings cannot be written: .+ is on a read-only file system/);
    // DATA_DIR is checked the same way by the bot (Node says ENOENT for a recursive mkdir there).
    expect(folderWriteProblem(path.join(readOnly, 'data', 'feedback'))).toBe(`${readOnly} is on a read-only file system`);
  });
});
