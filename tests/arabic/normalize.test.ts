import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCD_QA, NEWS_CORPUS, sampleTexts } from '../helpers/fixtures.ts';
import { normalize, normalizeArabic, normalizeForMatch, normalizeKey, originalRange, stripDiacritics } from '../../src/arabic/index.ts';

function readTexts(): string[] {
  return sampleTexts().map(([, text]) => text);
}

describe('normalizeArabic', () => {
  it('removes harakat, shadda, tanwin, sukun and superscript alef', () => {
    expect(normalizeArabic('مُحَمَّدٌ')).toBe('محمد');
    expect(normalizeArabic('السُّكَّري')).toBe('السكري');
    expect(normalizeArabic('هٰذا')).toBe('هذا');
    expect(normalizeArabic('اْي')).toBe('اي');
  });

  it('removes tatweel but keeps the punctuation around it', () => {
    expect(normalizeArabic('لـ«الشرق الأوسط»')).toBe('ل«الشرق الاوسط»');
    expect(normalizeArabic('تميّـزت')).toBe('تميزت');
  });

  it('unifies alef forms, alef maqsura, teh marbuta, hamza carriers', () => {
    expect(normalizeArabic('أنقرة إدلب آستانة ٱلله')).toBe('انقره ادلب استانه الله');
    expect(normalizeArabic('إلى مستشفى')).toBe('الي مستشفي');
    expect(normalizeArabic('مسؤولياتها')).toBe('مسوولياتها');
    expect(normalizeArabic('الطائرات')).toBe('الطايرات');
  });

  it('meets decomposed (NFD) hamza spellings with the precomposed ones', () => {
    expect(normalizeArabic('أحمد'.normalize('NFD'))).toBe('احمد');
    expect(normalizeArabic('سؤال'.normalize('NFD'))).toBe(normalizeArabic('سؤال'));
  });

  it('maps Arabic-Indic and Persian digits and separators to ASCII', () => {
    expect(normalizeArabic('عام ٢٠١٧')).toBe('عام 2017');
    expect(normalizeArabic('۱۴۰۰')).toBe('1400');
    expect(normalizeArabic('٣٫٥ و١٬٠٠٠')).toBe('3.5 و1,000');
  });

  it('removes zero-width and bidi control characters', () => {
    // ARCD 0030: "Erdoğan)‏ (ولد" carries a right-to-left mark.
    expect(normalizeArabic('Erdoğan)\u200F (ولد')).toBe('erdoğan) (ولد');
    expect(normalizeArabic('\uFEFFتر\u200Cكيا\u202B')).toBe('تركيا');
  });

  it('lowercases Latin, keeps punctuation and spaces', () => {
    expect(normalizeArabic('الأمريكي ACS، (Diabetes mellitus).')).toBe('الامريكي acs، (diabetes mellitus).');
  });

  it('maps presentation forms to base letters, expanding lam-alef', () => {
    expect(normalizeArabic('ﺃﺣﻤﺪ')).toBe('احمد');
    expect(normalizeArabic('ﻻ')).toBe('لا');
    expect(normalizeArabic('ﻷ')).toBe('لا');
    expect(normalizeArabic('ﷺ')).toBe('صلي الله عليه وسلم');
    expect(normalizeArabic('ﹰ')).toBe(''); // isolated tanwin form: a diacritic
  });
});

describe('normalize (offset map)', () => {
  it('maps each normalised char to the input char that produced it', () => {
    const input = 'مُحَمَّد ﻻ';
    const n = normalize(input);
    expect(n.text).toBe('محمد لا');
    expect(n.toOriginal).toEqual([0, 2, 4, 7, 8, 9, 9, 10]);
  });

  it('agrees with normalizeArabic and has a monotone map on real articles', () => {
    for (const input of readTexts()) {
      const n = normalize(input);
      expect(n.text).toBe(normalizeArabic(input));
      expect(n.toOriginal.length).toBe(n.text.length + 1);
      expect(n.toOriginal[n.text.length]).toBe(input.length);
      for (let i = 0; i < n.text.length; i++) {
        expect(n.toOriginal[i + 1]! >= n.toOriginal[i]!).toBe(true);
        expect(normalizeArabic(input[n.toOriginal[i]!]!)).toContain(n.text[i]);
      }
    }
  });

  it('originalRange recovers the surface form of a normalised match', () => {
    const input = readFileSync(path.join(NEWS_CORPUS, '000_5418153b5098ba54.txt'), 'utf8');
    const n = normalize(input);
    const at = n.text.indexOf('انقره الي مطالبه واشنطن');
    expect(at).toBeGreaterThan(0);
    const range = originalRange(n, at, at + 'انقره الي مطالبه واشنطن'.length);
    expect(input.slice(range.start, range.end)).toBe('أنقرة إلى مطالبة واشنطن');
  });

  it('originalRange maps a range inside diacritised text and an empty range', () => {
    const input = 'قال مُحَمَّدٌ أمس';
    const n = normalize(input);
    const at = n.text.indexOf('محمد');
    const range = originalRange(n, at, at + 4);
    expect(input.slice(range.start, range.end)).toBe('مُحَمَّد');
    expect(originalRange(n, 2, 2)).toEqual({ start: 2, end: 2 });
  });
});

/** The evaluation's definition, written the obvious way. */
function referenceMatchNormalize(s: string): string {
  return s
    .replace(/[\u064B-\u0652\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\s+/g, ' ')
    .trim();
}

describe('normalizeForMatch', () => {
  it('applies exactly the evaluation normalisation', () => {
    expect(normalizeForMatch('  أُعلن  استقلال\n\nسوريا ')).toBe('اعلن استقلال سوريا');
    expect(normalizeForMatch('عام ٢٠١٧ في مستشفى')).toBe('عام 2017 في مستشفي');
    expect(normalizeForMatch('في عام 1037م (429 هـ).')).toBe('في عام 1037م (429 ه).');
  });

  it('does nothing beyond it: no ؤ/ئ mapping, no lowercasing, no Persian digits, no ligatures', () => {
    expect(normalizeForMatch('مسؤول الطائرات ACS ۱۴ ﻻ')).toBe('مسؤول الطائرات ACS ۱۴ ﻻ');
  });

  it('collapses whitespace runs that contain stripped characters', () => {
    expect(normalizeForMatch('a \u064B b')).toBe('a b');
    expect(normalizeForMatch('\u0640 x \u0640')).toBe('x');
  });

  it('equals the reference definition on every article and every ARCD answer', () => {
    for (const input of readTexts()) expect(normalizeForMatch(input)).toBe(referenceMatchNormalize(input));
    for (const line of readFileSync(ARCD_QA, 'utf8').split('\n')) {
      if (!line) continue;
      const { question, answers } = JSON.parse(line) as { question: string; answers: string[] };
      for (const s of [question, ...answers]) expect(normalizeForMatch(s)).toBe(referenceMatchNormalize(s));
    }
  });
});

describe('normalizeKey', () => {
  it('folds like the search normalisation and collapses every blank run, invisible marks included', () => {
    expect(normalizeKey('  اقرأ\u00a0 أيضاً\u200f\n')).toBe('اقرا ايضا');
    expect(normalizeKey('\u202bالصفحة   الرئيسية\u202c')).toBe('الصفحه الرييسيه');
    expect(normalizeKey('Read MORE')).toBe('read more');
    expect(normalizeKey(' \t ')).toBe('');
  });
});

describe('stripDiacritics', () => {
  it('removes harakat, tanwin, shadda and tatweel and changes nothing else', () => {
    expect(stripDiacritics('كَمْ عـــددُ الأطفالِ؟')).toBe('كم عدد الأطفال؟');
    expect(stripDiacritics('متى ة ى أ')).toBe('متى ة ى أ');
  });
});
