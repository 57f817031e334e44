import { describe, expect, it } from 'vitest';
import { sampleTexts } from '../helpers/fixtures.ts';
import { splitSentences } from '../../src/arabic/index.ts';

const article = (prefix: string): string => sampleTexts().find(([file]) => file.startsWith(prefix))![1];

const sentences = (text: string, maxChars?: number): string[] =>
  splitSentences(text, 0, text.length, maxChars === undefined ? {} : { maxChars }).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('keeps the first sentence of article 000 whole (parenthesis, comma, date inside)', () => {
    const text = article('000');
    const firstLine = text.slice(0, text.indexOf('\n'));
    expect(firstLine).toContain('24 أغسطس (آب) الماضي،');
    expect(sentences(text)[0]).toBe(firstLine);
  });

  it('keeps a quotation with an ellipsis together and its closing guillemet with it (article 003)', () => {
    const text = article('003');
    const all = sentences(text);
    const quoted = all.find((s) => s.includes('النار… اتصالاتنا'))!;
    expect(quoted.startsWith('كان وزير الدفاع التركي، خلوصي أكار،')).toBe(true);
    expect(quoted.endsWith('مع الروس تتواصل».')).toBe(true);
    expect(all[all.indexOf(quoted) + 1]!.startsWith('وفي السياق ذاته')).toBe(true);
  });

  it('splits after . ؟ ? ! ؛ ; and at line breaks', () => {
    expect(sentences('هل ستأتي؟ نعم! سأحضر. ربما؛ لا أعرف; حقا?\nسطر آخر')).toEqual([
      'هل ستأتي؟',
      'نعم!',
      'سأحضر.',
      'ربما؛',
      'لا أعرف;',
      'حقا?',
      'سطر آخر',
    ]);
    expect(sentences('هل ستأتي؟! نعم')).toEqual(['هل ستأتي؟!', 'نعم']);
  });

  it('keeps closing quotes and brackets with the sentence they end', () => {
    expect(sentences('قال: «لا أعرف.» ثم غادر.')).toEqual(['قال: «لا أعرف.»', 'ثم غادر.']);
    expect(sentences('Dónde están los ladrones? (أين هم اللصوص؟). كلف هذا الألبوم')).toEqual([
      'Dónde están los ladrones?',
      '(أين هم اللصوص؟).',
      'كلف هذا الألبوم',
    ]);
  });

  it('does not split when a comma follows the quoted question (ARCD)', () => {
    const text = 'قصيدة "متى يعلنون وفاة العرب؟"، وقد وافته المنية في 30 أغسطس.';
    expect(sentences(text)).toEqual([text]);
  });

  it('does not split numbers: decimals, dotted dates, thousands', () => {
    const text = 'تبلغ 7.8 % من المساحة أي 1.002.000 كيلومتر مربع في 24.08.2016 تقريبا.';
    expect(sentences(text)).toEqual([text]);
  });

  it('does not split after initials and abbreviations', () => {
    expect(sentences('قال د. محمد إن الاجتماع انتهى. ثم غادر.')).toEqual(['قال د. محمد إن الاجتماع انتهى.', 'ثم غادر.']);
    expect(sentences('اغتيل جون ف. كينيدي في دالاس.')).toHaveLength(1);
    expect(sentences('U.S. officials met Dr. Smith. ثم غادروا.')).toEqual(['U.S. officials met Dr. Smith.', 'ثم غادروا.']);
  });

  it('does not split inside Latin letters spelled in Arabic, glued or spaced (إم.اتش 17, بي. بي. سي)', () => {
    const flight = 'سقطت الطائرة خلال الرحلة رقم (إم.اتش 17) فوق شرق أوكرانيا. وقتل جميع من كانوا على متنها.';
    expect(sentences(flight)).toEqual(['سقطت الطائرة خلال الرحلة رقم (إم.اتش 17) فوق شرق أوكرانيا.', 'وقتل جميع من كانوا على متنها.']);
    expect(sentences('ونقلت شبكة سي.إن.إن عن مسؤول قوله إن المحادثات مستمرة.')).toHaveLength(1);
    expect(sentences('وقالت هيئة بي. بي. سي. إن المحادثات مستمرة.')).toHaveLength(1);
    // A spelled letter next to an ordinary word is still a missing space or a sentence end.
    expect(sentences('بثته قناة سي إن إن. وقال المتحدث إن الاجتماع انتهى.')).toHaveLength(2);
    expect(sentences('كان يعمل في الوزارة.إن الاجتماع انتهى.')).toHaveLength(2);
  });

  it('keeps a quotation that spans sentences whole, so no sentence starts or ends with a stray mark', () => {
    const text = 'وقال المتحدث “لا نريد التصعيد. والمحادثات بيننا مستمرة في هذا الصدد”. ثم غادر القاعة.';
    expect(sentences(text)).toEqual(['وقال المتحدث “لا نريد التصعيد. والمحادثات بيننا مستمرة في هذا الصدد”.', 'ثم غادر القاعة.']);
    expect(sentences('قال «انتهى الاجتماع. سنعود غدا» ثم غادر.')).toHaveLength(1);
    // A quotation left open (or closed only far away) does not swallow the sentences after it.
    expect(sentences('قال “لا نريد التصعيد. ثم غادر القاعة.\nسطر آخر”.')).toHaveLength(3);
  });

  it('still splits after a Latin letter followed by Arabic (ARCD: كروموسوم Y.)', () => {
    expect(sentences('بواسطة جين واحد في كروموسوم Y. البظر هو بنية معقدة.')).toEqual([
      'بواسطة جين واحد في كروموسوم Y.',
      'البظر هو بنية معقدة.',
    ]);
  });

  it('splits after an era mark that follows a number (ARCD)', () => {
    expect(sentences('سلجوق بن دقاق سنة 960م. دخلوا بعدها في خدمة القراخانات.')).toEqual([
      'سلجوق بن دقاق سنة 960م.',
      'دخلوا بعدها في خدمة القراخانات.',
    ]);
    expect(sentences('وحد البلاد في عام 221 ق.م. انتهت آخر السلالات.')).toEqual(['وحد البلاد في عام 221 ق.م.', 'انتهت آخر السلالات.']);
    expect(sentences('ولد سنة 571 ميلادياً و52 ق هـ. ولد يتيم الأب.')).toHaveLength(2);
  });

  it('does not split at an ellipsis followed by more of the sentence', () => {
    const text = 'يرون أن ثقلهما متقارب ومتوازن... وتصل الأقليات الدينية إلى 5%.';
    expect(sentences(text)).toEqual([text]);
    expect(sentences('لقد فقدت أبي…وصديقي. ثم')).toEqual(['لقد فقدت أبي…وصديقي.', 'ثم']);
  });

  it('splits a full stop glued between two Arabic words (missing space), not other glued dots', () => {
    expect(sentences('كان يعمل في وزارة الدفاع الروسية.جمال أحمد حمزة')).toEqual(['كان يعمل في وزارة الدفاع الروسية.', 'جمال أحمد حمزة']);
    expect(sentences('زر الموقع example.com اليوم.')).toHaveLength(1);
  });

  it('does not split at a terminator inside an aside in brackets', () => {
    expect(sentences('اليابان (本 أي المنبع أو الأصل.) بلد في شرق آسيا.')).toHaveLength(1);
    expect(sentences('سليمان (بالتركية العثمانية: سلطان سليمان اول؛ بالتركية: Kanunî) هو السلطان.')).toHaveLength(1);
  });

  it('keeps numbered list items whole', () => {
    expect(sentences('1. البند الأول\n2. البند الثاني')).toEqual(['1. البند الأول', '2. البند الثاني']);
  });

  it('trims, drops blank fragments and attaches punctuation-only ones', () => {
    const text = '  أولا  \n\n \u200F \n  ثانيا. ».  ';
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['أولا', 'ثانيا. ».']);
  });

  it('works on a sub-range and returns original offsets', () => {
    const text = 'مقدمة. الجملة الأولى. الجملة الثانية. خاتمة.';
    const from = text.indexOf('الجملة الأولى');
    const to = text.indexOf(' خاتمة');
    const spans = splitSentences(text, from, to);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['الجملة الأولى.', 'الجملة الثانية.']);
    expect(spans[0]!.start).toBe(from);
  });

  it('splits a sentence longer than maxChars at the clause comma nearest its middle', () => {
    const clause = (k: number): string => `الجملة الفرعية رقم ${k} طويلة`;
    const text = `${clause(1)}، ${clause(2)}، ${clause(3)}، ${clause(4)}.`;
    expect(sentences(text)).toEqual([text]);
    expect(sentences(text, 70)).toEqual([`${clause(1)}، ${clause(2)}،`, `${clause(3)}، ${clause(4)}.`]);
    const numbers = `الأعداد 1,000 و2,000 و3,000 و4,000 و5,000 و6,000 و7,000 و8,000`;
    for (const piece of sentences(numbers, 30)) expect(piece).not.toMatch(/^\d{3}|,$/);
  });

  describe.each(sampleTexts())('on %s', (_name, text) => {
    const spans = splitSentences(text);

    it('spans are ordered, non-overlapping, trimmed, non-empty and at most 600 chars', () => {
      let previousEnd = 0;
      for (const span of spans) {
        expect(span.start).toBeGreaterThanOrEqual(previousEnd);
        expect(span.end).toBeGreaterThan(span.start);
        const s = text.slice(span.start, span.end);
        expect(s.trim()).toBe(s);
        expect(s.length).toBeLessThanOrEqual(600);
        previousEnd = span.end;
      }
    });

    it('every letter and digit of the text is inside a sentence', () => {
      let k = 0;
      for (let i = 0; i < text.length; i++) {
        if (!/[\p{L}\p{Nd}]/u.test(text[i]!)) continue;
        while (k < spans.length && spans[k]!.end <= i) k++;
        expect(k < spans.length && spans[k]!.start <= i, `char ${i}`).toBe(true);
      }
    });

    it('no sentence contains a line break', () => {
      for (const span of spans) expect(text.slice(span.start, span.end)).not.toMatch(/[\n\r]/);
    });
  });
});
