import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus, type Article } from '../../src/corpus/index.ts';
import { loadIndex, updateIndex } from '../../src/store/index.ts';
import { estimatedSimilarity, SAME_STORY_SIMILARITY, storyGroups, storySignature } from '../../src/store/near-duplicates.ts';
import { ARCD_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';
import { ANTALYA, makeStoryCorpus, type StoryCorpus } from '../helpers/story-corpus.ts';

const temp = new TempDirs();
let dir = '';
let corpus: StoryCorpus;
let articles: Article[] = [];

beforeAll(async () => {
  dir = await temp.make('stories');
  corpus = await makeStoryCorpus(dir);
  articles = (await readCorpus(dir)).articles;
});

afterAll(() => temp.removeAll());

const signed = () => articles.map((a) => ({ id: a.id, signature: storySignature(a.text, a.body) }));

describe('near-duplicate stories', () => {
  it('groups a story with its copies (other outlets, a reworded phrase, a dropped line) and nothing else', () => {
    expect(storyGroups(signed())).toEqual([[corpus.original, ...corpus.copies].sort()]);
  });

  it('sees copies as alike and different articles on the same subject as unlike', () => {
    const signature = new Map(signed().map((a) => [a.id, a.signature!]));
    for (const copy of corpus.copies)
      expect(estimatedSimilarity(signature.get(corpus.original)!, signature.get(copy)!)).toBeGreaterThan(SAME_STORY_SIMILARITY);
    const others = articles.map((a) => a.id).filter((id) => id !== corpus.original && !corpus.copies.includes(id));
    for (const id of others) expect(estimatedSimilarity(signature.get(corpus.original)!, signature.get(id)!)).toBeLessThan(0.2);
  });

  it('finds no copies among the 146 distinct ARCD articles', async () => {
    const { articles: arcd } = await readCorpus(ARCD_CORPUS);
    expect(storyGroups(arcd.map((a) => ({ id: a.id, signature: storySignature(a.text, a.body) })))).toEqual([]);
  });

  it('does not compare a body too short to tell', () => {
    expect(storySignature('خبر قصير جدا.', [{ start: 0, end: 13 }])).toBeUndefined();
  });

  it('are stored in the index with the metadata, kept by incremental updates and dropped with the copy', async () => {
    const indexDir = path.join(await temp.make('stories-index'), 'embeddings');
    const settings = indexSettings(dir, indexDir);
    await updateIndex(settings);
    const loaded = (await loadIndex(indexDir, settings))!;
    const original = loaded.article(corpus.original);
    expect(original).toMatchObject(ANTALYA);
    expect(original.sameStory).toEqual([...corpus.copies].sort());
    expect(loaded.article(corpus.copies[0]).sameStory).toEqual([corpus.original, corpus.copies[1]].sort());

    // An unrelated article changes: the unchanged ones come from the index, links and metadata intact.
    const other = articles.find((a) => a.id.startsWith('004'))!;
    await writeFile(
      path.join(dir, other.id),
      `${await readFile(path.join(dir, other.id), 'utf8')}\nوأضاف المصدر أن المحادثات ستستأنف الأسبوع المقبل في العاصمة الروسية.\n`,
    );
    const { index: updated, report } = await updateIndex(settings);
    expect(report).toMatchObject({ changed: 1, rebuilt: false });
    expect(updated.article(corpus.original)).toMatchObject({ ...ANTALYA, sameStory: [...corpus.copies].sort() });

    await rm(path.join(dir, corpus.copies[1]));
    const { index: afterRemoval } = await updateIndex(settings);
    expect(afterRemoval.article(corpus.original).sameStory).toEqual([corpus.copies[0]]);
    expect((await loadIndex(indexDir, settings))!.article(corpus.copies[0]).sameStory).toEqual([corpus.original]);
  });
});

describe('index format', () => {
  it('rebuilds an index of the previous format, saying why', async () => {
    const indexDir = path.join(await temp.make('old-format'), 'embeddings');
    const settings = indexSettings(dir, indexDir);
    await updateIndex(settings);
    const manifestFile = path.join(indexDir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { format: number };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, format: manifest.format - 1 }));
    const lines: string[] = [];
    const { index, report } = await updateIndex({ ...settings, log: (line) => lines.push(line) });
    expect(report.rebuilt).toBe(true);
    expect(lines.join('\n')).toMatch(new RegExp(`index format ${manifest.format - 1}; this version reads format ${manifest.format}`));
    expect(index.article(corpus.original)).toMatchObject(ANTALYA);
  });
});
