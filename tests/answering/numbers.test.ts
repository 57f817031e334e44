import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/arabic/index.ts';
import { isNumberOrDate } from '../../src/answering/numbers.ts';

const numberWords = (text: string) =>
  analyze(text)
    .filter((t) => isNumberOrDate(t, text))
    .map((t) => text.slice(t.start, t.end));

describe('number and date words, matched on analysed forms', () => {
  it.each([
    ['يبلغ عدد سكانها نحو مليون نسمة', 'مليون'],
    ['نزح آلاف المدنيين', 'آلاف'],
    ['بني في القرن الثاني', 'القرن'],
    ['وصل في أيلول الماضي', 'أيلول'],
    ['عقد المؤتمر في تشرين الأول', 'تشرين'],
    ['يقيم فيها ٥٠٣ جنود', '٥٠٣'],
  ])('%s holds a number or date: %s', (text, word) => {
    expect(numberWords(text)).toContain(word);
  });

  it('does not take words whose stems collide with number words for numbers', () => {
    // كان "was" shares كانون's stem, ما shares مائة's, الفرنسي starts like ألف.
    expect(numberWords('كان الوزير الفرنسي هناك وما قاله صحيح')).toEqual([]);
  });
});
