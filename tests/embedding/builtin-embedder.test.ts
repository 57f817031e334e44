import { beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/chunking/index.ts';
import { readCorpus } from '../../src/corpus/index.ts';
import { BuiltinEmbedder } from '../../src/embedding/builtin-embedder.ts';
import { NEWS_CORPUS } from '../helpers/fixtures.ts';
import { DEFAULT_CHUNKING } from '../helpers/index-settings.ts';

const DIMS = 256;

/** The chunk texts of the news articles: what the index fits the embedder on. */
let passages: string[] = [];
let embedder: BuiltinEmbedder;

beforeAll(async () => {
  const { articles } = await readCorpus(NEWS_CORPUS);
  passages = articles.flatMap((a) => chunkArticle(a, DEFAULT_CHUNKING).map((c) => c.text));
  embedder = BuiltinEmbedder.fit(passages, DIMS);
});

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const length = (v: Float32Array) => Math.sqrt(dot(v, v));

describe('BuiltinEmbedder', () => {
  it('names its format and size in its id', () => {
    expect(embedder.dims).toBe(DIMS);
    expect(embedder.id).toBe(BuiltinEmbedder.idFor(DIMS));
    expect(BuiltinEmbedder.idFor(128)).not.toBe(BuiltinEmbedder.idFor(256));
  });

  it('gives unit-length vectors of its size for every passage and for queries', async () => {
    expect(passages.length).toBeGreaterThan(10);
    const vectors = await embedder.embedPassages(passages);
    expect(vectors).toHaveLength(passages.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(DIMS);
      expect(length(v)).toBeCloseTo(1, 5);
    }
    expect(length(await embedder.embedQuery('من هو رئيس الأركان الروسي؟'))).toBeCloseTo(1, 5);
  });

  it('is deterministic: the same text, and the same fit, give the same vector', async () => {
    const refitted = BuiltinEmbedder.fit(passages, DIMS);
    for (const text of passages.slice(0, 5)) {
      const once = embedder.embed(text);
      expect(embedder.embed(text)).toEqual(once);
      expect(refitted.embed(text)).toEqual(once);
      expect(await embedder.embedQuery(text)).toEqual(once);
    }
  });

  it('tells different passages apart', () => {
    const [a, b] = [embedder.embed(passages[0]!), embedder.embed(passages[passages.length - 1]!)];
    expect(dot(a, b)).toBeLessThan(0.9);
  });

  it('puts a morphological variant closer than an unrelated sentence', () => {
    const cases = [
      ['الجنود الأميركيين', 'جنود أميركيون', 'ارتفعت أسعار القهوة في الأسواق المحلية'],
      ['المفاوضات التركية الروسية', 'مفاوضات تركيا وروسيا', 'فاز الفريق بالبطولة بعد مباراة طويلة'],
      ['الطائرات الحربية', 'طائرة حربية', 'افتتح المتحف معرضا للوحات الفنية'],
    ] as const;
    for (const [text, variant, unrelated] of cases) {
      const v = embedder.embed(text);
      const toVariant = dot(v, embedder.embed(variant));
      const toUnrelated = dot(v, embedder.embed(unrelated));
      expect(toVariant, `${text} ~ ${variant}`).toBeGreaterThan(toUnrelated + 0.2);
    }
  });

  it('survives a state round trip through JSON with identical vectors', () => {
    const restored = BuiltinEmbedder.fromState(JSON.parse(JSON.stringify(embedder.toState())));
    expect(restored.id).toBe(embedder.id);
    expect(restored.dims).toBe(DIMS);
    for (const text of [...passages.slice(0, 5), 'جنود أميركيون', 'كلمة لم ترد في المقالات']) {
      expect(restored.embed(text)).toEqual(embedder.embed(text));
    }
  });

  it('depends on its fit: another corpus gives other weights', () => {
    const other = BuiltinEmbedder.fit(['الجنود الأميركيين في سوريا', 'الجنود الأميركيين في العراق'], DIMS);
    expect(other.embed(passages[0]!)).not.toEqual(embedder.embed(passages[0]!));
    expect(other.toState().documents).toBe(2);
  });

  it.each([
    ['null', null],
    ['a string', 'ngram-hash-v1'],
    ['an empty object', {}],
    ['another format', { format: 'ngram-hash-v0', dims: 256, documents: 3, documentFrequency: {} }],
    ['dims as a string', { format: 'ngram-hash-v1', dims: '256', documents: 3, documentFrequency: {} }],
    ['fractional dims', { format: 'ngram-hash-v1', dims: 25.6, documents: 3, documentFrequency: {} }],
    ['no document count', { format: 'ngram-hash-v1', dims: 256, documentFrequency: {} }],
    ['no document frequencies', { format: 'ngram-hash-v1', dims: 256, documents: 3 }],
    ['null document frequencies', { format: 'ngram-hash-v1', dims: 256, documents: 3, documentFrequency: null }],
  ])('fromState rejects %s with a clear error', (_what, state) => {
    expect(() => BuiltinEmbedder.fromState(state)).toThrow('built-in embedder state is not in the expected format');
  });
});
