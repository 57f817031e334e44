import { appendFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { Engine, listIndexedArticles } from '../../src/engine/index.ts';
import { TempDirs } from '../helpers/fixtures.ts';
import { makeStoryCorpus } from '../helpers/story-corpus.ts';

// `isnad articles` lists an up-to-date index from its manifest and article list alone; any doubt
// (no index, a changed corpus or settings, a damaged part) leaves it to Engine.open.

const temp = new TempDirs();
let config: Config;

function configOf(corpusDir: string, indexDir: string, extra: Record<string, string> = {}): Config {
  return loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDER: 'builtin', ALLOW_REMOTE_MODELS: 'false', ...extra });
}

beforeEach(async () => {
  const corpusDir = await temp.make('listing-corpus');
  await makeStoryCorpus(corpusDir);
  config = configOf(corpusDir, await temp.make('listing-index'));
});

afterAll(() => temp.removeAll());

describe('listIndexedArticles', () => {
  it('lists an up-to-date index as the opened engine does, filters included', async () => {
    const engine = await Engine.open(config);
    const listed = await listIndexedArticles(config);
    expect(listed?.articles).toEqual(engine.articles());
    expect(listed?.articles.some((a) => a.sameStory?.length && a.published && a.outlet)).toBe(true);
    expect(listed?.embedderId).toBe(engine.index.embedder.id);
    for (const filter of [{ outlet: 'الشرق الاوسط' }, { since: '2017-03-08' }, { until: '2017-02-28' }]) {
      expect((await listIndexedArticles(config, filter))?.articles).toEqual(engine.articles(filter));
    }
  });

  it('leaves a folder without an index to Engine.open', async () => {
    expect(await listIndexedArticles(config)).toBeUndefined();
  });

  it('leaves an index the corpus has moved away from to Engine.open, and lists it again once updated', async () => {
    await Engine.open(config);
    const [first, second] = (await readdir(config.corpusDir)).sort();
    const changes = [
      () => writeFile(path.join(config.corpusDir, 'new.txt'), 'مقال جديد\nاجتمع الوزراء اليوم في المدينة لبحث الأوضاع الاقتصادية.\n'),
      () => appendFile(path.join(config.corpusDir, first!), '\nوأضاف المتحدث أن الاجتماع سيستمر يومين.\n'),
      () => rm(path.join(config.corpusDir, second!)),
    ];
    for (const change of changes) {
      await change();
      expect(await listIndexedArticles(config)).toBeUndefined();
      const engine = await Engine.open(config);
      expect((await listIndexedArticles(config))?.articles).toEqual(engine.articles());
    }
  });

  it('leaves an index built with other settings or another embedder to Engine.open', async () => {
    await Engine.open(config);
    expect(await listIndexedArticles(configOf(config.corpusDir, config.indexDir, { CHUNK_MAX_CHARS: '300' }))).toBeUndefined();
    expect(await listIndexedArticles(configOf(config.corpusDir, config.indexDir, { BUILTIN_DIMS: '128' }))).toBeUndefined();
  });

  it('leaves a damaged article list to Engine.open, which rebuilds the index', async () => {
    await Engine.open(config);
    const articlesPart = (await readdir(config.indexDir)).find((name) => name.startsWith('articles.'))!;
    await appendFile(path.join(config.indexDir, articlesPart), ' ');
    expect(await listIndexedArticles(config)).toBeUndefined();
    const logged: string[] = [];
    const engine = await Engine.open(config, { log: (line) => logged.push(line) });
    expect(logged.join('\n')).toMatch(/damaged/);
    expect((await listIndexedArticles(config))?.articles).toEqual(engine.articles());
  });
});
