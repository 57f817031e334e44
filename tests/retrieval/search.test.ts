import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/index.ts';
import { expandQuery } from '../../src/retrieval/index.ts';
import { NEWS_CORPUS } from '../helpers/fixtures.ts';
import { openTestEngine } from '../helpers/engine.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await openTestEngine();
});

describe('hybrid search over the five articles', () => {
  it.each([
    ['في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟', '002_10ecb58a6e64aa15.txt'],
    ['ما القاعدة الجوية التي لوحت تركيا بإغلاقها؟', '000_5418153b5098ba54.txt'],
    ['ماذا تدرس تركيا وروسيا إنشاءه لمحافظة إدلب؟', '001_864faea840389226.txt'],
    ['كم مدرعة عسكرية نقلت قوات الكوماندوز إلى ولاية هطاي؟', '003_6ba7dc6cd6667daf.txt'],
    ['من هو المتحدث باسم حزب العدالة والتنمية؟', '004_a28b00397c7848ac.txt'],
    ['ما هي منظومة الدفاع الجوي الروسية التي تسعى تركيا لشرائها؟', '001_864faea840389226.txt'],
  ])('%s → %s first', async (question, expected) => {
    const passages = await engine.search(question, 5);
    expect(passages[0]?.articleId).toBe(expected);
  });

  it('returns passages that are exact, ranked slices of the article files, with their scores', async () => {
    const passages = await engine.search('اتفاق سوتشي ووقف إطلاق النار في إدلب', 8);
    expect(passages.length).toBeGreaterThan(2);
    passages.forEach((p, i) => {
      expect(p.rank).toBe(i + 1);
      expect(readFileSync(path.join(NEWS_CORPUS, p.articleId), 'utf8').slice(p.start, p.end)).toBe(p.text);
      expect(p.text.length).toBeLessThanOrEqual(1400);
      expect(p.scores.fused).toBeGreaterThan(0);
    });
    const fused = passages.map((p) => p.scores.fused);
    expect(fused).toEqual([...fused].sort((a, b) => b - a));
    for (const id of new Set(passages.map((p) => p.articleId))) {
      expect(passages.filter((p) => p.articleId === id).length).toBeLessThanOrEqual(3);
      const same = passages.filter((p) => p.articleId === id);
      for (const a of same) for (const b of same) if (a !== b) expect(a.end <= b.start || b.end <= a.start).toBe(true);
    }
  });

  it('finds nothing for a question made only of question words and punctuation', async () => {
    expect(await engine.search('ما هو؟ من؟ متى؟', 5)).toEqual([]);
  });

  it('finds إس-400 whichever way it is spelled', async () => {
    for (const spelling of ['إس-400', 'إس400-', 'اس 400']) {
      const passages = await engine.search(`منظومة ${spelling}`, 3);
      expect(passages[0]?.articleId).toBe('001_864faea840389226.txt');
    }
  });
});

describe('expandQuery', () => {
  const vocabulary = new Set(['ترك', 'تركيا', 'قع', 'تقع', 'تزوج', 'طفل']);
  const known = (t: string) => vocabulary.has(t);

  it('keeps known words as they are, without variants', () => {
    expect(expandQuery('تقع', known)).toEqual([{ term: 'تقع', weight: 1 }]);
  });

  it('lets an unknown word stand for the forms the corpus uses', () => {
    expect(expandQuery('يقع', known).map((t) => t.term)).toEqual(['يقع', 'تقع']);
    expect(expandQuery('لتركيا', known).map((t) => t.term)).toContain('تركيا');
    expect(expandQuery('يتزوج', known).map((t) => t.term)).toContain('تزوج');
  });

  it('adds nothing the vocabulary does not know', () => {
    expect(expandQuery('ولد', known)).toEqual([{ term: 'ولد', weight: 1 }]);
  });
});
