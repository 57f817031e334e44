import { describe, expect, it } from 'vitest';
import * as generated from '../../src/arabic/unicode-runs.ts';
import { CLASS, charClass } from '../../src/arabic/characters.ts';
import { UNICODE_PROPERTIES, unicodeRuns } from '../../scripts/build/unicode-runs.ts';

describe('unicode-runs.ts, the generated letter, mark and digit runs', () => {
  it.each(Object.entries(UNICODE_PROPERTIES))('%s matches this Node’s Unicode data (else: npm run unicode-runs)', (name, property) => {
    expect(generated[name as keyof typeof UNICODE_PROPERTIES]).toEqual(unicodeRuns(property));
  });

  it('gives the class table its letters, marks and digits', () => {
    expect(charClass('ب'.charCodeAt(0))).toBe(CLASS.LETTER);
    expect(charClass('ж'.charCodeAt(0))).toBe(CLASS.LETTER);
    expect(charClass(0x0301)).toBe(CLASS.MARK); // combining acute, kept by folding
    expect(charClass('٣'.charCodeAt(0))).toBe(CLASS.DIGIT);
    expect(charClass('۳'.charCodeAt(0))).toBe(CLASS.DIGIT);
    expect(charClass('!'.charCodeAt(0))).toBe(CLASS.SEPARATOR);
  });
});
