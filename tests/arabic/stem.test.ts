import { describe, expect, it } from 'vitest';
import { normalizeArabic, stem } from '../../src/arabic/index.ts';

const stemOf = (word: string): string => stem(normalizeArabic(word));

describe('stem (Light10)', () => {
  it('makes inflections of corpus words meet', () => {
    const groups: Array<[string, string[]]> = [
      ['مدين', ['المدينة', 'مدينة', 'بالمدينة', 'وبالمدينة']],
      ['جنود', ['الجنود', 'جنود']],
      ['ترك', ['التركية', 'تركية', 'التركي']],
      ['روس', ['الروسية', 'الروس']],
      ['حرب', ['الحرب', 'للحرب', 'حرب']],
      ['مفاوض', ['المفاوضات', 'مفاوضات']],
      ['طاير', ['الطائرات', 'طائرات']],
      ['سور', ['السوريين', 'سوريون', 'سورية']],
      ['قاعد', ['القاعدة', 'قاعدة']],
      ['باغلاق', ['بإغلاقها', 'بإغلاق']],
      ['قال', ['وقال', 'قال']],
      ['ولا', ['والولايات', 'الولايات']],
      ['سياس', ['سياساتها', 'السياسات']],
    ];
    for (const [expected, words] of groups) {
      for (const word of words) expect(stemOf(word), word).toBe(expected);
    }
  });

  it('stops where Light10 stops (no infixes, no broken plurals)', () => {
    expect(stemOf('تركيا')).toBe('تركيا');
    expect(stemOf('الأتراك')).toBe('اتراك');
    expect(stemOf('ولاية')).toBe('لا'); // و and يه both stripped: Light10's known over-stemming
  });

  it('strips و only from words of 4+ chars, articles only when 2+ chars remain', () => {
    expect(stemOf('وقت')).toBe('وقت');
    expect(stemOf('ولد')).toBe('ولد');
    expect(stemOf('والد')).toBe('الد');
    expect(stemOf('الي')).toBe('ال');
    expect(stemOf('بال')).toBe('بال');
    expect(stemOf('للحرب')).toBe('حرب');
    expect(stemOf('كالعادة')).toBe('عاد');
    expect(stemOf('فالمدينة')).toBe('مدين');
  });

  it('tries each suffix once, in Light10 order', () => {
    expect(stemOf('لسانه')).toBe('لسان'); // ه goes, ان was already tried
    expect(stemOf('سكانها')).toBe('سك'); // ها then ان
    expect(stemOf('مقاتلات')).toBe('مقاتل');
    expect(stemOf('المسلمون')).toBe('مسلم');
    expect(stemOf('المسلمين')).toBe('مسلم');
    expect(stemOf('الدولية')).toBe('دول');
  });

  it('leaves short words, digits and Latin unchanged', () => {
    expect(stem('في')).toBe('في');
    expect(stem('2017')).toBe('2017');
    expect(stem('1,000')).toBe('1,000');
    expect(stem('nato')).toBe('nato');
    expect(stem('erdoğan')).toBe('erdoğan');
  });
});
