// Page shapes from sites other than the five sample articles: the rules must be general.
import { describe, expect, it } from 'vitest';
import { parseArticle, type Article } from '../../src/corpus/index.ts';

function bodyTexts(a: Article): string[] {
  return a.body.map((s) => a.text.slice(s.start, s.end));
}

const P1 = 'أعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في المحافظات الجنوبية، في خطوة تهدف إلى تخفيف الضغط عن المرافق القائمة.';
const P2 = 'وقال المتحدث باسم الوزارة إن المستشفيات ستبدأ باستقبال المرضى مطلع الشهر المقبل، وإن طواقمها الطبية أنهت تدريباتها.';
const P3 = 'وأضاف: «نعمل على توفير الأدوية والمستلزمات كافة قبل موعد الافتتاح».';

describe('boilerplate on other page layouts', () => {
  it('removes menus, bylines, dates, captions, share bars, related lists and copyright lines', () => {
    const page = [
      'الرئيسية › محليات › صحة',
      'افتتاح ثلاثة مستشفيات جديدة في الجنوب',
      'بقلم: سامي الأحمد',
      'الأربعاء 12 مارس 2025 - 10:45 ص',
      'مستشفى جديد في الجنوب (رويترز)',
      P1,
      'شارك | طباعة | واتساب',
      P2,
      P3,
      'اقرأ أيضاً:',
      'وزير الصحة يتفقد مستشفى المدينة',
      'ارتفاع عدد الإصابات بالإنفلونزا الموسمية',
      'جميع الحقوق محفوظة © 2025',
    ].join('\n');
    const a = parseArticle('site/page.txt', page);
    expect(a.title).toBe('افتتاح ثلاثة مستشفيات جديدة في الجنوب');
    expect(bodyTexts(a)).toEqual([P1, P2, P3]);
    expect(a.outlet).toBeNull();
  });

  it('takes the headline from the end of a breadcrumb when the page does not repeat it', () => {
    const a = parseArticle('x.txt', ['أخبار عاجلة', 'الرئيسية » اقتصاد » ارتفاع أسعار النفط في الأسواق العالمية', P1, P2].join('\n'));
    expect(a.title).toBe('ارتفاع أسعار النفط في الأسواق العالمية');
    expect(bodyTexts(a)).toEqual([P1, P2]);
  });

  it('keeps a headline repeated at the end as title, and one copy of a repeated paragraph', () => {
    const headline = 'الصحة تفتتح مستشفيات جديدة';
    const a = parseArticle('x.txt', [P1, P2, P1, headline, 'تفاصيل الخبر', headline].join('\n\n'));
    expect(a.title).toBe(headline);
    expect(bodyTexts(a)).toEqual([P1, P2]);
  });

  it('drops a truncated teaser, keeps an untruncated one and keeps mid-line ellipses', () => {
    const teaser = `${P1.slice(0, 70)}...`;
    const a = parseArticle('x.txt', ['عنوان الخبر هنا', teaser, P1, 'وقال... إن الأمر لم يحسم بعد.'].join('\n'));
    expect(bodyTexts(a)).toEqual([P1, 'وقال... إن الأمر لم يحسم بعد.']);
  });

  it('handles CRLF, a BOM and stray whitespace without changing offsets', () => {
    const text = `\uFEFFعنوان الخبر هنا\r\n\r\n   ${P1}\u00a0\r\n${P2}\r\n`;
    const a = parseArticle('x.txt', text);
    expect(a.text).toBe(text);
    expect(a.title).toBe('عنوان الخبر هنا');
    expect(bodyTexts(a)).toEqual([P1, P2]);
  });

  it('joins the lines of a hard-wrapped file into paragraphs', () => {
    const wrap = (s: string) => s.replace(/(.{40,55}?)\s/g, '$1\n').trim();
    const paras = [P1 + ' ' + P2, P2 + ' ' + P1, P1 + ' ' + P3];
    const text = `# الصحة تفتتح مستشفيات جديدة\n\n${paras.map(wrap).join('\n\n')}\n`;
    expect(text.split('\n').length).toBeGreaterThan(12);
    const a = parseArticle('notes.md', text);
    expect(a.title).toBe('الصحة تفتتح مستشفيات جديدة');
    expect(bodyTexts(a).map((p) => p.replace(/\n/g, ' '))).toEqual(paras);
  });

  it('keeps a markdown heading apart from the wrapped paragraph right under it', () => {
    const wrap = (s: string) => s.replace(/(.{40,55}?)\s/g, '$1\n').trim();
    const paras = [P1 + ' ' + P2, P2 + ' ' + P3, P3 + ' ' + P1];
    const text = `## مستشفيات جديدة في الجنوب\n${paras.map(wrap).join('\n\n')}\n`;
    const a = parseArticle('notes.md', text);
    expect(a.title).toBe('مستشفيات جديدة في الجنوب');
    expect(bodyTexts(a).map((p) => p.replace(/\n/g, ' '))).toEqual(paras);
  });

  it('takes a short question on the first line as the headline', () => {
    const a = parseArticle('x.txt', ['هل تنجح أنقرة في إقناع موسكو؟', P1, P2].join('\n'));
    expect(a.title).toBe('هل تنجح أنقرة في إقناع موسكو؟');
    expect(bodyTexts(a)).toEqual([P1, P2]);
  });

  it('falls back to the file name when there is no body at all', () => {
    const a = parseArticle('sub/dir/تقرير خاص.txt', 'أقسام\nأخبار\nشارك');
    expect(a.body).toEqual([]);
    expect(a.title).toBe('تقرير خاص');
  });
});

describe('outlet', () => {
  const outletOf = (...lines: string[]) => parseArticle('x.txt', ['عنوان الخبر هنا', ...lines].join('\n')).outlet;

  it('reads a source line, which is not body', () => {
    const a = parseArticle('x.txt', ['عنوان الخبر هنا', P1, 'المصدر : وكالات'].join('\n'));
    expect(a.outlet).toBe('وكالات');
    expect(bodyTexts(a)).toEqual([P1]);
  });

  it('finds the paper a statement was given to, in its different spellings, and keeps that sentence', () => {
    const s1 = 'وقال مسؤول في الوزارة لـ "العربي الجديد" إن المفاوضات ستستأنف الأسبوع المقبل.';
    expect(outletOf(P1, s1)).toBe('العربي الجديد');
    expect(bodyTexts(parseArticle('x.txt', s1))).toEqual([s1]);
    expect(outletOf('وأكدت مصادر مطلعة ل«النهار» أن الاجتماع تأجل إلى موعد لاحق.')).toBe('النهار');
  });

  it('does not take organisations or cited agencies for the outlet', () => {
    expect(outletOf('وقال دوريان إن التحالف أطلق 4 ضربات في الأيام الأخيرة ضد أهداف لـ«داعش» في المدينة.')).toBeNull();
    expect(outletOf('ونقلت وكالة "الأناضول" التركية عنه القول إن الملف يسير بشكل طبيعي وفق الجدول.')).toBeNull();
    expect(outletOf('وذلك خلال كلمة في اجتماع اللجنة العسكرية لـ«الناتو» الخاص برؤساء الأركان العامة.')).toBeNull();
  });
});

describe('large input', () => {
  // Linear, not quadratic: a quadratic parse of this input runs for hours, so the test's time limit is the check.
  it('parses a 20 MB article in linear time', () => {
    const lines: string[] = ['عنوان الخبر هنا'];
    let size = 0;
    for (let i = 0; size < 11_000_000; i++) {
      // Many truncated lines sharing one prefix: a quadratic prefix search would not finish.
      const line = i % 5 === 0 ? `${P1.slice(0, 40)} ${i}...` : `${P1} ${i}`;
      lines.push(line);
      size += line.length;
    }
    const text = lines.join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(18_000_000);
    const a = parseArticle('big.txt', text);
    expect(a.title).toBe('عنوان الخبر هنا');
    expect(a.body.length).toBe(Math.floor((lines.length - 1) * 4 / 5));
  });

  it('stays linear on long runs of whitespace and punctuation', () => {
    for (const text of [
      `كلمة${' '.repeat(2_000_000)}كلمة`,
      `كلمة${' .'.repeat(1_000_000)}...`,
      `عنوان${' »'.repeat(1_000_000)} x`,
      `${P1}\n${'ب\t'.repeat(1_000_000)}`,
    ]) {
      parseArticle('x.txt', text);
    }
  });
});
