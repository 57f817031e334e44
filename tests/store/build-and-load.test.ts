import { createHash } from 'node:crypto';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuestions } from '../../src/evaluation/questions.ts';
import { loadIndex, readManifest, updateIndex, type IndexReport, type SearchIndex } from '../../src/store/index.ts';
import { searchPassages } from '../../src/retrieval/index.ts';
import { copyCorpus, fileStamps, NEWS_CORPUS, readArticleText, SEED_QA, TempDirs } from '../helpers/fixtures.ts';
import { expectedContents, indexSettings } from '../helpers/index-settings.ts';

const temp = new TempDirs();
let corpusDir = '';
let indexDir = '';
let built: SearchIndex;
let report: IndexReport;
let expected: Awaited<ReturnType<typeof expectedContents>>;
let queries: string[] = [];

beforeAll(async () => {
  corpusDir = await temp.make('corpus');
  indexDir = path.join(await temp.make('index'), 'embeddings');
  await copyCorpus(NEWS_CORPUS, corpusDir);
  expected = await expectedContents(corpusDir);
  queries = parseQuestions(await readFile(SEED_QA, 'utf8'), SEED_QA).map((q) => q.question);
  ({ index: built, report } = await updateIndex(indexSettings(corpusDir, indexDir)));
});

afterAll(() => temp.removeAll());

describe('updateIndex on a new folder', () => {
  it('builds the whole index and reports it', () => {
    expect(report).toMatchObject({
      upToDate: false,
      rebuilt: true,
      articles: 5,
      chunks: expected.chunks,
      added: 5,
      changed: 0,
      removed: 0,
      embedded: expected.chunks,
      skipped: [],
      embedderId: 'builtin:ngram-hash-v1:d256',
    });
    expect(built.articles.size).toBe(5);
    expect(built.chunksByLabel.size).toBe(expected.chunks);
    expect(built.vectors.size).toBe(expected.chunks);
    expect(built.lexical.size).toBe(expected.chunks);
  });

  it('writes a manifest whose counts, hashes and files match the corpus and the folder', async () => {
    const manifest = await readManifest(indexDir);
    expect(manifest).toEqual(built.manifest);
    expect(manifest!.counts).toEqual({ articles: 5, chunks: expected.chunks });
    expect(manifest!.embedder).toEqual({ id: 'builtin:ngram-hash-v1:d256', dims: 256 });
    expect(Object.keys(manifest!.articleHashes).sort()).toEqual(expected.ids);
    for (const id of expected.ids) {
      const bytes = await readFile(path.join(corpusDir, id));
      expect(manifest!.articleHashes[id]).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    for (const entry of Object.values(manifest!.files)) {
      if (!entry) continue;
      const bytes = await readFile(path.join(indexDir, entry.name));
      expect(bytes.length).toBe(entry.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    }
    const listed = Object.values(manifest!.files).flatMap((e) => (e ? [e.name] : []));
    expect(Object.keys(await fileStamps(indexDir)).sort()).toEqual(['manifest.json', ...listed].sort());
  });

  it('keeps every chunk quotable: its offsets slice the article file to a body text', async () => {
    for (const chunk of built.chunksByLabel.values()) {
      const fileText = await readArticleText(path.join(corpusDir, chunk.articleId));
      const text = built.chunkText(chunk);
      expect(fileText.slice(chunk.start, chunk.end)).toBe(text);
      expect(createHash('sha256').update(text).digest('hex')).toBe(chunk.textHash);
    }
  });
});

describe('loadIndex', () => {
  it('returns undefined for a folder without an index', async () => {
    expect(await loadIndex(await temp.make('empty'), indexSettings(corpusDir, ''))).toBeUndefined();
  });

  it('reads back an index that answers every query exactly as the one just built', async () => {
    const loaded = await loadIndex(indexDir, indexSettings(corpusDir, indexDir));
    expect(loaded).toBeDefined();
    expect(loaded!.manifest).toEqual(built.manifest);
    expect([...loaded!.articles.keys()].sort()).toEqual(expected.ids);
    expect(loaded!.chunksByLabel.size).toBe(expected.chunks);
    expect(loaded!.embedder.id).toBe(built.embedder.id);
    expect(queries.length).toBeGreaterThanOrEqual(30);
    let nonEmpty = 0;
    for (const query of queries) {
      const before = await searchPassages(built, query, { k: 5 });
      const after = await searchPassages(loaded!, query, { k: 5 });
      expect(after, query).toEqual(before);
      if (before.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(queries.length / 2);
  });
});

describe('updateIndex with an unchanged corpus', () => {
  it('reports up to date, embeds nothing and rewrites no file', async () => {
    // Old timestamps make any rewrite show, however fast it is.
    const past = new Date('2001-01-01T00:00:00Z');
    for (const name of Object.keys(await fileStamps(indexDir))) await utimes(path.join(indexDir, name), past, past);
    const before = await fileStamps(indexDir);

    const second = await updateIndex(indexSettings(corpusDir, indexDir));
    expect(second.report).toMatchObject({ upToDate: true, rebuilt: false, embedded: 0, added: 0, changed: 0, removed: 0 });
    expect(second.report.articles).toBe(5);
    expect(second.report.chunks).toBe(expected.chunks);
    expect(await fileStamps(indexDir)).toEqual(before);
    expect(second.index.manifest.generation).toBe(built.manifest.generation);
  });

  it('looks at content, not file times: a file rewritten with the same bytes changes nothing', async () => {
    const id = expected.ids[2]!;
    const bytes = await readFile(path.join(corpusDir, id));
    await writeFile(path.join(corpusDir, id), bytes);
    const before = await fileStamps(indexDir);
    const again = await updateIndex(indexSettings(corpusDir, indexDir));
    expect(again.report.upToDate).toBe(true);
    expect(again.report.embedded).toBe(0);
    expect(await fileStamps(indexDir)).toEqual(before);
  });

  it('rebuilds everything when asked to, with the same results', async () => {
    const { index, report: rebuiltReport } = await updateIndex(indexSettings(corpusDir, indexDir, { rebuild: true }));
    expect(rebuiltReport).toMatchObject({ upToDate: false, rebuilt: true, embedded: expected.chunks, chunks: expected.chunks });
    for (const query of queries.slice(0, 8)) {
      expect(await searchPassages(index, query, { k: 5 })).toEqual(await searchPassages(built, query, { k: 5 }));
    }
  });
});
