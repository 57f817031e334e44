import { describe, expect, it } from 'vitest';
import { STOP_WORDS, isStopWord, normalizeArabic } from '../../src/arabic/index.ts';

const stop = (word: string): boolean => isStopWord(normalizeArabic(word));

describe('stop words', () => {
  it('holds normalised spellings only, and a few hundred of them', () => {
    for (const word of STOP_WORDS) expect(normalizeArabic(word)).toBe(word);
    expect(STOP_WORDS.size).toBeGreaterThanOrEqual(200);
    expect(STOP_WORDS.size).toBeLessThanOrEqual(400);
  });

  it('removes question words and question filler, in the spellings people type', () => {
    const words =
      'من ما ماذا متى متي أين اين كم كيف لماذا هل أي اي أية ايه هو هي هى هم ذلك هذا هذه التي التى الذي وما ومن ماهو ماهي بماذا لمن ممن'.split(
        ' ',
      );
    for (const word of words) expect(stop(word), word).toBe(true);
  });

  it('removes particles, prepositions, pronouns, auxiliaries and their prefixed forms', () => {
    const words =
      'في فى إلى على عن مع حتى منذ و ب ل كان يكون قد لقد وفي وقد والتي وهو فقد ولم لم لن لا إن أن أنه الذين هؤلاء عليه منها تم'.split(' ');
    for (const word of words) expect(stop(word), word).toBe(true);
  });

  it('keeps content words that carry meaning in questions', () => {
    const words = 'اسم عدد عام سنة مدينة دولة أول كلمة الباب داعش تركيا قال أم كلثوم عاصمة'.split(' ');
    for (const word of words) expect(stop(word), word).toBe(false);
  });

  it('never treats numbers as stop words', () => {
    for (const word of ['1', '2017', '1,000', '3.5', '400']) expect(isStopWord(word)).toBe(false);
  });
});
