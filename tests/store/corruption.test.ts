import { cp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptIndexError, loadIndex, readManifest, updateIndex, type Manifest } from '../../src/store/index.ts';
import { searchPassages, type Passage } from '../../src/retrieval/index.ts';
import { copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { indexSettings } from '../helpers/index-settings.ts';

const QUERIES = ['اجتماع رؤساء الأركان في أنطاليا', 'إغلاق قاعدة إنجرليك', 'مفاوضات آستانة', 'سحب الجيش السوري من إدلب'];

const temp = new TempDirs();
let corpusDir = '';
let pristineDir = '';
let manifest: Manifest;
let expectedResults: Passage[][] = [];

beforeAll(async () => {
  corpusDir = await temp.make('corpus');
  pristineDir = await temp.make('pristine');
  await copyCorpus(NEWS_CORPUS, corpusDir);
  const { index } = await updateIndex(indexSettings(corpusDir, pristineDir));
  manifest = index.manifest;
  expectedResults = await Promise.all(QUERIES.map((q) => searchPassages(index, q, { k: 5 })));
});

afterAll(() => temp.removeAll());

const file = (dir: string, part: 'hnsw' | 'lexical' | 'articles' | 'chunks') => path.join(dir, manifest.files[part].name);

async function flipByte(target: string, at: (size: number) => number): Promise<void> {
  const bytes = await readFile(target);
  const i = at(bytes.length);
  bytes[i] = bytes[i]! ^ 0x01;
  await writeFile(target, bytes);
}

const DAMAGE: Array<[string, (dir: string) => Promise<void>]> = [
  ['the HNSW file is truncated', async (dir) => truncate(file(dir, 'hnsw'), 1000)],
  ['one byte of the lexical file is flipped', (dir) => flipByte(file(dir, 'lexical'), (n) => Math.floor(n / 2))],
  [
    'one byte of the articles file is flipped (still valid JSON)',
    async (dir) => {
      // A letter of an article's text: the JSON parses, only the checksum can tell.
      const target = file(dir, 'articles');
      const text = await readFile(target, 'utf8');
      await writeFile(target, text.replace('الباب', 'الناب'));
    },
  ],
  ['manifest.json holds garbage', (dir) => writeFile(path.join(dir, 'manifest.json'), '\u0000\u0017garbage{{{')],
  ['manifest.json is JSON of another shape', (dir) => writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ format: 1, files: {} }))],
  ['the chunks file is missing', (dir) => rm(file(dir, 'chunks'))],
];

describe.each(DAMAGE)('an index whose %s', (_name, damage) => {
  let indexDir = '';

  beforeAll(async () => {
    indexDir = path.join(await temp.make('damaged'), 'embeddings');
    await cp(pristineDir, indexDir, { recursive: true });
    await damage(indexDir);
  });

  it('is refused by loadIndex with a CorruptIndexError', async () => {
    await expect(loadIndex(indexDir, indexSettings(corpusDir, indexDir))).rejects.toBeInstanceOf(CorruptIndexError);
  });

  it('is rebuilt by updateIndex, which says it was damaged, and then answers as before', async () => {
    const log: string[] = [];
    const { index, report } = await updateIndex(indexSettings(corpusDir, indexDir, { log: (line) => log.push(line) }));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/index in .+ is damaged \(.+\); rebuilding it/);
    expect(log[0]).toContain(indexDir);
    expect(report).toMatchObject({ rebuilt: true, upToDate: false, articles: manifest.counts.articles, chunks: manifest.counts.chunks });
    expect(report.embedded).toBe(manifest.counts.chunks);
    for (const [i, query] of QUERIES.entries()) {
      expect(await searchPassages(index, query, { k: 5 })).toEqual(expectedResults[i]);
    }

    const reloaded = await loadIndex(indexDir, indexSettings(corpusDir, indexDir));
    expect(reloaded!.manifest).toEqual(await readManifest(indexDir));
    for (const [i, query] of QUERIES.entries()) {
      expect(await searchPassages(reloaded!, query, { k: 5 })).toEqual(expectedResults[i]);
    }
    const names = await readdir(indexDir);
    expect(names.filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

it('the queries find something, so the comparisons above are not between empty lists', () => {
  for (const results of expectedResults) expect(results.length).toBeGreaterThan(0);
});
