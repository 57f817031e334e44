import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeToTerms, isStopWord, stem, tokenize } from '../../src/arabic/index.ts';
import type { Term } from '../../src/arabic/index.ts';

const NEWS_DIR = new URL('../../corpus/', import.meta.url);
const article = (prefix: string): string => {
  const file = readdirSync(NEWS_DIR).find((f) => f.startsWith(prefix))!;
  return readFileSync(new URL(file, NEWS_DIR), 'utf8');
};

describe('analyze', () => {
  it('drops question words and keeps token positions and original offsets', () => {
    const question = 'ما هي عاصمة اليابان؟';
    expect(analyze(question)).toEqual<Term[]>([
      { term: 'عاصم', start: 6, end: 11, position: 2 },
      { term: 'ياب', start: 12, end: 19, position: 3 },
    ]);
  });

  it('ignores stray punctuation and glued question words in crowd-written questions (ARCD)', () => {
    expect(analyzeToTerms(' - في أي مدينة ولد جمال أحمد حمزة خاشقجي؟ ال')).toEqual(['مدين', 'ولد', 'جمال', 'احمد', 'حمز', 'خاشقج']);
    expect(analyzeToTerms('ماهي عاصمة اليابان')).toEqual(['عاصم', 'ياب']);
  });

  it('keeps numbers and weapon names findable', () => {
    expect(analyzeToTerms('متى تصل منظومة إس-400؟')).toEqual(['تصل', 'منظوم', 'اس', '400']);
    expect(analyzeToTerms('"إس400-"')).toEqual(['اس', '400']);
  });

  it('makes seed questions meet the article sentence that answers them', () => {
    const text = article('000');
    const sentence = text.slice(text.indexOf('وأضافت المصادر أن تركيا لوحت'), text.indexOf('لأنها لم تتلق'));
    const sentenceTerms = new Set(analyzeToTerms(sentence));
    const questionTerms = analyzeToTerms('ما القاعدة الجوية التي لوحت تركيا بإغلاقها؟');
    for (const term of ['قاعد', 'لوحت', 'تركيا', 'باغلاق']) {
      expect(questionTerms).toContain(term);
      expect(sentenceTerms.has(term), term).toBe(true);
    }
  });

  it('equals tokenize → drop stop words → stem on every article', () => {
    for (const prefix of ['000', '001', '002', '003', '004']) {
      const text = article(prefix);
      const expected = tokenize(text)
        .map((token, position) => ({ token, position }))
        .filter(({ token }) => !isStopWord(token.text))
        .map(({ token, position }) => ({ term: stem(token.text), start: token.start, end: token.end, position }));
      const terms = analyze(text);
      expect(terms).toEqual(expected);
      expect(analyzeToTerms(text)).toEqual(expected.map((t) => t.term));
      // Stop words are a large share of news text; the analysis must drop them.
      expect(terms.length / tokenize(text).length).toBeLessThan(0.85);
    }
  });
});
