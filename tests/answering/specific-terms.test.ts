import { describe, expect, it } from 'vitest';
import { spelledAlike, termKind } from '../../src/answering/index.ts';
import { isCommonWord, specificTerms } from '../../src/answering/specific-terms.ts';
import { analyze } from '../../src/arabic/index.ts';

const termOf = (word: string) => analyze(word)[0]!.term;
const kindOf = (word: string) => termKind(termOf(word));

describe('specific terms (the table learned from ANERcorp)', () => {
  it('knows places, nationalities and people from the named-entity corpus, and numbers, years and months by form', () => {
    expect(kindOf('أنقرة')).toBe('place');
    expect(kindOf('موسكو')).toBe('place');
    expect(kindOf('فرنسا')).toBe('place');
    expect(kindOf('البريطانيين')).toBe('nationality');
    expect(kindOf('الفرنسيين')).toBe('nationality');
    expect(kindOf('أردوغان')).toBe('person');
    expect(kindOf('2016')).toBe('year');
    expect(kindOf('503')).toBe('number');
    expect(kindOf('مارس')).toBe('month');
    expect(kindOf('الجنود')).toBeUndefined();
  });

  it('takes words common in Arabic news as not specific, rare ones as specific', () => {
    expect(isCommonWord(termOf('عدد'))).toBe(true);
    expect(isCommonWord(termOf('الشتاء'))).toBe(false);
    const question = 'كم عدد الجنود البريطانيين في سوريا في الشتاء؟';
    const terms = analyze(question).map((t) => ({ term: t.term, text: question.slice(t.start, t.end) }));
    expect(specificTerms(terms).map((s) => [s.text, s.kind])).toEqual([
      ['البريطانيين', 'nationality'],
      ['سوريا', 'place'],
      ['الشتاء', 'rare'],
    ]);
  });

  it('names a place as a reader would, without the conjunction before it (وألمانيا → ألمانيا), and leaves other words whole', () => {
    const question = 'في أي مدينة اجتمع رؤساء أركان جيوش فرنسا وألمانيا ووزير الدفاع؟';
    const terms = analyze(question).map((t) => ({ term: t.term, text: question.slice(t.start, t.end) }));
    const shown = specificTerms(terms).map((s) => s.text);
    expect(shown).toContain('فرنسا');
    expect(shown).toContain('ألمانيا');
    expect(shown).not.toContain('وألمانيا');
    expect(shown.some((w) => w === 'زير')).toBe(false);
  });

  it('sees spellings of one name as one, and different names as different', () => {
    expect(spelledAlike(termOf('الأمريكيين'), termOf('الأميركيين'))).toBe(true);
    expect(spelledAlike(termOf('تركيا'), termOf('التركي'))).toBe(true);
    expect(spelledAlike(termOf('البريطانيين'), termOf('الأمريكيين'))).toBe(false);
    expect(spelledAlike(termOf('أنقرة'), termOf('موسكو'))).toBe(false);
  });
});
