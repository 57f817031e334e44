import { describe, expect, it } from 'vitest';
import { formatFrontMatter, FrontMatterError, parseFrontMatter, type ArticleMetadata } from '../../src/corpus/front-matter.ts';

const ARTICLE = 'اجتماع لقادة أركان الجيش التركي والروسي والأمريكي\n\nاجتمع رؤساء أركان جيوش كل من تركيا وروسيا.\n';

describe('front matter', () => {
  it('round-trips every field, Arabic included, and points past the closing fence', () => {
    const metadata: ArticleMetadata = {
      title: 'تركيا تفشل في إقناع روسيا: بشأن "إدلب"',
      outlet: 'الشرق الأوسط',
      published: '2016-03-07T10:15:00+03:00',
      url: 'https://example.com/news/تركيا?id=5#x',
      author: 'مراسل: أنقرة',
      section: 'سياسة',
    };
    const text = formatFrontMatter(metadata) + ARTICLE;
    const parsed = parseFrontMatter(text)!;
    expect(parsed.metadata).toEqual(metadata);
    expect(text.slice(parsed.bodyStart)).toBe(ARTICLE);
  });

  it('is null for a file without front matter, including one that merely contains --- later', () => {
    expect(parseFrontMatter(ARTICLE)).toBeNull();
    expect(parseFrontMatter(`${ARTICLE}---\nتابع\n---\n`)).toBeNull();
    expect(parseFrontMatter('----\ntitle: x\n---\n')).toBeNull();
  });

  it('reads a block after a BOM and with CRLF line ends', () => {
    const text = '\uFEFF---\r\ntitle: عنوان\r\npublished: 2016-03-07\r\n---\r\nنص المقال.';
    const parsed = parseFrontMatter(text)!;
    expect(parsed.metadata).toEqual({ title: 'عنوان', published: '2016-03-07' });
    expect(text.slice(parsed.bodyStart)).toBe('نص المقال.');
  });

  it('keeps unknown keys out and turns numbers into text', () => {
    const parsed = parseFrontMatter('---\ntitle: 2016\ntags: [a, b]\n---\n')!;
    expect(parsed.metadata).toEqual({ title: '2016' });
  });

  it.each([
    ['---\ntitle: x\n', /never closed/],
    ['---\ntitle: [x\n---\n', /not valid YAML/],
    ['---\n- a\n- b\n---\n', /key: value/],
    ['---\npublished: 7 March 2016\n---\n', /"published" must be an ISO 8601 date/],
    ['---\npublished: 2016-02-31x\n---\n', /"published"/],
    ['---\nurl: javascript:alert(1)\n---\n', /"url" must be an http\(s\) address/],
  ])('names the problem in %j', (text, message) => {
    expect(() => parseFrontMatter(text)).toThrow(FrontMatterError);
    expect(() => parseFrontMatter(text)).toThrow(message);
  });

  it('writes nothing for empty metadata and collapses line breaks inside a value', () => {
    expect(formatFrontMatter({})).toBe('');
    const block = formatFrontMatter({ title: 'سطر\nثان' });
    expect(block).toBe('---\ntitle: سطر ثان\n---\n');
  });
});
