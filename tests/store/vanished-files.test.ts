// Issue 10, cases 4 and 5: a file that cannot be read now is not a deleted file, and an emptied or
// mostly vanished corpus folder does not empty the index.

import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { updateIndex } from '../../src/store/index.ts';
import { copyCorpus, fileStartingWith, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';
import { nobodyIfRoot, runIndexChild } from '../helpers/index-process.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

async function newsIndex(label: string): Promise<{ corpus: string; indexDir: string }> {
  const root = await temp.make(label);
  const corpus = path.join(root, 'corpus');
  const indexDir = path.join(root, 'embeddings');
  await copyCorpus(NEWS_CORPUS, corpus);
  await updateIndex(indexSettings(corpus, indexDir));
  return { corpus, indexDir };
}

describe('a file that cannot be read now (chmod 000)', () => {
  it('keeps its indexed version and says so; once readable it is up to date; only when deleted is it removed', async () => {
    const { corpus, indexDir } = await newsIndex('unreadable');
    const antalya = await fileStartingWith(corpus, '002');
    await chmod(path.join(corpus, antalya), 0o000);
    const nobody = nobodyIfRoot();
    if (nobody) {
      // Root reads any file: the update runs as nobody, owner of the folders.
      await chmod(path.dirname(corpus), 0o755);
      const { execFileSync } = await import('node:child_process');
      execFileSync('chown', ['-R', '65534:65534', corpus, indexDir]);
      const run = await runIndexChild(corpus, indexDir, {}, { as: nobody });
      expect(run.code, run.stderr).toBe(0);
      expect(run.result).toMatchObject({ upToDate: true, articles: 5, removed: 0 });
      expect(run.stderr.trim().split('\n')).toEqual([`${antalya} could not be read now: EACCES: the indexed version is kept`]);
    } else {
      const lines: string[] = [];
      const { report } = await updateIndex(indexSettings(corpus, indexDir, { log: (l) => lines.push(l) }));
      expect(report).toMatchObject({ upToDate: true, articles: 5, removed: 0 });
      expect(lines).toEqual([`${antalya} could not be read now: EACCES: the indexed version is kept`]);
    }
    await chmod(path.join(corpus, antalya), 0o644);
    expect((await updateIndex(indexSettings(corpus, indexDir))).report).toMatchObject({ upToDate: true, articles: 5 });
    await rm(path.join(corpus, antalya));
    expect((await updateIndex(indexSettings(corpus, indexDir))).report).toMatchObject({ removed: 1, articles: 4 });
  });
});

describe('an emptied or mostly vanished corpus folder', () => {
  it('an empty folder (a mount not up): the index keeps serving all its articles, saying why; force empties it', async () => {
    const { corpus, indexDir } = await newsIndex('emptied');
    for (const name of await readdir(corpus)) await rm(path.join(corpus, name));
    const lines: string[] = [];
    const { index, report } = await updateIndex(indexSettings(corpus, indexDir, { log: (l) => lines.push(l) }));
    expect(index.articles.size).toBe(5);
    expect(report.stale).toMatch(/no longer holds every one of the 5 indexed articles .+update with --force if that is intended/);
    expect(lines.filter((l) => l.includes('was not updated'))).toHaveLength(1);
    expect((await updateIndex(indexSettings(corpus, indexDir, { force: true }))).report).toMatchObject({ articles: 0, removed: 5 });
  });

  it('more than the allowed share gone (3 of 5 > 50%) is refused; 2 of 5 is an update; the share is a setting', async () => {
    const { corpus, indexDir } = await newsIndex('vanished');
    const names = (await readdir(corpus)).sort();
    for (const name of names.slice(0, 3)) await rm(path.join(corpus, name));
    const refused = await updateIndex(indexSettings(corpus, indexDir));
    expect(refused.index.articles.size).toBe(5);
    expect(refused.report.stale).toMatch(/no longer holds 3 of the 5 indexed articles \(more than 50%/);
    const allowed = await updateIndex(indexSettings(corpus, indexDir, { maxRemovedShare: 0.6 }));
    expect(allowed.report).toMatchObject({ removed: 3, articles: 2 });
    expect(allowed.report.stale).toBeUndefined();
  });

  it('isnad index says why and exits 1; isnad index --force applies it; a deleted folder keeps the index too', async () => {
    const { corpus, indexDir } = await newsIndex('cli-emptied');
    for (const name of await readdir(corpus)) await rm(path.join(corpus, name));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const where = ['--corpus', corpus, '--index-dir', indexDir, '--embedder', 'builtin'];
    expect(await main(['index', ...where], io)).toBe(1);
    expect(err.join('\n')).toContain('update with --force if that is intended');
    expect(await main(['ask', 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟', '--json', ...where], io)).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({ status: 'answered' });

    await rm(corpus, { recursive: true });
    err.length = 0;
    expect(await main(['ask', 'من هو رئيس الأركان الروسي؟', '--json', ...where], io)).toBe(0);
    expect(err).toEqual([
      expect.stringMatching(
        /^the index in .+ was not updated: corpus folder not found: .+; answering from the index as it is \(5 articles\)/,
      ),
    ]);

    await mkdir(corpus);
    expect(await main(['index', '--force', ...where], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^index (built|updated [^:]+): 0 articles,/);
  });
});
