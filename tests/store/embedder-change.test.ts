import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinEmbedder } from '../../src/embedding/builtin-embedder.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { loadTransformersEmbedder, type TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';
import { loadIndex, readManifest, updateIndex, type IndexSettings, type SearchIndex } from '../../src/store/index.ts';
import { searchPassages } from '../../src/retrieval/index.ts';
import { copyCorpus, NEWS_CORPUS, TempDirs } from '../helpers/fixtures.ts';
import { expectedContents, indexSettings } from '../helpers/index-settings.ts';
import { createTinyModel } from '../helpers/tiny-model.ts';

/**
 * One index folder goes through three embedders in turn: built-in 256 dims → built-in 128 dims → the tiny
 * transformers model → built-in 256 again. Each change must rebuild, say why, and leave no vector of the
 * previous embedder behind.
 */
const temp = new TempDirs();
let corpusDir = '';
let indexDir = '';
let tiny: TransformersEmbedder;
let chunks = 0;

beforeAll(async () => {
  corpusDir = await temp.make('corpus');
  indexDir = await temp.make('index');
  await copyCorpus(NEWS_CORPUS, corpusDir);
  chunks = (await expectedContents(corpusDir)).chunks;
  const model = await createTinyModel(await temp.make('models'));
  tiny = await loadTransformersEmbedder({ model: model.modelId, modelsDir: model.modelsDir, allowRemote: false });
});

afterAll(async () => {
  await tiny?.dispose();
  await temp.removeAll();
});

const builtin = (dims: number): Partial<IndexSettings> => ({ embedder: { kind: 'builtin', dims } });

async function update(overrides: Partial<IndexSettings>) {
  const log: string[] = [];
  const result = await updateIndex(indexSettings(corpusDir, indexDir, { ...overrides, log: (line) => log.push(line) }));
  return { ...result, log };
}

/** Every stored vector has the embedder's size and is the embedder's vector of the chunk's text. */
async function expectOnlyVectorsOf(index: SearchIndex, embedder: Embedder): Promise<void> {
  const all = [...index.chunksByLabel.values()];
  expect(all).toHaveLength(chunks);
  const fresh = await embedder.embedPassages(all.map((c) => index.chunkText(c)));
  all.forEach((chunk, i) => {
    const stored = index.vectors.vector(chunk.label);
    expect(stored).toHaveLength(embedder.dims);
    expect(stored.reduce((sum, x, j) => sum + x * fresh[i]![j]!, 0)).toBeGreaterThan(0.9999);
  });
}

describe('an index opened with another embedder', () => {
  it('is built with the built-in embedder at 256 dims', async () => {
    const { index, report, log } = await update(builtin(256));
    expect(log).toEqual([]);
    expect(report).toMatchObject({ rebuilt: true, embedded: chunks, embedderId: 'builtin:ngram-hash-v1:d256' });
    expect(index.manifest.embedder).toEqual({ id: 'builtin:ngram-hash-v1:d256', dims: 256 });
    await expectOnlyVectorsOf(index, index.embedder);
  });

  it('is rebuilt at 128 dims, saying which embedder it was built with and which it gets now', async () => {
    const { index, report, log } = await update(builtin(128));
    expect(log).toEqual(['rebuilding the index: it was built with builtin:ngram-hash-v1:d256, now builtin:ngram-hash-v1:d128']);
    expect(report).toMatchObject({ rebuilt: true, upToDate: false, embedded: chunks, embedderId: 'builtin:ngram-hash-v1:d128' });
    expect((await readManifest(indexDir))!.embedder).toEqual({ id: 'builtin:ngram-hash-v1:d128', dims: 128 });
    const reloaded = (await loadIndex(indexDir, indexSettings(corpusDir, indexDir, builtin(128))))!;
    expect(reloaded.vectors.dims).toBe(128);
    expect(reloaded.embedder.dims).toBe(128);
    await expectOnlyVectorsOf(reloaded, reloaded.embedder);
    expect(index.embedder.id).toBe(reloaded.embedder.id);
  });

  it('is then up to date at 128 dims', async () => {
    const { report, log } = await update(builtin(128));
    expect(log).toEqual([]);
    expect(report).toMatchObject({ upToDate: true, embedded: 0 });
  });

  it('is rebuilt with the transformers model, and keeps no built-in embedder state', async () => {
    const { index, report, log } = await update({ embedder: { kind: 'model', embedder: tiny } });
    expect(log).toEqual([`rebuilding the index: it was built with builtin:ngram-hash-v1:d128, now ${tiny.id}`]);
    expect(report).toMatchObject({ rebuilt: true, embedded: chunks, embedderId: tiny.id });
    const manifest = (await readManifest(indexDir))!;
    expect(manifest.embedder).toEqual({ id: tiny.id, dims: tiny.dims });
    expect(manifest.files.embedder).toBeNull();
    expect((await readdir(indexDir)).filter((name) => name.startsWith('embedder.'))).toEqual([]);
    expect(index.embedder).toBe(tiny);
    const reloaded = (await loadIndex(indexDir, indexSettings(corpusDir, indexDir, { embedder: { kind: 'model', embedder: tiny } })))!;
    await expectOnlyVectorsOf(reloaded, tiny);
    expect((await searchPassages(reloaded, 'قاعدة إنجرليك', { k: 3 })).length).toBeGreaterThan(0);
  });

  it('can be loaded without the model that built it, but not searched by vector, and is rebuilt by the built-in embedder', async () => {
    const loaded = (await loadIndex(indexDir, indexSettings(corpusDir, indexDir, builtin(256))))!;
    expect(loaded.embedder.id).toBe(tiny.id);
    await expect(loaded.embedder.embedQuery('سوريا')).rejects.toThrow('the model that built this index is not loaded');

    const { index, report, log } = await update(builtin(256));
    expect(log).toEqual([`rebuilding the index: it was built with ${tiny.id}, now builtin:ngram-hash-v1:d256`]);
    expect(report).toMatchObject({ rebuilt: true, embedded: chunks, embedderId: 'builtin:ngram-hash-v1:d256' });
    expect(index.embedder).toBeInstanceOf(BuiltinEmbedder);
    await expectOnlyVectorsOf(index, index.embedder);
    const names = await readdir(indexDir);
    expect(names.filter((name) => name.startsWith('embedder.'))).toHaveLength(1);
    expect(names.filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});

describe('an index opened with other chunk or HNSW settings', () => {
  it('is rebuilt, saying which settings changed', async () => {
    const base = indexSettings(corpusDir, indexDir, builtin(256));
    const chunked = await update({ ...builtin(256), chunking: { ...base.chunking, maxChars: base.chunking.maxChars - 50 } });
    expect(chunked.log).toEqual(['rebuilding the index: chunk settings changed']);
    expect(chunked.report.rebuilt).toBe(true);
    const hnsw = await update({ ...builtin(256), chunking: chunked.index.manifest.chunking, hnsw: { ...base.hnsw, m: base.hnsw.m + 4 } });
    expect(hnsw.log).toEqual(['rebuilding the index: HNSW settings changed']);
    expect(hnsw.index.manifest.hnsw.m).toBe(base.hnsw.m + 4);
  });
});
