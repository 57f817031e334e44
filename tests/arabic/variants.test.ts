import { describe, expect, it } from 'vitest';
import { termVariants } from '../../src/arabic/index.ts';

const known = (...terms: string[]) => {
  const set = new Set(terms);
  return (t: string) => set.has(t);
};

describe('termVariants', () => {
  it('strips a one-letter proclitic Light10 leaves on (لتركيا, بتصريحات)', () => {
    expect(termVariants('لتركيا', known('تركيا'))).toEqual(['تركيا']);
    expect(termVariants('بتصريح', known('تصريح'))).toEqual(['تصريح']);
  });

  it('adds a proclitic when the corpus only has the attached form', () => {
    expect(termVariants('تركيا', known('لتركيا'))).toEqual(['لتركيا']);
  });

  it('drops the accusative alef of an indefinite noun (طفلاً → طفل)', () => {
    expect(termVariants('طفلا', known('طفل'))).toEqual(['طفل']);
  });

  it("swaps or drops a verb's person prefix (يقع / تقع, يتزوج / تزوج)", () => {
    expect(termVariants('يقع', known('تقع'))).toEqual(['تقع']);
    expect(termVariants('يتزوج', known('تزوج'))).toEqual(['تزوج']);
  });

  it('returns only forms the vocabulary knows, never the term itself', () => {
    expect(termVariants('لتركيا', known())).toEqual([]);
    expect(termVariants('تركيا', known('تركيا'))).toEqual([]);
  });

  it('leaves short words, digits and Latin alone', () => {
    expect(termVariants('حل', known('ل', 'حل'))).toEqual([]);
    expect(termVariants('400', known('ب400'))).toEqual([]);
    expect(termVariants('nato', known('bnato'))).toEqual([]);
  });
});
