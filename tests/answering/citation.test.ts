import { describe, expect, it } from 'vitest';
import { citationLabel, citationLine, quoteLink } from '../../src/answering/index.ts';

const QUOTE = 'اجتمع رؤساء أركان جيوش كل من تركيا وروسيا والولايات المتحدة الأمريكية، اليوم الثلاثاء في مدينة أنطاليا التركية.';

/** The start and end of a text directive, decoded. */
function directive(link: string): string[] {
  const fragment = link.slice(link.indexOf(':~:text=') + ':~:text='.length);
  return fragment.split(',').map(decodeURIComponent);
}

describe('citations', () => {
  it('read "[n] title — outlet · day", leaving out what is unknown, with no filler', () => {
    const base = { number: 2, articleId: 'a.txt', title: 'عنوان المقال' };
    expect(citationLine({ ...base, outlet: 'الشرق الأوسط', published: '2017-03-08T09:30:00+03:00' })).toBe(
      '[2] عنوان المقال — الشرق الأوسط · 2017-03-08',
    );
    expect(citationLine({ ...base, outlet: null, published: '2017-03-08' })).toBe('[2] عنوان المقال — 2017-03-08');
    expect(citationLine({ ...base, outlet: 'الشرق الأوسط' })).toBe('[2] عنوان المقال — الشرق الأوسط');
    expect(citationLabel({ ...base, outlet: null })).toBe('عنوان المقال');
  });

  it('link to the quote with a text fragment of its first and last words, percent-encoded', () => {
    const link = quoteLink('https://example.com/news/antalya', QUOTE)!;
    expect(link.startsWith('https://example.com/news/antalya#:~:text=')).toBe(true);
    expect(link).not.toMatch(/[^\x21-\x7e]/);
    expect(directive(link)).toEqual(['اجتمع رؤساء أركان جيوش', 'في مدينة أنطاليا التركية']);
    expect(new URL(link).pathname).toBe('/news/antalya');
  });

  it('encode the characters a text directive gives a meaning to, and keep a page fragment', () => {
    const link = quoteLink('https://example.com/a?x=1&y=2#top', 'قال: «نعم, ربما» - ثم & غادر')!;
    expect(link.startsWith('https://example.com/a?x=1&y=2#top:~:text=')).toBe(true);
    const encoded = link.slice(link.indexOf(':~:text=') + 8);
    expect(encoded).not.toMatch(/[-&,]/);
    expect(decodeURIComponent(encoded)).toBe('قال: «نعم, ربما» - ثم & غادر');
    // And what would end a link in markdown (Discord) or prose: the one builder serves both.
    const inner = quoteLink('https://example.com/a', "قال (نعم) ربما! ثم 'غادر' *حالا* ~ليلا")!;
    expect(inner.slice(inner.indexOf(':~:text=') + 8)).not.toMatch(/[()!'*~]/);
  });

  it('give no link for a missing or non-web address', () => {
    expect(quoteLink(undefined, QUOTE)).toBeUndefined();
    expect(quoteLink('ftp://example.com/a', QUOTE)).toBeUndefined();
    expect(quoteLink('not a url', QUOTE)).toBeUndefined();
  });
});
