import { describe, expect, it } from 'vitest';
import { arabicWords, CLAUSE_BREAK, PHRASE_BREAK, skeleton } from '../../src/arabic/index.ts';

describe('skeleton', () => {
  it('drops long vowels and hamza seats, so spellings of one name meet (أمريكي / أميركي)', () => {
    expect(skeleton('الأمريكيين')).toBe(skeleton('الأميركيين'));
    expect(skeleton('تركيا')).toBe('ترك');
  });

  it('keeps the consonants that tell names apart', () => {
    expect(skeleton('البريطانيين')).not.toBe(skeleton('الأمريكيين'));
    expect(skeleton('أنقرة')).not.toBe(skeleton('موسكو'));
  });
});

describe('arabicWords', () => {
  it('finds the Arabic words and numbers of a question with their offsets', () => {
    const question = 'كم عدد الجنود الفرنسيين في سوريا عام 2018؟';
    const words = [...arabicWords(question)].map((m) => [m[0], m.index]);
    expect(words).toEqual([
      ['كم', 0],
      ['عدد', 3],
      ['الجنود', 7],
      ['الفرنسيين', 14],
      ['في', 24],
      ['سوريا', 27],
      ['عام', 33],
      ['2018', 37],
    ]);
  });
});

describe('phrase and clause breaks', () => {
  it('an Arabic comma or semicolon breaks a phrase and a clause as the Latin ones do', () => {
    for (const mark of ['،', ',', '؛', ';']) {
      expect(PHRASE_BREAK.test(`أنقرة${mark} موسكو`)).toBe(true);
      expect([...`أنقرة${mark} موسكو`.matchAll(CLAUSE_BREAK)]).toHaveLength(1);
    }
    expect(PHRASE_BREAK.test('رئيس الأركان الروسي')).toBe(false);
  });
});
