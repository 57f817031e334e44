import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/chunking/index.ts';
import { readCorpus, type Article } from '../../src/corpus/index.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { loadTransformersEmbedder, type TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';
import { loadIndex, updateIndex, type IndexReport, type IndexSettings, type SearchIndex } from '../../src/store/index.ts';
import { searchPassages } from '../../src/retrieval/index.ts';
import { ARCD_CORPUS, copyCorpus, fileStartingWith, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { DEFAULT_CHUNKING, expectedContents, indexSettings } from '../helpers/index-settings.ts';
import { createTinyModel } from '../helpers/tiny-model.ts';

/** Words found in no article, so a search for them can only find the edited one. */
const APPENDED = 'وأكد المتحدث أن قافلة من الزرافات البرتقالية عبرت نهر الأمازون مساء الخميس.';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

async function article(corpusDir: string, id: string): Promise<Article> {
  const found = (await readCorpus(corpusDir)).articles.find((a) => a.id === id);
  if (!found) throw new Error(`${id} is not in ${corpusDir}`);
  return found;
}

/** Appends a sentence to the article's last body line (the page chrome after it stays as it is). */
async function appendToLastBodyLine(corpusDir: string, id: string, sentence: string): Promise<void> {
  const original = await article(corpusDir, id);
  const end = original.body.at(-1)!.end;
  await writeFile(path.join(corpusDir, id), `${original.text.slice(0, end)} ${sentence}${original.text.slice(end)}`);
  const edited = await article(corpusDir, id);
  const at = edited.text.indexOf(sentence);
  // The premise of the tests below: the sentence is body text, so it must be indexed.
  expect(edited.body.some((s) => s.start <= at && at + sentence.length <= s.end)).toBe(true);
}

/** Chunks of these articles whose text the old index has no vector for: exactly what must be embedded. */
function newChunkTexts(before: SearchIndex, articles: Article[]): number {
  const known = new Set([...before.chunksByLabel.values()].map((c) => c.textHash));
  return articles.flatMap((a) => chunkArticle(a, DEFAULT_CHUNKING)).filter((c) => !known.has(c.textHash)).length;
}

async function expectVectorsMatchTexts(index: SearchIndex, embedder: Embedder): Promise<void> {
  const chunks = [...index.chunksByLabel.values()];
  const fresh = await embedder.embedPassages(chunks.map((c) => index.chunkText(c)));
  chunks.forEach((chunk, i) => {
    const stored = index.vectors.vector(chunk.label);
    const cosine = stored.reduce((sum, x, j) => sum + x * fresh[i]![j]!, 0);
    expect(cosine, `${chunk.articleId} [${chunk.start}, ${chunk.end})`).toBeGreaterThan(0.9999);
  });
}

interface Scenario {
  corpusDir: string;
  indexDir: string;
  settings: IndexSettings;
  before: SearchIndex;
  edited: string;
  added: string;
  removed: string;
  removedSentences: string[];
  /** Search results for the removed article's first sentence before the update. */
  removedFoundBefore: string | undefined;
  after: SearchIndex;
  report: IndexReport;
  expectedEmbedded: number;
  addedChunks: number;
  editedChunks: number;
}

/** Builds an index of `initial` files, then edits article 000, adds ARCD 0010 and deletes article 004, and updates. */
async function runScenario(
  label: string,
  initial: Array<[string, string[] | undefined]>,
  settingsFor: (c: string, i: string) => IndexSettings,
): Promise<Scenario> {
  const corpusDir = await temp.make(`${label}-corpus`);
  const indexDir = await temp.make(`${label}-index`);
  for (const [from, names] of initial) await copyCorpus(from, corpusDir, names);
  const settings = settingsFor(corpusDir, indexDir);
  const { index: before } = await updateIndex(settings);

  const edited = await fileStartingWith(corpusDir, '000_');
  const removed = await fileStartingWith(corpusDir, '004_');
  const added = '0010.txt';
  const removedArticle = await article(corpusDir, removed);
  const removedSentences = removedArticle.body.map((s) => removedArticle.text.slice(s.start, s.end));
  const removedFoundBefore = (await searchPassages(before, removedSentences[0]!, { k: 10 }))[0]?.articleId;

  await appendToLastBodyLine(corpusDir, edited, APPENDED);
  await copyCorpus(ARCD_CORPUS, corpusDir, [added]);
  await rm(path.join(corpusDir, removed));
  const changedArticles = [await article(corpusDir, edited), await article(corpusDir, added)];
  const expectedEmbedded = newChunkTexts(before, changedArticles);
  const [editedChunks, addedChunks] = changedArticles.map((a) => chunkArticle(a, DEFAULT_CHUNKING).length) as [number, number];

  const { index: after, report } = await updateIndex(settings);
  return {
    corpusDir,
    indexDir,
    settings,
    before,
    edited,
    added,
    removed,
    removedSentences,
    removedFoundBefore,
    after,
    report,
    expectedEmbedded,
    addedChunks,
    editedChunks,
  };
}

function describeIncrementalUpdate(name: string, scenario: () => Scenario, embedder: () => Embedder) {
  describe(name, () => {
    it('reports one article changed, one added, one removed, updated in place', async () => {
      const s = scenario();
      const expected = await expectedContents(s.corpusDir);
      expect(s.report).toMatchObject({ upToDate: false, rebuilt: false, changed: 1, added: 1, removed: 1 });
      expect(s.report.articles).toBe(expected.ids.length);
      expect(s.report.chunks).toBe(expected.chunks);
      expect([...s.after.articles.keys()].sort()).toEqual(expected.ids);
      expect(s.after.manifest.generation).toBe(s.before.manifest.generation + 1);
    });

    it('holds the articles in the order a rebuild does (compareArticleIds)', async () => {
      const inCorpusOrder = (await readCorpus(scenario().corpusDir)).articles.map((a) => a.id);
      expect([...scenario().after.articles.keys()]).toEqual(inCorpusOrder);
      expect([...(await loadIndex(scenario().indexDir, scenario().settings))!.articles.keys()]).toEqual(inCorpusOrder);
    });

    it('embeds only the new chunk texts of the edited and the added article', () => {
      const s = scenario();
      expect(s.report.embedded).toBe(s.expectedEmbedded);
      // Every chunk of the added article is new; of the edited article, only those the sentence changed.
      expect(s.report.embedded).toBeGreaterThan(s.addedChunks);
      expect(s.report.embedded - s.addedChunks).toBeLessThan(s.editedChunks);
    });

    it('holds, for every chunk, the vector of its current text', async () => {
      await expectVectorsMatchTexts(scenario().after, embedder());
    });

    it('never returns the removed article', async () => {
      const s = scenario();
      expect(s.removedFoundBefore).toBe(s.removed);
      const reloaded = (await loadIndex(s.indexDir, s.settings))!;
      for (const query of s.removedSentences) {
        for (const index of [s.after, reloaded]) {
          const passages = await searchPassages(index, query, { k: 10 });
          expect(passages.map((p) => p.articleId)).not.toContain(s.removed);
        }
      }
      expect(s.after.articles.has(s.removed)).toBe(false);
    });

    it('finds the appended sentence in the edited article first, before and after reloading', async () => {
      const s = scenario();
      expect(await searchPassages(s.before, APPENDED, { k: 5 })).not.toContainEqual(
        expect.objectContaining({ text: expect.stringContaining(APPENDED) }),
      );
      const reloaded = (await loadIndex(s.indexDir, s.settings))!;
      for (const index of [s.after, reloaded]) {
        const [first] = await searchPassages(index, APPENDED, { k: 5 });
        expect(first?.articleId).toBe(s.edited);
        expect(first?.text).toContain(APPENDED);
      }
      expect(await searchPassages(reloaded, 'نهر الأمازون', { k: 5 })).toEqual(await searchPassages(s.after, 'نهر الأمازون', { k: 5 }));
    });

    it('re-cuts the edited article at its new offsets', async () => {
      const s = scenario();
      const edited = await article(s.corpusDir, s.edited);
      expect(
        [...s.after.chunksByLabel.values()]
          .filter((c) => c.articleId === s.edited)
          .sort((a, b) => a.start - b.start)
          .map((c) => [c.start, c.end, s.after.chunkText(c)]),
      ).toEqual(chunkArticle(edited, DEFAULT_CHUNKING).map((c) => [c.start, c.end, c.text]));
    });
  });
}

let builtin: Scenario;
let model: Scenario;
let tinyEmbedder: TransformersEmbedder;

beforeAll(async () => {
  // 15 articles, so that 3 changes (20 %) stay under the share at which the built-in embedder is re-fitted.
  const arcdTen = Array.from({ length: 10 }, (_, i) => `${String(i).padStart(4, '0')}.txt`);
  builtin = await runScenario(
    'builtin',
    [
      [NEWS_CORPUS, undefined],
      [ARCD_CORPUS, arcdTen],
    ],
    (c, i) => indexSettings(c, i),
  );

  const tiny = await createTinyModel(await temp.make('models'));
  tinyEmbedder = await loadTransformersEmbedder({ model: tiny.modelId, modelsDir: tiny.modelsDir, allowRemote: false });
  model = await runScenario('model', [[NEWS_CORPUS, undefined]], (c, i) =>
    indexSettings(c, i, { embedder: { kind: 'model', embedder: tinyEmbedder } }),
  );
});

afterAll(async () => {
  await tinyEmbedder?.dispose();
});

describeIncrementalUpdate(
  'an incremental update with the built-in embedder (15 articles)',
  () => builtin,
  () => builtin.after.embedder,
);
describeIncrementalUpdate(
  'an incremental update with a transformers model (the tiny test model, 5 articles)',
  () => model,
  () => tinyEmbedder,
);

describe('an update that changes a large share of a small corpus, built-in embedder', () => {
  it('re-fits the embedder and rebuilds everything', async () => {
    const corpusDir = await temp.make('refit-corpus');
    const indexDir = await temp.make('refit-index');
    await copyCorpus(NEWS_CORPUS, corpusDir);
    const settings = indexSettings(corpusDir, indexDir);
    const { index: before } = await updateIndex(settings);
    const edited = await fileStartingWith(corpusDir, '000_');
    await appendToLastBodyLine(corpusDir, edited, APPENDED);
    await copyCorpus(ARCD_CORPUS, corpusDir, ['0010.txt']);
    await rm(path.join(corpusDir, await fileStartingWith(corpusDir, '004_')));

    const { index, report } = await updateIndex(settings);
    const expected = await expectedContents(corpusDir);
    // 3 changes among 5 articles is above the 30 % at which idf would drift.
    expect(report).toMatchObject({ rebuilt: true, changed: 1, added: 1, removed: 1, embedded: expected.chunks, chunks: expected.chunks });
    expect(index.manifest.generation).toBe(before.manifest.generation + 1);
    expect(index.embedder).not.toBe(before.embedder);
    await expectVectorsMatchTexts(index, index.embedder);
    expect((await searchPassages(index, APPENDED, { k: 3 }))[0]?.articleId).toBe(edited);
  });
});
