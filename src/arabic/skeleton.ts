import { normalizeArabic } from './normalize.ts';

/** Letters without long vowels and hamza seats: أمريكي and أميركي, تركي and تركيا look alike to it. */
export function skeleton(term: string): string {
  return normalizeArabic(term).replace(/[اويىءأإآؤئة]/g, '');
}
