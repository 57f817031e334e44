import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIndex, readManifest, updateIndex } from '../../src/store/index.ts';
import { copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

describe('a full rebuild over an existing index', () => {
  it.each([
    ['--rebuild', { rebuild: true }],
    ['a changed embedder', { embedder: { kind: 'builtin' as const, dims: 128 } }],
  ])("(%s) writes a new generation, never the live files' names", async (_, overrides) => {
    const corpusDir = await temp.make('corpus');
    const indexDir = await temp.make('index');
    await copyCorpus(NEWS_CORPUS, corpusDir);
    await updateIndex(indexSettings(corpusDir, indexDir));
    const before = (await readManifest(indexDir))!;
    const liveFiles = Object.values(before.files).flatMap((f) => (f ? [f.name] : []));

    // A directory where a temporary file of the previous generation would go: had the rebuild
    // reused that generation's names, it would fail (or overwrite live files) here.
    await mkdir(path.join(indexDir, `${liveFiles[0]}.tmp-${process.pid}`));
    await updateIndex(indexSettings(corpusDir, indexDir, overrides));
    const after = (await readManifest(indexDir))!;
    expect(after.generation).toBeGreaterThan(before.generation);
    for (const f of Object.values(after.files)) if (f) expect(liveFiles).not.toContain(f.name);
    expect(await loadIndex(indexDir, indexSettings(corpusDir, indexDir, overrides))).toBeDefined();
    // Files of the old generation and leftovers of interrupted writes are gone once the new one is committed.
    const names = await readdir(indexDir);
    for (const f of liveFiles) expect(names).not.toContain(f);
    expect(names.some((n) => n.includes('.tmp-'))).toBe(false);
  });

  it('leaves files it did not write alone when the index is up to date; the next writer removes them', async () => {
    const corpusDir = await temp.make('corpus');
    const indexDir = await temp.make('index');
    await copyCorpus(NEWS_CORPUS, corpusDir);
    await updateIndex(indexSettings(corpusDir, indexDir));
    // As another process's file being written would look: a reader must not delete it.
    await writeFile(path.join(indexDir, 'articles.9.json.tmp-999999'), '[');
    const { report } = await updateIndex(indexSettings(corpusDir, indexDir));
    expect(report.upToDate).toBe(true);
    expect(await readdir(indexDir)).toContain('articles.9.json.tmp-999999');
    // A writer holds the lock: what no manifest lists is a dead writer's, and goes.
    await writeFile(path.join(corpusDir, 'new.txt'), 'خبر جديد\n\nنص الخبر الجديد عن مدينة أنطاليا التركية.\n');
    const updated = await updateIndex(indexSettings(corpusDir, indexDir));
    expect(updated.report.added).toBe(1);
    expect(await readdir(indexDir)).not.toContain('articles.9.json.tmp-999999');
  });
});
