import { describe, expect, it } from 'vitest';
import { sampleTexts } from '../helpers/fixtures.ts';
import { normalizeArabic, tokenize } from '../../src/arabic/index.ts';
import type { Token } from '../../src/arabic/index.ts';
import { visitTokensViaNormalized } from '../../src/arabic/tokenize.ts';

const texts = (input: string): string[] => tokenize(input).map((t) => t.text);
const surfaces = (input: string): string[] => tokenize(input).map((t) => input.slice(t.start, t.end));

describe('tokenize', () => {
  it('separates letters from digits in weapon names, whatever the spelling (article 001)', () => {
    expect(texts('منظومة إس-400 الدفاعية')).toEqual(['منظومه', 'اس', '400', 'الدفاعيه']);
    expect(texts('"إس400-"')).toEqual(['اس', '400']);
    expect(texts('اس 400')).toEqual(['اس', '400']);
    expect(texts('مقاتلات "إف35-" إلى')).toEqual(['مقاتلات', 'اف', '35', 'الي']);
    expect(texts('"إف 35"')).toEqual(['اف', '35']);
  });

  it('keeps the surface form with its diacritics: 17 شهرًا', () => {
    const input = 'جاء الرد الأميركي بعد 17 شهرًا.';
    expect(tokenize(input).slice(-2)).toEqual<Token[]>([
      { text: '17', start: 22, end: 24 },
      { text: 'شهرا', start: 25, end: 30 },
    ]);
    expect(surfaces(input).slice(-1)).toEqual(['شهرًا']);
  });

  it('keeps decimal points and thousands separators inside numbers', () => {
    expect(texts('3.5 و1,000 و1٬000 و2.5٪ في 24.08.2016.')).toEqual(['3.5', 'و', '1,000', 'و', '1,000', 'و', '2.5', 'في', '24.08.2016']);
    expect(texts('حوالي 1.002.000 كيلومتر')).toEqual(['حوالي', '1.002.000', 'كيلومتر']);
    expect(texts('عام 2016. ثم 1، 2, 3')).toEqual(['عام', '2016', 'ثم', '1', '2', '3']);
    expect(texts('٢٠١٧م')).toEqual(['2017', 'م']);
  });

  it('splits on Arabic and Latin punctuation', () => {
    expect(texts('«داعش»، في؛ هل؟ (آب) [1] أ-ب–ج—د/هـ: و.ي\'ك"ل“م”')).toEqual([
      'داعش',
      'في',
      'هل',
      'اب',
      '1',
      'ا',
      'ب',
      'ج',
      'د',
      'ه',
      'و',
      'ي',
      'ك',
      'ل',
      'م',
    ]);
  });

  it('keeps a proclitic split off by tatweel and quotes, with the tatweel in its surface', () => {
    const input = 'قالت مصادر تركية لـ«الشرق الأوسط»';
    expect(texts(input)).toEqual(['قالت', 'مصادر', 'تركيه', 'ل', 'الشرق', 'الاوسط']);
    expect(surfaces(input)[3]).toBe('لـ');
  });

  it('does not split words at diacritics, hamza, madda or invisible marks', () => {
    expect(texts('السُّكَّري وَسُؤال آمنة مسؤولياتهما')).toEqual(['السكري', 'وسوال', 'امنه', 'مسوولياتهما']);
    expect(texts('تر\u200Cكيا\u200F.')).toEqual(['تركيا']);
    expect(surfaces('تر\u200Cكيا\u200F.')).toEqual(['تر\u200Cكيا']);
  });

  it('lowercases Latin words and keeps Latin diacritics in the token', () => {
    expect(texts('(بالتركية: Recep Tayyip Erdoğan)')).toEqual(['بالتركيه', 'recep', 'tayyip', 'erdoğan']);
  });

  it('handles presentation-form ligatures, mapping both letters to the ligature', () => {
    expect(tokenize('ﻻ يوجد')).toEqual<Token[]>([
      { text: 'لا', start: 0, end: 1 },
      { text: 'يوجد', start: 2, end: 6 },
    ]);
  });

  it('returns nothing for text without letters or digits', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' «» ، ؟ ... ـــ \u064B')).toEqual([]);
  });

  describe.each(sampleTexts())('on %s', (_name, input) => {
    const tokens = tokenize(input);

    it('each token is the normalisation of its surface form, in order, without overlap', () => {
      expect(tokens.length).toBeGreaterThan(100);
      let previousEnd = 0;
      for (const token of tokens) {
        expect(token.text.length).toBeGreaterThan(0);
        expect(token.start).toBeGreaterThanOrEqual(previousEnd);
        expect(token.end).toBeGreaterThan(token.start);
        expect(normalizeArabic(input.slice(token.start, token.end))).toBe(token.text);
        previousEnd = token.end;
      }
    });

    it('loses no letter or digit of the normalised text', () => {
      const count = (s: string): number => s.match(/[\p{L}\p{Nd}]/gu)?.length ?? 0;
      expect(count(tokens.map((t) => t.text).join(''))).toBe(count(normalizeArabic(input)));
    });

    it('the direct scan equals tokenising the normalised text through the offset map', () => {
      const reference: Token[] = [];
      visitTokensViaNormalized(input, (text, start, end) => reference.push({ text, start, end }));
      expect(tokens).toEqual(reference);
    });
  });
});

describe('tokenize outside the BMP', () => {
  it('treats astral letters as letters, emoji and lone surrogates as separators', () => {
    expect(texts('𝐀𝐁 و😀كلمة')).toEqual(['𝐀𝐁', 'و', 'كلمه']);
    expect(texts('\uD800ابc\uDC00د')).toEqual(['ابc', 'د']);
  });
});
